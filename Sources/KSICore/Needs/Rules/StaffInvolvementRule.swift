import Foundation

/// NEED-R10: staff involvement is documented on the assessments (HARD where the scheme × year policy
/// sets `staffInvolvementRequired`, as for DEKOM; WARN otherwise); WARN without `unionRepConsultedOn`.
public enum StaffInvolvementRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R10"
    public static let severity: RuleSeverity = [.policy, .warn]

    /// The checks on one assessment; `kind` is how undocumented staff involvement acts.
    public static func check(
        assessment: NeedsAssessment,
        field: String,
        staffInvolvementKind kind: RuleKind
    ) -> Findings {
        var findings = Findings()
        if !assessment.staffInvolved || assessment.staffInvolvementNote.trimmingCharacters(in: .whitespaces).isEmpty {
            findings.report(
                id,
                as: kind,
                field: field,
                "the assessment should document how staff were involved"
            )
        }
        if assessment.unionRepConsultedOn == nil {
            findings.warn(
                id,
                field: field,
                "the assessment does not record when the union representative was consulted"
            )
        }
        return findings
    }

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        let required = context.phase == .submission && context.policy.schemeYear.staffInvolvementRequired
        let kind = context.policy.kind(of: id, default: required ? .hard : .warn)
        for assessment in context.linkedAssessments {
            let index = report.assessmentIds.firstIndex(of: assessment.id) ?? 0
            findings.merge(
                check(
                    assessment: assessment,
                    field: "assessment_ids[\(index)]",
                    staffInvolvementKind: context.phase == .submission ? kind : .warn
                )
            )
        }
        return findings
    }
}
