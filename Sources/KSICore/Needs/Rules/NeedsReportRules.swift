/// The rules each report command runs, listed in one place (STYLE.md §3).
public enum NeedsReportRules {
    /// CreateNeedsReport and UpdateNeedsReport: shape checks and the WARN rules (NEED-R7…R11, R13, R14).
    public static var editing: [any NeedsReportRule.Type] {
        [
            ReportSchemeRule.self, OwnerApplicantRule.self, PptInvolvementRule.self, PptAffiliationRule.self,
            SpecificThemeRule.self, CollectiveDevelopmentRule.self, TeamAroundChildRule.self, StaffInvolvementRule.self,
            RequestedAmountRule.self, StatpedContributionRule.self, PlanReferenceRule.self,
            SchoolAssessmentCoverageRule.self,
        ]
    }

    /// SubmitNeedsReport and ResubmitNeedsReport: NEED-R1, R2, R5, R6, R11 HARD; R3, R4 per policy; the rest WARN.
    public static var submission: [any NeedsReportRule.Type] {
        [
            ReportSchemeRule.self, AssessmentBasisRule.self, UhPartnerRule.self, PptInvolvementRule.self,
            PptAffiliationRule.self, OwnerApplicantRule.self, SubmissionDeadlineRule.self, SpecificThemeRule.self,
            CollectiveDevelopmentRule.self, TeamAroundChildRule.self, StaffInvolvementRule.self,
            RequestedAmountRule.self,
            StatpedContributionRule.self, PlanReferenceRule.self, SchoolAssessmentCoverageRule.self,
        ]
    }

    /// Runs `rules` over a report and collects every finding.
    public static func evaluate(
        _ rules: [any NeedsReportRule.Type],
        _ report: NeedsReport,
        in context: NeedsRuleContext
    ) -> Findings {
        var findings = Findings()
        for rule in rules { findings.merge(rule.check(report, in: context)) }
        return findings
    }
}
