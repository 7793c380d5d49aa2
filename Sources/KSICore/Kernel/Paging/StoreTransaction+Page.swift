extension StoreTransaction {
    /// The most rows one keyset batch of `page` decodes, whatever the page size.
    static let maximumPageBatch = 1_000

    /// LIM-R7: one page of a list RPC — the entities that match `filter` in SQL and also pass `keep`
    /// (the rules SQL cannot express: visibility, repeated-field filters, filters through another
    /// entity), in id order. Filters and visibility apply before the page is cut, so a page is full
    /// whenever a next-page token is returned, and a walk returns every kept entity exactly once.
    ///
    /// Reads keyset batches after the token's key until the page is full or the table ends. The first
    /// batch is `size + 1` rows; when `keep` drops rows, later batches double up to `maximumPageBatch`,
    /// so sparse matches cost fewer round trips (docs/storage.md has the measurement) while memory per
    /// batch stays bounded.
    ///
    package func page<E: StoredEntity>(
        _ type: E.Type,
        filter: StorageFilter,
        _ page: PageRequest,
        keep: (E) async throws -> Bool = { _ in true }
    ) async throws -> (items: [E], next: String) {
        try await self.page(type, filter: filter, page, prepare: { _ in }, keep: keep)
    }

    /// `page`, where `prepare` sees each batch before `keep` sees its entities: where `keep` needs another entity
    /// (an item's partnership), `prepare` reads them for the whole batch in one statement instead of one per item.
    package func page<E: StoredEntity>(
        _ type: E.Type,
        filter: StorageFilter,
        _ page: PageRequest,
        prepare: ([E]) async throws -> Void,
        keep: (E) async throws -> Bool
    ) async throws -> (items: [E], next: String) {
        var items: [E] = []
        var cursor = page.after ?? ""
        var batchSize = page.size + 1
        while true {
            let batch = try await list(type, filter: filter, pageSize: batchSize, pageToken: cursor)
            try await prepare(batch.items)
            for entity in batch.items where try await keep(entity) {
                // One more kept entity after a full page: there is a next page, starting after the last one returned.
                if items.count == page.size { return (items, page.token(after: items[page.size - 1].id)) }
                items.append(entity)
            }
            if batch.nextPageToken.isEmpty { return (items, "") }
            cursor = batch.nextPageToken
            batchSize = min(batchSize * 2, Self.maximumPageBatch)
        }
    }
}
