/// REF-R16: milestone timestamps are set by the system, never from a request, and never change once
/// set; each milestone is emitted as a pseudonymous event (PRIV-R1).
public enum MilestoneTimestampRule: DomainRule {
    public static let id: RuleID = "REF-R16"
    public static let severity: RuleSeverity = .hard

    /// Sets a timestamp from the command's clock unless it is already set.
    static func stamp(_ referral: inout Referral, _ field: WritableKeyPath<ReferralTimestamps, Int64>, at millis: Int64)
    {
        var timestamps = referral.timestamps ?? ReferralTimestamps()
        if timestamps[keyPath: field] == 0 { timestamps[keyPath: field] = millis }
        referral.timestamps = timestamps
    }

    /// Whether `after` keeps every timestamp `before` had set.
    static func check(before: ReferralTimestamps?, after: ReferralTimestamps?) -> Findings {
        var findings = Findings()
        let a = before ?? ReferralTimestamps()
        let b = after ?? ReferralTimestamps()
        let fields: [(String, KeyPath<ReferralTimestamps, Int64>)] = [
            ("submitted_at", \.submittedAt), ("triaged_at", \.triagedAt), ("accepted_at", \.acceptedAt),
            ("startup_held_at", \.startupHeldAt), ("in_service_at", \.inServiceAt), ("closed_at", \.closedAt),
        ]
        for (name, path) in fields where a[keyPath: path] != 0 && a[keyPath: path] != b[keyPath: path] {
            findings.reject(id, field: "timestamps.\(name)", "a milestone timestamp cannot be changed once set")
        }
        return findings
    }
}
