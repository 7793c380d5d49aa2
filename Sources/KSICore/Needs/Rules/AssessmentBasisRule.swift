/// NEED-R1: the report links at least one needs assessment of an applicant owner that is still valid
/// on the submission date.
public enum AssessmentBasisRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R1"
    public static let severity: RuleSeverity = .hard

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        guard context.phase == .submission else { return findings }
        let applicants = Set(report.applicantOwnerIds)
        let valid = context.linkedAssessments.filter {
            applicants.contains($0.ownerId) && $0.isValid(on: context.today)
        }
        if valid.isEmpty {
            findings.reject(
                id,
                field: "assessment_ids",
                "the report must link at least one needs assessment of an applicant that is valid on \(context.today)"
            )
        }
        return findings
    }
}
