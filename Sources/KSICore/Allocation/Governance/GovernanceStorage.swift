/// How the governance bodies (§4.3) are stored and indexed: committees and long-term plans hang under
/// their forum (`parentId`); every body carries its embete.
extension CollaborationForum: StoredEntity {
    public static let entityKind = "CollaborationForum"
    public var storageIndex: StorageIndex { StorageIndex(governorOfficeId: governorOfficeId) }
}

extension Committee: StoredEntity {
    public static let entityKind = "Committee"
    public var storageIndex: StorageIndex { StorageIndex(parentId: forumId) }
}

extension CompetenceNetwork: StoredEntity {
    public static let entityKind = "CompetenceNetwork"
    public var storageIndex: StorageIndex { StorageIndex(governorOfficeId: governorOfficeId) }
}

extension LongTermPlan: StoredEntity {
    public static let entityKind = "LongTermPlan"
    public var storageIndex: StorageIndex { StorageIndex(parentId: forumId) }
}
