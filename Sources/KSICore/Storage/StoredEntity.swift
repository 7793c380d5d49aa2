/// An entity kept in the `entities` table: its protobuf encoding plus a few indexed columns.
public protocol StoredEntity: WireMessage {
    /// The entity kind, unique across KSI (`NeedsReport`).
    static var entityKind: String { get }
    var id: String { get }
    var version: Int64 { get set }
    /// The columns queries filter on.
    var storageIndex: StorageIndex { get }
}

/// The indexed columns of a stored entity; nil leaves a column empty.
public struct StorageIndex: Sendable, Hashable {
    public var status: String?
    public var governorOfficeId: String?
    public var year: Int32?
    public var scheme: Int32?
    public var ownerId: String?
    public var parentId: String?

    public init(
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
public struct StorageFilter: Sendable, Hashable {
    public var status: String?
    public var statuses: [String]?
    public var governorOfficeId: String?
    public var year: Int32?
    public var scheme: Int32?
    public var ownerId: String?
    public var parentId: String?

    public init(
        status: String? = nil,
        statuses: [String]? = nil,
        governorOfficeId: String? = nil,
        year: Int32? = nil,
        scheme: Int32? = nil,
        ownerId: String? = nil,
        parentId: String? = nil
    ) {
        self.status = status
        self.statuses = statuses
        self.governorOfficeId = governorOfficeId
        self.year = year
        self.scheme = scheme
        self.ownerId = ownerId
        self.parentId = parentId
    }

    public static let all = StorageFilter()
}

/// One page of a listing, with the token for the next page (empty when there is none).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextPageToken: String

    public init(items: [Item], nextPageToken: String) {
        self.items = items
        self.nextPageToken = nextPageToken
    }
}
