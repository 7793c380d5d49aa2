import KSICore

extension ViewInputs {
    /// The Statped policy in force (§4.5; national settings, COM-R5).
    package var statpedPolicy: StatpedPolicy {
        reference.policies.resolve(governorOfficeId: query.governorOfficeId, year: query.years.upperBound, scheme: .ksi)
            .statped
    }

    /// REF-R10's 14 days, or the policy's `startupMeetingMaxDays` (V8, V9 `startupSlaBp`).
    package var startupMeetingMaxDays: Int64 {
        let configured = Int64(statpedPolicy.startupMeetingMaxDays)
        return configured > 0 ? configured : 14
    }
}
