/// REF-R3: at least one `ReferralGround`.
public enum ReferralGroundRule: DomainRule {
    public static let id: RuleID = "REF-R3"
    public static let severity: RuleSeverity = .hard

    static func check(_ referral: Referral) -> Findings {
        var findings = Findings()
        if !referral.grounds.contains(where: { $0 != .unspecified }) {
            findings.reject(
                id,
                field: "content.grounds",
                "a referral needs at least one ground for referring to Statped"
            )
        }
        return findings
    }
}
