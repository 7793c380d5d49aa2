import Foundation

/// NEED-R14: WARN without an `ownerPlanReference`; WARN when the forum has a long-term plan and the
/// report links none of its goals.
public enum PlanReferenceRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R14"
    public static let severity: RuleSeverity = .warn

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        if report.ownerPlanReference.trimmingCharacters(in: .whitespaces).isEmpty {
            findings.warn(id, field: "owner_plan_reference", "the report does not refer to the owner's own plan")
        }
        if let goals = context.longTermPlanGoalIds, !goals.isEmpty,
            Set(goals).isDisjoint(with: report.longTermPlanGoalIds)
        {
            findings.warn(
                id,
                field: "long_term_plan_goal_ids",
                "the report links no goal of the forum's long-term plan"
            )
        }
        return findings
    }
}
