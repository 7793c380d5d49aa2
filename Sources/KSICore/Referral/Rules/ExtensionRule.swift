/// REF-R13: an extension needs an evaluation entry and a revised plan with a new, later `validTo`.
public enum ExtensionRule: DomainRule {
    public static let id: RuleID = "REF-R13"
    public static let severity: RuleSeverity = .hard

    static func check(_ referral: Referral, evaluationId: String, newValidTo: LocalDate?) -> Findings {
        var findings = Findings()
        if evaluationId.isEmpty || !referral.evaluations.contains(where: { $0.id == evaluationId }) {
            findings.reject(
                id,
                field: "evaluation_id",
                "an extension builds on an evaluation recorded for this referral"
            )
        }
        if let newValidTo {
            if let current = referral.collaborationPlan?.validTo, !(current < newValidTo) {
                findings.reject(id, field: "new_valid_to", "an extension moves the plan's end date later")
            }
        } else {
            findings.reject(id, field: "new_valid_to", "an extension needs a new end date for the plan")
        }
        return findings
    }
}
