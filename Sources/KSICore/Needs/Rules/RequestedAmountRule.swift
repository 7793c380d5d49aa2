/// NEED-R11: `requestedAmountOre` > 0 and whole kroner (COM-R2); `requestedYears` between 1 and
/// `maxCommitmentYears`; WARN when the proposed owner share breaks the embete's split rule.
///
/// While a report is a draft the amount and years may still be unset, but not wrong.
public enum RequestedAmountRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R11"
    public static let severity: RuleSeverity = [.hard, .warn]

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        let submission = context.phase == .submission
        let amount = report.requestedAmountOre
        if amount < 0 || (submission && amount == 0) {
            findings.reject(id, field: "requested_amount_ore", "the requested amount must be more than zero")
        } else if !Money.isWholeKroner(amount) {
            findings.reject(id, field: "requested_amount_ore", "the requested amount must be whole kroner")
        }
        let maxYears = context.policy.governor.maxCommitmentYears > 0 ? context.policy.governor.maxCommitmentYears : 3
        let years = report.requestedYears
        if years < 0 || years > maxYears || (submission && years == 0) {
            findings.reject(id, field: "requested_years", "the requested years must be between 1 and \(maxYears)")
        }
        if let ownerBp = report.proposedOwnerShareBp {
            if !BasisPoints.isValid(ownerBp) {
                findings.reject(
                    id,
                    field: "proposed_owner_share_bp",
                    "the proposed owner share must be between 0 and 10000 basis points"
                )
            } else if let expected = breach(ownerBp: ownerBp, rule: context.policy.governor.ownerUhSplitRule) {
                findings.warn(
                    id,
                    field: "proposed_owner_share_bp",
                    "the proposed split does not follow the embete's split rule (\(expected))"
                )
            }
        }
        return findings
    }

    /// A description of the split rule when `ownerBp` breaks it, else nil.
    static func breach(ownerBp: Int32, rule: OwnerUhSplitRule?) -> String? {
        guard let rule else { return nil }
        let uhBp = BasisPoints.whole - ownerBp
        switch rule.kind {
        case .equal: return ownerBp == 5000 ? nil : "equal shares"
        case .fixed: return ownerBp == rule.ownerBp ? nil : "owner share \(rule.ownerBp) basis points"
        case .uhRange:
            return (rule.minUhBp...max(rule.minUhBp, rule.maxUhBp)).contains(uhBp)
                ? nil : "UH share \(rule.minUhBp)–\(rule.maxUhBp) basis points"
        case .caseByCase, .unspecified: return nil
        }
    }
}
