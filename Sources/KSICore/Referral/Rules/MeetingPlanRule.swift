/// REF-R14 (WARN): the default meeting plan is one physical meeting and the rest digital; any other
/// plan needs a note.
public enum MeetingPlanRule: DomainRule {
    public static let id: RuleID = "REF-R14"
    public static let severity: RuleSeverity = .warn

    /// The default plan of the policy.
    static func defaultPlan(_ policy: StatpedPolicy) -> ReferralMeetingPlan {
        ReferralMeetingPlan.with {
            $0.physical = policy.defaultPhysicalMeetings > 0 ? policy.defaultPhysicalMeetings : 1
        }
    }

    static func check(_ plan: ReferralMeetingPlan?, policy: StatpedPolicy) -> Findings {
        var findings = Findings()
        guard let plan else { return findings }
        if plan.physical != defaultPlan(policy).physical && plan.note.trimmingCharacters(in: .whitespaces).isEmpty {
            findings.warn(
                id,
                field: "meeting_plan.note",
                "a meeting plan other than \(defaultPlan(policy).physical) physical meeting with the rest digital needs a note"
            )
        }
        return findings
    }
}
