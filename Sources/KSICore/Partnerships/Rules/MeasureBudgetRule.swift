/// PART-R7: for each payer, the budget lines of a grant line's measures sum to no more than that
/// payer's share of the grant line; the owner's co-financing is added to the owner's share.
///
/// PD: a budget is checked against a committed grant line (from GrantCommitted), so a measure without
/// one has no budget lines yet.
public enum MeasureBudgetRule: DomainRule {
    public static let id: RuleID = "PART-R7"
    public static let severity: RuleSeverity = .hard

    /// The share of `grantLineId` in a partnership (by recommendation line id, or grant id).
    public static func share(of grantLineId: String, in partnership: Partnership) -> GrantLineShare? {
        guard !grantLineId.isEmpty else { return nil }
        return partnership.grantLineShares.first { $0.recommendationLineId == grantLineId }
            ?? partnership.grantLineShares.first { $0.recommendationLineId.isEmpty && $0.grantId == grantLineId }
    }

    /// `lines` are this measure's lines; `otherLines` those of the grant line's other live measures.
    public static func check(
        lines: [BudgetLine],
        otherLines: [BudgetLine],
        grantLineId: String,
        partnership: Partnership,
        field: String = "content.budget_lines"
    ) -> Findings {
        var findings = Findings()
        for (index, line) in lines.enumerated() {
            if line.payer == .unspecified {
                findings.reject(
                    id,
                    field: "\(field)[\(index)].payer",
                    "each budget line names its payer, the owner or UH"
                )
            }
            if line.category == .unspecified {
                findings.reject(id, field: "\(field)[\(index)].category", "each budget line names its cost category")
            }
            if line.amountOre < 0 || !Money.isWholeKroner(line.amountOre) {
                findings.reject(
                    .wholeKroner,
                    field: "\(field)[\(index)].amount_ore",
                    "budget amounts are whole kroner and not negative"
                )
            }
        }
        guard !lines.isEmpty else { return findings }
        guard !grantLineId.isEmpty else {
            findings.reject(
                id,
                field: "content.grant_line_id",
                "a budget is checked against a committed grant line; link the measure to one first"
            )
            return findings
        }
        guard let share = share(of: grantLineId, in: partnership) else {
            findings.reject(
                id,
                field: "content.grant_line_id",
                "the grant line \(grantLineId) is not committed to this partnership"
            )
            return findings
        }
        let all = lines + otherLines
        // LIM-R2: the owner's limit and each payer's sum are checked; beyond the money range refuses the budget.
        guard
            let ownerLimit = findings.sum([share.ownerAmountOre, share.coFinancingOre], field: "content.grant_line_id")
        else { return findings }
        let limits: [(Payer, Int64, String)] = [
            (.owner, ownerLimit, "the owner's share with co-financing"),
            (.uh, share.uhAmountOre, "the UH share"),
        ]
        for (payer, limit, name) in limits {
            guard let sum = findings.sum(all.filter({ $0.payer == payer }), field: field, of: \.amountOre) else {
                continue
            }
            if sum > limit {
                findings.reject(
                    id,
                    field: field,
                    "the \(payer.name) budget lines of this grant line sum to \(sum) øre, more than \(name) of \(limit) øre"
                )
            }
        }
        return findings
    }
}
