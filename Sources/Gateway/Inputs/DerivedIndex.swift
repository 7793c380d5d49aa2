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
