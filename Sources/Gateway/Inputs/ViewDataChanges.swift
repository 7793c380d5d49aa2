import KSICore

/// What was written in one service's database after a data version the gateway's cache read at (issue 17):
/// `GetDataVersion`'s change feed by entity kind. The cache reads only these entities again and merges them into
/// what it holds, instead of reading every list in scope after each write.
public struct ViewDataChanges: Sendable {
    /// The changed entities' ids, by entity kind (`Measure.entityKind`). Includes the children of changed
    /// entities, whose membership of a list may come through their parent.
    private var idsByKind: [String: Set<String>] = [:]
    /// The parents of the changed entities, by the changed entity's kind: a partnership carries its conflict cases
    /// and contributions, so a changed conflict case means its partnership is read again.
    private var parentsByKind: [String: Set<String>] = [:]

    public init(_ changes: [EntityChange]) {
        for change in changes {
            idsByKind[change.kind, default: []].insert(change.id)
            if !change.parentId.isEmpty { parentsByKind[change.kind, default: []].insert(change.parentId) }
        }
    }

    /// The changed ids of `kind`.
    public func ids(of kind: String) -> Set<String> { idsByKind[kind] ?? [] }

    /// The parents of the changed entities of `kind`.
    public func parents(of kind: String) -> Set<String> { parentsByKind[kind] ?? [] }

    /// True when an entity of one of `kinds` changed.
    public func touches(_ kinds: String...) -> Bool { kinds.contains { idsByKind[$0] != nil } }
}

/// Where a service's data stands and what was written after an earlier version: one `GetDataVersion` answer.
public struct ViewDataVersionChanges: Sendable {
    /// The data version now (epoch and version only).
    public var mark: DataVersion
    /// The entities written after the version asked about, up to `mark`; nil when the cache must read everything
    /// again: the database is another one (epoch), or more changed than one answer carries.
    public var changes: ViewDataChanges?

    public init(mark: DataVersion, changes: ViewDataChanges?) {
        self.mark = mark
        self.changes = changes
    }
}

/// A view data source that can say what changed after a data version and bring what a cache holds up to date with
/// it (`CachingViewDataSource`); the services' source (`ServiceViewDataSource`) can.
public protocol ViewDataUpdates: Sendable {
    /// `source`'s data version now and the entities written in its database after `mark`, in one call: a cache that
    /// holds data read at `mark` learns both whether it is current and, when not, what to read again.
    func changes(_ source: ViewSource, after mark: DataVersion) async throws -> ViewDataVersionChanges
    /// `data` as read for `query`, with the entities in `changes` read again.
    func allocation(
        _ query: ViewQuery,
        updating data: AllocationData,
        with changes: ViewDataChanges
    ) async throws
        -> AllocationData
    /// `data` as read for `query`, with the entities in `changes` read again.
    func needs(_ query: ViewQuery, updating data: NeedsData, with changes: ViewDataChanges) async throws -> NeedsData
    /// `data` as read for `query`, with the entities in `changes` read again.
    func partnerships(
        _ query: ViewQuery,
        updating data: PartnershipsData,
        with changes: ViewDataChanges
    ) async throws
        -> PartnershipsData
}

/// Merging entities read again into a cached list.
enum ChangedItems {
    /// `items` with each entity whose id is in `changed` replaced by its fresh copy in `fresh`, or dropped when the
    /// list's filters no longer keep it (it is not in `fresh`); fresh entities not held before are appended. The
    /// others keep their place, so a list costs one pass and no sort.
    static func merge<Item>(_ items: [Item], changed: Set<String>, fresh: [Item], id: (Item) -> String) -> [Item] {
        guard !changed.isEmpty else { return items }
        var freshById = Dictionary(fresh.map { (id($0), $0) }, uniquingKeysWith: { _, last in last })
        var merged: [Item] = []
        merged.reserveCapacity(items.count + fresh.count)
        for item in items {
            let itemId = id(item)
            guard changed.contains(itemId) else {
                merged.append(item)
                continue
            }
            if let replacement = freshById.removeValue(forKey: itemId) { merged.append(replacement) }
        }
        // What is left was not held before (new, or newly within the filters), in the order the list gave it.
        for item in fresh where freshById.removeValue(forKey: id(item)) != nil { merged.append(item) }
        return merged
    }
}
