/// Bounds how many upstream calls one view read has in flight: a national view asks AllocationService
/// for the policy of every embete × scheme × year (~330 calls), which must not all go at once
/// (docs/security.md, "Internal calls and caches").
public struct UpstreamFanOut: Sendable {
    /// Calls in flight per fan-out, by default.
    public static let defaultLimit = 16

    public let limit: Int

    public init(limit: Int = UpstreamFanOut.defaultLimit) {
        precondition(limit > 0, "a fan-out needs room for at least one call")
        self.limit = limit
    }

    /// `body` over every item, at most `limit` at a time; results in the items' order. The first error
    /// cancels the calls still running and is thrown.
    public func map<Item: Sendable, Result: Sendable>(
        _ items: [Item],
        _ body: @escaping @Sendable (Item) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: items.count)
            var next = 0
            while next < min(limit, items.count) {
                let index = next
                let item = items[index]
                group.addTask { (index, try await body(item)) }
                next += 1
            }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < items.count {
                    let index = next
                    let item = items[index]
                    group.addTask { (index, try await body(item)) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}
