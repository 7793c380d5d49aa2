/// A list request of the contract: a page size and the token of the page to read ("" = the first).
/// The generated list requests conform (scripts/protogen/swiftgen.py).
public protocol PagedListRequest: Sendable {
    /// Items per page: 0 means 50, above 500 means 500, negative is INVALID_ARGUMENT (LIM-R7).
    var pageSize: Int32 { get set }
    /// The previous page's `nextPageToken`; empty for the first page. Only valid with the same filters (LIM-R7).
    var pageToken: String { get set }
}

/// A list request that can ask for given ids only (`ids`, at most 1 000 by LIM-R6): what a cache told by
/// `GetDataVersion` which entities changed reads again (issue 17). The generated list requests with an `ids` field
/// conform.
public protocol IdFilteredListRequest: PagedListRequest {
    /// Only the entities with these ids; empty = any.
    var ids: [String] { get set }
}

extension IdFilteredListRequest {
    /// The most ids one request may name (LIM-R6).
    public static var maximumIds: Int { RequestLimits.maxStandardCount }

    /// Every item of the list with one of `ids`, in requests of at most `maximumIds` ids, each read to its last
    /// page; none when `ids` is empty.
    public func allPages<Response: PagedListResponse>(
        ids: some Collection<String>,
        pageSize: Int32,
        _ list: (Self) async throws -> Response
    ) async throws -> [Response.Item] {
        let wanted = Array(ids)
        var items: [Response.Item] = []
        for start in stride(from: 0, to: wanted.count, by: Self.maximumIds) {
            var request = self
            request.ids = Array(wanted[start..<min(start + Self.maximumIds, wanted.count)])
            items += try await request.allPages(pageSize: pageSize, list)
        }
        return items
    }
}

/// A page of a list: its items and the token of the next page ("" = this was the last).
/// The generated list responses conform (scripts/protogen/swiftgen.py).
public protocol PagedListResponse: Sendable {
    /// The kind of record listed.
    associatedtype Item: Sendable
    /// The records of this page.
    var items: [Item] { get }
    /// Token for the next page, sent back as `pageToken` with the same filters; empty on the last page.
    var nextPageToken: String { get }
}

extension PagedListRequest {
    /// Every item of the list, reading page after page of `pageSize` with `list` (a list RPC or
    /// context method) until the last.
    public func allPages<Response: PagedListResponse>(
        pageSize: Int32,
        _ list: (Self) async throws -> Response
    ) async throws -> [Response.Item] {
        var request = self
        request.pageSize = pageSize
        request.pageToken = ""
        var items: [Response.Item] = []
        repeat {
            let page = try await list(request)
            items += page.items
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty
        return items
    }
}
