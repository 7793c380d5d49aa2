/// NEED-R5: the applicant is an owner (networks prepare but do not submit); a joint application has one
/// lead owner, and every co-applicant confirms before submission.
public enum OwnerApplicantRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R5"
    public static let severity: RuleSeverity = .hard

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        if context.reference.owner(report.leadOwnerId) == nil {
            findings.reject(id, field: "lead_owner_id", "the lead applicant must be a kindergarten or school owner")
        }
        var seen: Set<String> = [report.leadOwnerId]
        for (index, ownerId) in report.coApplicantOwnerIds.enumerated() {
            let field = "co_applicant_owner_ids[\(index)]"
            if context.reference.owner(ownerId) == nil {
                findings.reject(id, field: field, "every co-applicant must be a kindergarten or school owner")
            } else if !seen.insert(ownerId).inserted {
                findings.reject(id, field: field, "each owner may appear only once among the applicants")
            }
        }
        if context.phase == .submission {
            let confirmed = Set(report.coApplicantConfirmations.map(\.ownerId))
            for (index, ownerId) in report.coApplicantOwnerIds.enumerated() where !confirmed.contains(ownerId) {
                findings.reject(
                    id,
                    field: "co_applicant_owner_ids[\(index)]",
                    "every co-applicant must confirm the joint application before it is submitted"
                )
            }
        }
        return findings
    }
}
