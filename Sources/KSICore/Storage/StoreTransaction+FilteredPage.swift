extension StoreTransaction {
    /// One page of the entities that match `filter` in SQL and also pass `keep` (rules SQL cannot
    /// express: visibility, repeated-field filters). Reads the store in keyset pages after `token` and
    /// stops as soon as the page is full, so a page costs what it returns — paging through n entities
    /// reads each row about once instead of re-reading all n for every page.
    /// The next token is the last id returned when at least one more entity passes, else "".
    public func filteredPage<E: StoredEntity>(
        _ type: E.Type, filter: StorageFilter, size: Int32, token: String, keep: (E) async throws -> Bool
    ) async throws -> (items: [E], next: String) {
        let limit = size <= 0 ? 100 : min(Int(size), 1000)
        var items: [E] = []
        var cursor = token
        while true {
            let page = try await list(type, filter: filter, pageSize: limit, pageToken: cursor)
            for entity in page.items where try await keep(entity) {
                // One more match after a full page: there is a next page, starting after the last one returned.
                if items.count == limit { return (items, items[limit - 1].id) }
                items.append(entity)
            }
            if page.nextPageToken.isEmpty { return (items, "") }
            cursor = page.nextPageToken
        }
    }
}
