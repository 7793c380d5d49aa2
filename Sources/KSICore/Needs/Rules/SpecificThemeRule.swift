/// NEED-R7: at least one theme; a WARN asks to specify the content when every theme is `broadInclusion`.
public enum SpecificThemeRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R7"
    public static let severity: RuleSeverity = [.hard, .warn]

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        let themes = report.themes.filter { $0 != .unspecified }
        if themes.isEmpty {
            if context.phase == .submission {
                findings.reject(id, field: "themes", "a report needs at least one theme")
            }
        } else if themes.allSatisfy({ context.reference.theme($0)?.category == .broadInclusion }) {
            findings.warn(
                id,
                field: "themes",
                "every theme is a broad inclusion theme; specify the content of the needs"
            )
        }
        return findings
    }
}
