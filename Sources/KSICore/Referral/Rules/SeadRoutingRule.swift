/// REF-R8 (POLICY, on by default): a case whose child has a Sámi language, or whose topic is Sámi, is
/// routed to the SEAD division.
public enum SeadRoutingRule: DomainRule {
    public static let id: RuleID = "REF-R8"
    public static let severity: RuleSeverity = .policy

    static func isSami(_ referral: Referral, samiLanguage: SamiLanguage) -> Bool {
        referral.samiTopic || samiLanguage != .unspecified
    }

    /// At acceptance: a reminder (WARN) to route the case to SEAD.
    static func checkAcceptance(_ referral: Referral, samiLanguage: SamiLanguage, policy: PolicyConfig) -> Findings {
        var findings = Findings()
        if policy.statped.seadRoutingEnabled && isSami(referral, samiLanguage: samiLanguage) {
            findings.warn(
                id,
                field: "assignment.division_id",
                "the case is Sámi and is to be assigned to the SEAD division"
            )
        }
        return findings
    }

    /// At assignment: the division is a SEAD division (HARD unless configured as WARN).
    static func checkAssignment(
        _ referral: Referral,
        samiLanguage: SamiLanguage,
        divisionId: String,
        reference: ReferenceData,
        policy: PolicyConfig
    ) -> Findings {
        var findings = Findings()
        guard policy.statped.seadRoutingEnabled, isSami(referral, samiLanguage: samiLanguage) else { return findings }
        let division = reference.set.statpedDivisions.last { $0.id == divisionId }
        if !(division?.isSead ?? false) {
            findings.report(
                id,
                as: policy.kind(of: id, default: .hard),
                field: "division_id",
                "a Sámi case is assigned to the SEAD division"
            )
        }
        return findings
    }
}
