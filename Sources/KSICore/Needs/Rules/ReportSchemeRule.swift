/// COM-R7: every report carries exactly one scheme, the scheme of its round.
public enum ReportSchemeRule: NeedsReportRule {
    public static let id: RuleID = .oneScheme
    public static let severity: RuleSeverity = .hard

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        if report.scheme == .unspecified {
            findings.reject(id, field: "scheme", "a report must carry exactly one scheme")
        } else if report.scheme != context.round.scheme {
            findings.reject(id, field: "scheme", "a report must carry the scheme of its round")
        }
        return findings
    }
}
