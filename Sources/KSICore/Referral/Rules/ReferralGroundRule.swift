/// REF-R3: at least one `ReferralGround`.
enum ReferralGroundRule {
    static let id: RuleID = "REF-R3"

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
