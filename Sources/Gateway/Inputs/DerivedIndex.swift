import Synchronization

/// A value derived from one of the view data's lists (`AllocationData.linesById`, …), worked out once for the lists
/// a cached entry holds instead of on every view built from it (issue 17: a warm view copied and hashed every needs
/// report, line and measure again). Copies of the data share the box; setting the list it is derived from puts a
/// new, empty box in its place (`didSet`), so a value never outlives the list it was worked out from.
final class DerivedIndex<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    init() {}

    /// The value, worked out with `compute` the first time (concurrent first callers may both compute it; the
    /// first stored is kept).
    func get(_ compute: () -> Value) -> Value {
        if let known = value.withLock({ $0 }) { return known }
        let computed = compute()
        return value.withLock { stored in
            if let stored { return stored }
            stored = computed
            return computed
        }
    }
}

/// Values derived from one of the view data's lists under a key (the caller-visible subset of the lists, by what
/// it leaves out), worked out once per key for the lists a cached entry holds. Shared by copies and replaced when
/// the list is set, as `DerivedIndex`. Holds at most `capacity` keys (4: a subset is a copy of its lists, so the
/// memory it may hold beside the cached entry stays a small multiple of it); beyond that it starts afresh.
final class DerivedVariants<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let values = Mutex<[Key: Value]>([:])
    private let capacity: Int

    init(capacity: Int = 4) {
        self.capacity = capacity
    }

    /// The value for `key`, worked out with `compute` the first time.
    func get(_ key: Key, _ compute: () -> Value) -> Value {
        if let known = values.withLock({ $0[key] }) { return known }
        let computed = compute()
        return values.withLock { stored in
            if let known = stored[key] { return known }
            if stored.count >= capacity { stored.removeAll() }
            stored[key] = computed
            return computed
        }
    }
}
