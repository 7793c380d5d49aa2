/// How the Allocation context's money and decision entities are stored and indexed.
///
/// `ownerId` holds the recipient (or owner) organisation id, `parentId` the entity a row hangs under.
extension NationalBudget: StoredEntity {
    public static let entityKind = "NationalBudget"
    public var storageIndex: StorageIndex { StorageIndex(year: year, scheme: scheme.rawValue) }
}

extension RegionalFrame: StoredEntity {
    public static let entityKind = "RegionalFrame"
    public var storageIndex: StorageIndex {
        StorageIndex(status: status.name, governorOfficeId: governorOfficeId, year: year, scheme: scheme.rawValue)
    }
}

extension Recommendation: StoredEntity {
    public static let entityKind = "Recommendation"
    public var storageIndex: StorageIndex {
        StorageIndex(
            status: status.name,
            governorOfficeId: governorOfficeId,
            year: year,
            scheme: scheme.rawValue,
            parentId: roundId
        )
    }
}

extension GrantDecision: StoredEntity {
    public static let entityKind = "GrantDecision"
    public var storageIndex: StorageIndex {
        StorageIndex(
            status: status.name,
            governorOfficeId: governorOfficeId,
            year: year,
            scheme: scheme.rawValue,
            ownerId: recipientOrgId,
            parentId: recommendationId
        )
    }
}

extension Grant: StoredEntity {
    public static let entityKind = "Grant"
    public var storageIndex: StorageIndex {
        StorageIndex(
            status: status.name,
            governorOfficeId: governorOfficeId,
            year: year,
            scheme: scheme.rawValue,
            ownerId: recipientOrgId
        )
    }
}

extension MultiYearCommitment: StoredEntity {
    public static let entityKind = "MultiYearCommitment"
    public var storageIndex: StorageIndex { StorageIndex(status: status.name, year: year, parentId: grantId) }
}

extension CoFinancingPledge: StoredEntity {
    public static let entityKind = "CoFinancingPledge"
    public var storageIndex: StorageIndex { StorageIndex(ownerId: ownerId, parentId: grantId) }
}

extension Disbursement: StoredEntity {
    public static let entityKind = "Disbursement"
    public var storageIndex: StorageIndex { StorageIndex(ownerId: recipientOrgId, parentId: grantId) }
}

extension ReclaimCase: StoredEntity {
    public static let entityKind = "ReclaimCase"
    public var storageIndex: StorageIndex {
        StorageIndex(status: status.name, ownerId: recipientOrgId, parentId: grantId)
    }
}

extension Appeal: StoredEntity {
    public static let entityKind = "Appeal"
    public var storageIndex: StorageIndex {
        StorageIndex(status: status.name, governorOfficeId: governorOfficeId, ownerId: appellantOrgId)
    }
}
