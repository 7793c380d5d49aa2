/// An entity kept in the `entities` table: its protobuf encoding plus a few indexed columns.
package protocol StoredEntity: WireMessage {
    /// The entity kind, unique across KSI (`NeedsReport`).
    static var entityKind: String { get }
    var id: String { get }
    var version: Int64 { get set }
    /// The columns queries filter on.
    var storageIndex: StorageIndex { get }
}

/// The indexed columns of a stored entity; nil leaves a column empty.
package struct StorageIndex: Sendable, Hashable {
    package var status: String?
    package var governorOfficeId: String?
    package var year: Int32?
    package var scheme: Int32?
    package var ownerId: String?
    package var parentId: String?

    package init(
        status: String? = nil,
        governorOfficeId: String? = nil,
        year: Int32? = nil,
        scheme: Int32? = nil,
        ownerId: String? = nil,
        parentId: String? = nil
    ) {
        self.status = status
        self.governorOfficeId = governorOfficeId
        self.year = year
        self.scheme = scheme
        self.ownerId = ownerId
        self.parentId = parentId
    }
}

/// A filter over the indexed columns; nil matches anything.
package struct StorageFilter: Sendable, Hashable {
    package var status: String?
    package var statuses: [String]?
    package var governorOfficeId: String?
    package var year: Int32?
    package var scheme: Int32?
    package var ownerId: String?
    package var parentId: String?
    /// Only entities whose parent is one of these (a page's children read in one statement).
    package var parentIds: [String]?
    /// Only entities whose parent (`parent_id`) is an entity this filter matches: what a list whose items carry
    /// no embete, year or scheme of their own filters by through their parent (a disbursement by its grant's),
    /// in the same statement instead of one read per parent.
    package var parent: ParentFilter?
    /// Only entities with one of these ids (a cache reading again what `GetDataVersion` said changed).
    package var ids: [String]?

    /// True when a list of allowed values is empty: no entity can match.
    var allowsNothing: Bool {
        statuses?.isEmpty == true || parentIds?.isEmpty == true || ids?.isEmpty == true
    }

    /// A filter on the parent entity: its kind and the scope columns it must match.
    package struct ParentFilter: Sendable, Hashable {
        package var kind: String
        package var governorOfficeId: String?
        package var year: Int32?
        package var scheme: Int32?

        package init(kind: String, governorOfficeId: String? = nil, year: Int32? = nil, scheme: Int32? = nil) {
            self.kind = kind
            self.governorOfficeId = governorOfficeId
            self.year = year
            self.scheme = scheme
        }

        /// True when it keeps every parent of its kind (nothing to filter by).
        var isEmpty: Bool { governorOfficeId == nil && year == nil && scheme == nil }
    }

    package init(
        status: String? = nil,
        statuses: [String]? = nil,
        governorOfficeId: String? = nil,
        year: Int32? = nil,
        scheme: Int32? = nil,
        ownerId: String? = nil,
        parentId: String? = nil,
        parentIds: [String]? = nil,
        parent: ParentFilter? = nil,
        ids: [String]? = nil
    ) {
        self.status = status
        self.statuses = statuses
        self.governorOfficeId = governorOfficeId
        self.year = year
        self.scheme = scheme
        self.ownerId = ownerId
        self.parentId = parentId
        self.parentIds = parentIds
        self.parent = parent
        self.ids = ids
    }

    package static let all = StorageFilter()
}

/// One page of a listing, with the token for the next page (empty when there is none).
package struct Page<Item: Sendable>: Sendable {
    package var items: [Item]
    package var nextPageToken: String

    package init(items: [Item], nextPageToken: String) {
        self.items = items
        self.nextPageToken = nextPageToken
    }
}
