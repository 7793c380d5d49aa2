/// REF-R10 (WARN, SLA): the startup meeting takes place within `startupMeetingMaxDays` (14) days of
/// acceptance; WARN from day `startupMeetingWarnDay` (10) while it has not been held; an SLA breach
/// after day 14. Days are counted on Oslo dates from the injected time source.
public enum StartupMeetingSlaRule: DomainRule {
    public static let id: RuleID = "REF-R10"
    public static let severity: RuleSeverity = .warn

    /// The SLA state: `heldOn` when the meeting was held, else counted to `today`.
    static func check(
        acceptedAt: Int64,
        heldOn: LocalDate?,
        today: LocalDate,
        policy: StatpedPolicy
    ) -> (findings: Findings, breached: Bool) {
        var findings = Findings()
        guard acceptedAt > 0 else { return (findings, false) }
        let accepted = OsloCalendar.localDate(atMillis: acceptedAt)
        let maxDays = Int64(policy.startupMeetingMaxDays > 0 ? policy.startupMeetingMaxDays : 14)
        let warnDay = Int64(policy.startupMeetingWarnDay > 0 ? policy.startupMeetingWarnDay : 10)
        let days = accepted.days(until: heldOn ?? today)
        if heldOn != nil {
            if days > maxDays {
                findings.warn(
                    id,
                    field: "startup_meeting.held_on",
                    "the startup meeting was held \(days) days after acceptance, later than the \(maxDays) days allowed"
                )
            }
            return (findings, days > maxDays)
        }
        if days > maxDays {
            findings.warn(
                id,
                field: "startup_meeting",
                "the startup meeting is overdue: \(days) days since acceptance, \(maxDays) allowed"
            )
            return (findings, true)
        }
        if days >= warnDay {
            findings.warn(
                id,
                field: "startup_meeting",
                "the startup meeting must be held within \(maxDays - days) more days (\(days) days since acceptance)"
            )
        }
        return (findings, false)
    }

    /// Replaces the referral's REF-R10 warnings and breach flag with the state on `today`.
    static func refresh(_ referral: inout Referral, today: LocalDate, policy: StatpedPolicy) {
        guard referral.kind != .system else { return }
        let held = referral.startupMeeting?.heldOn
        let result = check(acceptedAt: referral.timestamps?.acceptedAt ?? 0, heldOn: held, today: today, policy: policy)
        referral.warnings.removeAll { $0.ruleId == id.value }
        referral.warnings += result.findings.warnings
        // A breach, once reached, is a fact of the case and stays marked.
        referral.startupSlaBreached = referral.startupSlaBreached || result.breached
    }
}
