/// REF-R4: the ground `triedLocallyWithoutResult` needs a description of the measures tried (HARD);
/// WARN when no pedagogical report is attached.
public enum TriedMeasuresRule: DomainRule {
    public static let id: RuleID = "REF-R4"
    public static let severity: RuleSeverity = [.hard, .warn]

    /// `triedMeasures` is the plaintext (or sealed) text; only its emptiness matters.
    static func check(_ referral: Referral, triedMeasures: String) -> Findings {
        var findings = Findings()
        guard referral.grounds.contains(.triedLocallyWithoutResult) else { return findings }
        if triedMeasures.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            findings.reject(
                id,
                field: "content.tried_measures",
                "a referral on the ground that local measures were tried must describe those measures"
            )
        }
        if !referral.attachments.contains(where: { $0.kind == .pedagogicalReport }) {
            findings.warn(id, field: "attachments", "no pedagogical report is attached to show the measures tried")
        }
        return findings
    }
}
