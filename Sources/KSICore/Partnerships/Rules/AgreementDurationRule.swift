/// PART-R4: the agreement has a start and an end and runs for at most `maxCommitmentYears` (POLICY, default 3, HARD).
public enum AgreementDurationRule: DomainRule {
    public static let id: RuleID = "PART-R4"
    public static let severity: RuleSeverity = .policy

    /// What the rule (described above) finds for these inputs: rejections for HARD findings, warnings for WARN.
    public static func check(
        validFrom: LocalDate?,
        validTo: LocalDate?,
        config: PolicyConfig,
        field: String = "content"
    ) -> Findings {
        var findings = Findings()
        let kind = config.kind(of: id, default: .hard)
        guard let validFrom, let validTo, validFrom.isValid, validTo.isValid else {
            findings.reject(id, field: "\(field).valid_from", "the agreement needs a valid start and end date")
            return findings
        }
        if validTo < validFrom {
            findings.reject(id, field: "\(field).valid_to", "the agreement ends before it starts")
            return findings
        }
        let years = config.governor.maxCommitmentYears > 0 ? config.governor.maxCommitmentYears : 3
        if validTo >= validFrom.adding(years: years) {
            findings.report(
                id,
                as: kind,
                field: "\(field).valid_to",
                "the agreement runs for at most \(years) years; it ends on \(validTo)"
            )
        }
        return findings
    }
}
