import KSICore
import Metrics

/// What the gateway read from a service for a query, kept while the service's data version stays the
/// same. A hit costs one `Get…DataVersion` call instead of reading every page of every list again, and
/// is never staler than the moment of the request: the version is read first, so a write acknowledged
/// before a view was asked for is always in it.
///
/// Concurrent misses for the same query and version share one fetch. Entries are evicted least recently
/// used first once the items held exceed `maxItems`.
actor ViewInputCache {
    struct Key: Hashable, Sendable {
        var source: ViewSource
        var query: ViewQuery
        /// What was read for the query when a source answers it in several forms (the report list, or
        /// its aggregate grouped one way: `NeedsGrouping.cacheVariant`); empty for the entity lists.
        var variant: String = ""
    }

    private struct Entry {
        var mark: DataVersion
        var value: any Sendable
        var items: Int
        var lastUse: UInt64
    }

    private struct Flight {
        var id: UInt64
        var mark: DataVersion
        var task: Task<any Sendable, any Error>
    }

    let maxItems: Int
    private var entries: [Key: Entry] = [:]
    private var flights: [Key: Flight] = [:]
    private var tick: UInt64 = 0
    private var itemsHeld = 0

    init(maxItems: Int) {
        self.maxItems = maxItems
    }

    /// What the cache held for a key at an earlier version of the same database, which a fetch may bring up to
    /// date instead of reading everything again (issue 17).
    struct Earlier<Value: Sendable>: Sendable {
        var value: Value
        var mark: DataVersion
    }

    /// The cached value of `key` at `mark`, or what `fetch` reads (then cached). `fetch` is given what the cache
    /// holds for `key` at an earlier version of the same epoch, if anything.
    func value<Value: ViewSourceItems>(
        _ key: Key,
        at mark: DataVersion,
        fetch: @escaping @Sendable (Earlier<Value>?) async throws -> Value
    ) async throws -> Value {
        tick += 1
        if var entry = entries[key], entry.mark == mark, let value = entry.value as? Value {
            entry.lastUse = tick
            entries[key] = entry
            Self.count(key.source, "hit")
            return value
        }
        if let flight = flights[key], flight.mark == mark, let value = try await flight.task.value as? Value {
            Self.count(key.source, "shared")
            return value
        }
        Self.count(key.source, "miss")
        let id = tick
        var earlier: Earlier<Value>?
        if let entry = entries[key], entry.mark.epoch == mark.epoch, entry.mark.version < mark.version,
            let value = entry.value as? Value
        {
            earlier = Earlier(value: value, mark: entry.mark)
        }
        let task = Task<any Sendable, any Error> { [earlier] in try await fetch(earlier) }
        flights[key] = Flight(id: id, mark: mark, task: task)
        defer { if flights[key]?.id == id { flights[key] = nil } }
        guard let value = try await task.value as? Value else {
            preconditionFailure("a flight returns its fetch's type")
        }
        store(value, key: key, mark: mark)
        return value
    }

    /// The data version the cache holds `key` at, if it holds it.
    func mark(of key: Key) -> DataVersion? { entries[key]?.mark }

    /// How many items the cache holds now (for tests and the admin metrics).
    var heldItems: Int { itemsHeld }

    private func store<Value: ViewSourceItems>(_ value: Value, key: Key, mark: DataVersion) {
        // A slower fetch of an older version must not replace a newer one stored meanwhile.
        if let existing = entries[key], existing.mark.epoch == mark.epoch, existing.mark.version > mark.version {
            return
        }
        guard value.itemCount <= maxItems else { return }
        if let replaced = entries.removeValue(forKey: key) { itemsHeld -= replaced.items }
        entries[key] = Entry(mark: mark, value: value, items: value.itemCount, lastUse: tick)
        itemsHeld += value.itemCount
        while itemsHeld > maxItems, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
            itemsHeld -= oldest.value.items
            Self.count(oldest.key.source, "eviction")
        }
        Gauge(label: "ksi_gateway_view_cache_items").record(itemsHeld)
    }

    private static func count(_ source: ViewSource, _ result: String) {
        Counter(
            label: "ksi_gateway_view_cache_lookups_total",
            dimensions: [("source", source.rawValue), ("result", result)]
        ).increment()
    }
}
