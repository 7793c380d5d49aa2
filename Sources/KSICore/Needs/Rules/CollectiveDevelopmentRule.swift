/// NEED-R8: WARN when every proposed measure is only a course, webinar or lecture without a practice
/// component: a course series, not collective development.
public enum CollectiveDevelopmentRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R8"
    public static let severity: RuleSeverity = .warn

    static let courseFormats: Set<DeliveryFormat> = [.course, .webinar, .lecture]

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        let measures = report.proposedMeasures
        let courseOnly = measures.allSatisfy { measure in
            !measure.formats.isEmpty && measure.formats.allSatisfy(courseFormats.contains)
                && measure.practiceComponents.filter { $0 != .unspecified }.isEmpty
        }
        if !measures.isEmpty && courseOnly {
            findings.warn(
                id,
                field: "proposed_measures",
                "every proposed measure is a course, webinar or lecture without guidance, observation or trial and adjustment"
            )
        }
        return findings
    }
}
