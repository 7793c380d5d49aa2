/// How the governance bodies (§4.3) are stored and indexed: committees and long-term plans hang under
/// their forum (`parentId`); every body carries its embete.
extension CollaborationForum: StoredEntity {
    package static let entityKind = "CollaborationForum"
    package var storageIndex: StorageIndex { StorageIndex(governorOfficeId: governorOfficeId) }
}

extension Committee: StoredEntity {
    package static let entityKind = "Committee"
    package var storageIndex: StorageIndex { StorageIndex(parentId: forumId) }
}

extension CompetenceNetwork: StoredEntity {
    package static let entityKind = "CompetenceNetwork"
    package var storageIndex: StorageIndex { StorageIndex(governorOfficeId: governorOfficeId) }
}

extension LongTermPlan: StoredEntity {
    package static let entityKind = "LongTermPlan"
    package var storageIndex: StorageIndex { StorageIndex(parentId: forumId) }
}
