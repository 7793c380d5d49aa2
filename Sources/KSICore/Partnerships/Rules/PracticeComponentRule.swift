/// PART-R9: WARN when a measure has no practice component (guidance, observation–feedback, trial and adjustment).
public enum PracticeComponentRule: DomainRule {
    public static let id: RuleID = "PART-R9"
    public static let severity: RuleSeverity = .warn

    /// What the rule (described above) finds for these inputs: rejections for HARD findings, warnings for WARN.
    public static func check(_ components: [PracticeComponent]) -> Findings {
        var findings = Findings()
        if components.filter({ $0 != .unspecified }).isEmpty {
            findings.warn(id, field: "content.practice_components", "the measure has no practice component")
        }
        return findings
    }
}
