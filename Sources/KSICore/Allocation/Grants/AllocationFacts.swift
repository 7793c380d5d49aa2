import Foundation

/// Issue 17: the fact row of a grant decision (`grant_decision_facts`), what `AggregateAllocation` sums
/// decided amounts by: scope (embete, scheme, year), status, the approved amount, the recipient and the line.
extension GrantDecision: FactRowsEntity {
    package static let factTable = FactTable(
        name: "grant_decision_facts",
        columns: [
            ("governor_office_id", .text),
            ("scheme", .integer),
            ("year", .integer),
            ("status", .integer),
            ("approved_amount_ore", .integer),
            ("recipient_org_id", .text),
            ("line_id", .text),
        ],
        indexes: [["year", "governor_office_id", "scheme"]]
    )

    package var factRow: [FactValue] {
        [
            .text(governorOfficeId),
            .integer(Int64(scheme.rawValue)),
            .integer(Int64(year)),
            .integer(Int64(status.rawValue)),
            .integer(approvedAmountOre),
            .text(recipientOrgId),
            .text(lineId),
        ]
    }
}

/// Issue 17: the fact row of a grant (`grant_facts`): what a multi-year commitment is scoped and split by
/// through its grant — embete, scheme, year, recipient and its type, and the lines it funds.
extension Grant: FactRowsEntity {
    package static let factTable = FactTable(
        name: "grant_facts",
        columns: [
            ("governor_office_id", .text),
            ("scheme", .integer),
            ("year", .integer),
            ("recipient_org_id", .text),
            ("recipient_type", .integer),
            ("line_ids", .text),
        ],
        indexes: [["governor_office_id", "scheme"]]
    )

    package var factRow: [FactValue] {
        [
            .text(governorOfficeId),
            .integer(Int64(scheme.rawValue)),
            .integer(Int64(year)),
            .text(recipientOrgId),
            .integer(Int64(recipientType.rawValue)),
            .text(FactKeys.ids(lineIds)),
        ]
    }
}

/// Issue 17: the fact row of a multi-year commitment (`multi_year_commitment_facts`): its grant (joined to
/// `grant_facts` for scope), the year it binds, status, indicative and confirmed amounts, and its line.
extension MultiYearCommitment: FactRowsEntity {
    package static let factTable = FactTable(
        name: "multi_year_commitment_facts",
        columns: [
            ("grant_id", .text),
            ("year", .integer),
            ("status", .integer),
            ("amount_ore", .integer),
            ("confirmed_amount_ore", .integer),
            ("line_id", .text),
        ],
        indexes: [["year", "status"], ["grant_id"]]
    )

    package var factRow: [FactValue] {
        [
            .text(grantId),
            .integer(Int64(year)),
            .integer(Int64(status.rawValue)),
            .integer(amountOre),
            .integer(confirmedAmountOre),
            .text(recommendationLineId),
        ]
    }
}

/// Issue 17: the fact row of a disbursement (`disbursement_facts`): its grant (joined to `grant_facts` for
/// scope and split) and amount.
extension Disbursement: FactRowsEntity {
    package static let factTable = FactTable(
        name: "disbursement_facts",
        columns: [("grant_id", .text), ("amount_ore", .integer)],
        indexes: [["grant_id"]]
    )

    package var factRow: [FactValue] { [.text(grantId), .integer(amountOre)] }
}

/// Issue 17: the fact row of a reclaim case (`reclaim_case_facts`): its grant, status and amount.
extension ReclaimCase: FactRowsEntity {
    package static let factTable = FactTable(
        name: "reclaim_case_facts",
        columns: [("grant_id", .text), ("status", .integer), ("amount_ore", .integer)],
        indexes: [["grant_id"]]
    )

    package var factRow: [FactValue] { [.text(grantId), .integer(Int64(status.rawValue)), .integer(amountOre)] }
}
