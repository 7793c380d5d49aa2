/// NEED-R3: `pptInvolvement` meets the embete's `pptInvolvementRequirement`. With `warnOnly` (the KSI
/// default) `none` or `informed` raises a WARN; a stricter requirement makes anything below `invited` HARD.
public enum PptInvolvementRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R3"
    public static let severity: RuleSeverity = .policy

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        let requirement = context.policy.governor.pptInvolvementRequirement
        let configured: RuleKind = (requirement == .warnOnly || requirement == .unspecified) ? .warn : .hard
        let kind = context.phase == .submission ? context.policy.kind(of: id, default: configured) : .warn
        if [.unspecified, .none, .informed].contains(report.pptInvolvement) {
            findings.report(
                id,
                as: kind,
                field: "ppt_involvement",
                "PPT should at least be invited to take part in the report; it is \(report.pptInvolvement == .unspecified ? "not set" : report.pptInvolvement.name)"
            )
        }
        return findings
    }
}
