/// REF-R6: (a) at submission PPT confirms that the guardians agree to the referral; (b) before the
/// service starts, at least one active guardian consent with scope `informationSharing`.
public enum GuardianConsentRule: DomainRule {
    public static let id: RuleID = "REF-R6"
    public static let severity: RuleSeverity = .hard

    /// (a) At submission.
    static func checkAgreement(confirmed: Bool) -> Findings {
        var findings = Findings()
        if !confirmed {
            findings.reject(
                id,
                field: "guardian_agreement_confirmed",
                "PPT must confirm that the guardians agree to the referral"
            )
        }
        return findings
    }

    /// (b) Before `inService` (and, PRIV-R9, while it continues).
    static func checkInformationSharing(_ referral: Referral) -> Findings {
        var findings = Findings()
        if referral.kind != .system && !hasActiveInformationSharing(referral) {
            findings.reject(
                id,
                field: "consents",
                "the service needs an active consent from a guardian to share information"
            )
        }
        return findings
    }

    static func hasActiveInformationSharing(_ referral: Referral) -> Bool {
        referral.consents.contains { $0.scope == .informationSharing && $0.withdrawnOn == nil }
    }
}
