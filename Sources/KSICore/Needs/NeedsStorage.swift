/// How the Needs context's entities are stored and indexed.
extension NeedsRound: StoredEntity {
    public static let entityKind = "NeedsRound"
    public var storageIndex: StorageIndex {
        StorageIndex(status: status.name, governorOfficeId: governorOfficeId, year: year, scheme: scheme.rawValue)
    }
}

extension NeedsAssessment: StoredEntity {
    public static let entityKind = "NeedsAssessment"
    public var storageIndex: StorageIndex { StorageIndex(ownerId: ownerId) }
}

extension NeedsReport: StoredEntity {
    public static let entityKind = "NeedsReport"
    public var storageIndex: StorageIndex {
        StorageIndex(
            status: status.name,
            governorOfficeId: governorOfficeId,
            year: year,
            scheme: scheme.rawValue,
            ownerId: leadOwnerId,
            parentId: roundId
        )
    }
}

extension DecisionBasis: StoredEntity {
    public static let entityKind = "DecisionBasis"
    public var storageIndex: StorageIndex { StorageIndex(parentId: roundId) }
}
