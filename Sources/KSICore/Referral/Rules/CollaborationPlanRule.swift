/// REF-R11: the collaboration plan has a duration, at least one goal, responsibilities for both PPT
/// and Statped, a progress plan and an evaluation plan, and is agreed by both before it takes effect.
public enum CollaborationPlanRule: DomainRule {
    public static let id: RuleID = "REF-R11"
    public static let severity: RuleSeverity = .hard

    /// The plan's content.
    static func checkContent(_ plan: CollaborationPlan) -> Findings {
        var findings = Findings()
        if let from = plan.validFrom, let to = plan.validTo {
            if !(from < to) { findings.reject(id, field: "valid_to", "the plan must end after it starts") }
        } else {
            findings.reject(id, field: "valid_from", "the plan needs a start and an end date")
        }
        if !plan.goals.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            findings.reject(id, field: "goals", "the plan needs at least one goal")
        }
        for party in [ResponsibilityParty.ppt, .statped]
        where !plan.responsibilities.contains(where: { $0.party == party && !$0.task.isEmpty }) {
            findings.reject(
                id,
                field: "responsibilities",
                "the plan gives \(party == .ppt ? "PPT" : "Statped") a responsibility"
            )
        }
        if plan.progressPlan.isEmpty { findings.reject(id, field: "progress_plan", "the plan needs a progress plan") }
        if plan.evaluationPlan.isEmpty {
            findings.reject(id, field: "evaluation_plan", "the plan needs an evaluation plan")
        }
        return findings
    }

    /// Before the plan takes effect: its content, and both parties' agreement.
    static func checkAgreed(_ plan: CollaborationPlan?) -> Findings {
        guard let plan else {
            var findings = Findings()
            findings.reject(
                id,
                field: "collaboration_plan",
                "the service needs a collaboration plan agreed by PPT and Statped"
            )
            return findings
        }
        var findings = checkContent(plan)
        if plan.agreedByPptOn == nil || plan.agreedByStatpedOn == nil {
            findings.reject(
                id,
                field: "collaboration_plan",
                "both PPT and Statped must agree to the collaboration plan"
            )
        }
        return findings
    }
}
