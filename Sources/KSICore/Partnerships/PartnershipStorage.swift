/// How the Partnerships context's entities are stored and indexed.
extension Partnership: StoredEntity {
    public static let entityKind = "Partnership"
    public var storageIndex: StorageIndex {
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
    public static let entityKind = "Measure"
    public var storageIndex: StorageIndex {
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
    public static let entityKind = "ThirdPartyContribution"
    public var storageIndex: StorageIndex {
        StorageIndex(status: status.name, ownerId: requestedByUhId, parentId: partnershipId)
    }
}

extension PartnershipReport: StoredEntity {
    public static let entityKind = "PartnershipReport"
    public var storageIndex: StorageIndex {
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
    public static let entityKind = "ConflictCase"
    public var storageIndex: StorageIndex { StorageIndex(status: status.name, parentId: partnershipId) }
}
