/// NEED-R2: at least one UH partner, and at least one with teacher education unless the scheme × year
/// policy sets `allowUhWithoutTeacherEducation`.
public enum UhPartnerRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R2"
    public static let severity: RuleSeverity = [.hard, .policy]

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        guard context.phase == .submission else { return findings }
        let partners = report.uhPartnerIds.compactMap { context.reference.uhInstitution($0) }
        if report.uhPartnerIds.isEmpty {
            findings.reject(id, field: "uh_partner_ids", "a report needs at least one UH partner")
        } else if partners.count != report.uhPartnerIds.count {
            findings.reject(id, field: "uh_partner_ids", "every UH partner must be a known UH institution")
        } else if !context.policy.schemeYear.allowUhWithoutTeacherEducation
            && !partners.contains(where: \.hasTeacherEducation)
        {
            findings.reject(id, field: "uh_partner_ids", "at least one UH partner must have teacher education")
        }
        return findings
    }
}
