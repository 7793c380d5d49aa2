/// An aggregate request of the contract (`AggregateNeedsReports`, `AggregatePartnerships`,
/// `AggregateAllocation`): its filters and the token of the page of groups to read ("" = the first).
public protocol PagedAggregateRequest: WireMessage {
    /// The previous page's `nextPageToken`; empty for the first page. Only valid with the same filters.
    var pageToken: String { get set }
}

/// A page of an aggregate answer: some of its groups and the token of the next page ("" = this was the last).
public protocol PagedAggregateResponse: WireMessage {
    /// Token for the next page, sent back as `pageToken` with the same filters; empty on the last page.
    var nextPageToken: String { get set }
    /// Adds the groups of a later page to this one's.
    mutating func append(contentsOf page: Self)
}

extension PagedAggregateRequest {
    /// The whole answer: every page read with `aggregate` (an aggregate RPC or context method) and joined.
    public func allGroups<Response: PagedAggregateResponse>(
        _ aggregate: (Self) async throws -> Response
    ) async throws -> Response {
        var request = self
        request.pageToken = ""
        var answer = Response()
        repeat {
            let page = try await aggregate(request)
            answer.append(contentsOf: page)
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty
        answer.nextPageToken = ""
        return answer
    }
}

/// Issue 17: which groups of an aggregate answer one page holds, so that no answer passes the message
/// limit (`WireLimits`) however many groups the data makes (one per recommendation line, per set of
/// participating units, per set of readers of an unpublished report).
///
/// The service computes every group, as for one answer, then keeps a page of them. A first page that holds
/// a whole part takes it as it is; otherwise each part of the
/// answer (a repeated field, numbered in answer order) sorted by the SHA-256 of the group's keys — its wire
/// bytes without the sums (`count`, `…_ore`) — and, after the previous page's last key, whole groups up
/// to `budgetBytes`. The token carries that last key (bound to the request's filters, LIM-R7), so:
/// - a page after a write still never repeats a group of an earlier page, even when its sums changed;
/// - a group that appears or disappears between pages is counted at most once;
/// - a page holds at least one group, so paging always ends.
package struct AggregatePage: Sendable {
    /// A page's groups, encoded: 3 MiB, so the answer with its envelope stays under the 4 MiB limit.
    package static let defaultBudgetBytes = 3 * 1024 * 1024
    /// The budget of the pages computed in this task; tests lower it to page a small data set.
    @TaskLocal package static var budgetBytes = defaultBudgetBytes

    private let request: PageRequest
    private let budget: Int
    private var usedBytes = 0
    private var lastKey: String?
    private var isFull = false

    /// The page `request` asks for. Throws INVALID_ARGUMENT (`page_token`, LIM-R7) for a garbled token
    /// or one issued for other filters.
    package init<Request: PagedAggregateRequest>(_ request: Request) throws {
        var filters = request
        filters.pageToken = ""
        self.request = try PageRequest(pageSize: 0, pageToken: request.pageToken, filters: try filters.wireEncoded())
        budget = max(1, Self.budgetBytes)
    }

    /// The groups of answer part number `part` (0, 1, … in the answer's field order) that this page holds.
    package mutating func take<Group: WireMessage>(_ groups: [Group], part: Int) throws -> [Group] {
        guard !isFull else { return [] }
        let encoded = try groups.map { try $0.wireEncoded() }
        // A repeated field's element costs its tag and length prefix besides its bytes.
        let costs = encoded.map { $0.count + 6 }
        let total = costs.reduce(0, +)
        // The common case, a first page the whole part fits in: no order is needed, so no key is worked out.
        if request.after == nil && usedBytes + total <= budget {
            usedBytes += total
            return groups
        }
        let prefix = String(part, radix: 36) + ":"
        let sums = Self.sumFields(of: Group.self)
        let keyed = try groups.indices.map { index in
            (
                key: prefix + (try Self.keyDigest(encoded[index], without: sums)), cost: costs[index],
                group: groups[index]
            )
        }
        var page: [Group] = []
        for entry in keyed.sorted(by: { $0.key < $1.key }) where request.after.map({ entry.key > $0 }) ?? true {
            if usedBytes > 0 && usedBytes + entry.cost > budget {
                isFull = true
                // Cut before this part's first group: the next page starts at this part (every earlier part's
                // keys sort below its prefix).
                if page.isEmpty { lastKey = max(prefix, request.after ?? prefix) }
                break
            }
            usedBytes += entry.cost
            lastKey = entry.key
            page.append(entry.group)
        }
        return page
    }

    /// The token of the next page; empty when this page holds the last group.
    package var nextPageToken: String {
        guard isFull, let lastKey else { return "" }
        return request.token(after: lastKey)
    }

    /// The numbers of a group's sums: `count` and the amounts (`…_ore`).
    static func sumFields<Group: WireMessage>(of type: Group.Type) -> Set<UInt32> {
        let descriptor = Group.wireDescriptor
        return Set(
            (0..<descriptor.fieldCount).filter {
                let name = descriptor.fieldName(at: $0)
                return name == "count" || name.hasSuffix("_ore")
            }.map { descriptor.fieldNumber(at: $0) }
        )
    }

    /// SHA-256 of a group's wire bytes without its sums: its identity across pages, whatever its sums.
    static func keyDigest(_ bytes: [UInt8], without sums: Set<UInt32>) throws -> String {
        var keys: [UInt8] = []
        keys.reserveCapacity(bytes.count)
        try TopLevelWireFields.forEach(in: bytes) { number, field in
            if !sums.contains(number) { keys.append(contentsOf: field.raw) }
        }
        return RequestFingerprint.sha256Hex(keys)
    }
}
