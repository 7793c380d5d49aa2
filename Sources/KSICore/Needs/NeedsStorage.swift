/// How the Needs context's entities are stored and indexed.
extension NeedsRound: StoredEntity {
    package static let entityKind = "NeedsRound"
    package var storageIndex: StorageIndex {
        StorageIndex(status: status.name, governorOfficeId: governorOfficeId, year: year, scheme: scheme.rawValue)
    }
}

extension NeedsAssessment: StoredEntity {
    package static let entityKind = "NeedsAssessment"
    package var storageIndex: StorageIndex { StorageIndex(ownerId: ownerId) }
}

extension NeedsReport: StoredEntity {
    package static let entityKind = "NeedsReport"
    package var storageIndex: StorageIndex {
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
    package static let entityKind = "DecisionBasis"
    package var storageIndex: StorageIndex { StorageIndex(parentId: roundId) }
}
