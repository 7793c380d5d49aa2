/// How the Allocation context's money and decision entities are stored and indexed.
///
/// `ownerId` holds the recipient (or owner) organisation id, `parentId` the entity a row hangs under.
extension NationalBudget: StoredEntity {
    package static let entityKind = "NationalBudget"
    package var storageIndex: StorageIndex { StorageIndex(year: year, scheme: scheme.rawValue) }
}

extension RegionalFrame: StoredEntity {
    package static let entityKind = "RegionalFrame"
    package var storageIndex: StorageIndex {
        StorageIndex(status: status.name, governorOfficeId: governorOfficeId, year: year, scheme: scheme.rawValue)
    }
}

extension Recommendation: StoredEntity {
    package static let entityKind = "Recommendation"
    package var storageIndex: StorageIndex {
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
    package static let entityKind = "GrantDecision"
    package var storageIndex: StorageIndex {
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
    package static let entityKind = "Grant"
    package var storageIndex: StorageIndex {
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
    package static let entityKind = "MultiYearCommitment"
    package var storageIndex: StorageIndex { StorageIndex(status: status.name, year: year, parentId: grantId) }
}

extension CoFinancingPledge: StoredEntity {
    package static let entityKind = "CoFinancingPledge"
    package var storageIndex: StorageIndex { StorageIndex(ownerId: ownerId, parentId: grantId) }
}

extension Disbursement: StoredEntity {
    package static let entityKind = "Disbursement"
    package var storageIndex: StorageIndex { StorageIndex(ownerId: recipientOrgId, parentId: grantId) }
}

extension ReclaimCase: StoredEntity {
    package static let entityKind = "ReclaimCase"
    package var storageIndex: StorageIndex {
        StorageIndex(status: status.name, ownerId: recipientOrgId, parentId: grantId)
    }
}

extension Appeal: StoredEntity {
    package static let entityKind = "Appeal"
    package var storageIndex: StorageIndex {
        StorageIndex(status: status.name, governorOfficeId: governorOfficeId, ownerId: appellantOrgId)
    }
}
