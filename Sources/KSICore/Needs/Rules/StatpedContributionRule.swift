/// NEED-R13: when a theme is low-frequency or `statpedNeeded` is set, WARN to plan a Statped
/// contribution through the UH partner (a third-party contribution).
public enum StatpedContributionRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R13"
    public static let severity: RuleSeverity = .warn

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        let lowFrequency = report.themes.contains { context.reference.frequency(of: $0) == .low }
        if lowFrequency || report.statpedNeeded {
            findings.warn(
                id,
                field: lowFrequency ? "themes" : "statped_needed",
                "consider a Statped contribution through the UH partner for low-frequency or Statped needs"
            )
        }
        return findings
    }
}
