/// How the Partnerships context's entities are stored and indexed.
extension Partnership: StoredEntity {
    package static let entityKind = "Partnership"
    package var storageIndex: StorageIndex {
        StorageIndex(
            status: status.name,
            governorOfficeId: governorOfficeId,
            year: agreement?.validFrom?.year,
            scheme: scheme.rawValue,
            ownerId: ownerIds.first
        )
    }
}

extension Measure: StoredEntity {
    package static let entityKind = "Measure"
    package var storageIndex: StorageIndex {
        StorageIndex(
            status: status.name,
            governorOfficeId: governorOfficeId,
            year: startDate?.year,
            scheme: scheme.rawValue,
            parentId: partnershipId
        )
    }
}

extension ThirdPartyContribution: StoredEntity {
    package static let entityKind = "ThirdPartyContribution"
    package var storageIndex: StorageIndex {
        StorageIndex(status: status.name, ownerId: requestedByUhId, parentId: partnershipId)
    }
}

extension PartnershipReport: StoredEntity {
    package static let entityKind = "PartnershipReport"
    package var storageIndex: StorageIndex {
        StorageIndex(
            status: status.name,
            governorOfficeId: governorOfficeId,
            year: year,
            scheme: scheme.rawValue,
            parentId: partnershipId
        )
    }
}

extension ConflictCase: StoredEntity {
    package static let entityKind = "ConflictCase"
    package var storageIndex: StorageIndex { StorageIndex(status: status.name, parentId: partnershipId) }
}
