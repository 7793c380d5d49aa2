/// NEED-R9: WARN when the target groups include neither PPT staff nor other support services: the
/// whole team around the child should be covered.
public enum TeamAroundChildRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R9"
    public static let severity: RuleSeverity = .warn

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        if !report.targetGroups.contains(.pptStaff) && !report.targetGroups.contains(.otherSupportServices) {
            findings.warn(
                id,
                field: "target_groups",
                "the target groups should include PPT staff or other support services in the team around the child"
            )
        }
        return findings
    }
}
