/// REF-R12: the phases run `startup` → `assessmentAndGuidance` → `closingOrExtension` (and back to
/// `assessmentAndGuidance` on an extension), none skipped; the exception path enters at `accepted`,
/// before the first phase.
public enum ServicePhaseRule: DomainRule {
    public static let id: RuleID = "REF-R12"
    public static let severity: RuleSeverity = .hard

    /// The phases that may follow `phase`.
    static func successors(of phase: ServicePhase) -> [ServicePhase] {
        switch phase {
        case .unspecified: [.startup]
        case .startup: [.assessmentAndGuidance]
        case .assessmentAndGuidance: [.closingOrExtension]
        case .closingOrExtension: [.assessmentAndGuidance]
        default: []
        }
    }

    static func check(from phase: ServicePhase, to next: ServicePhase) -> Findings {
        var findings = Findings()
        if !successors(of: phase).contains(next) {
            findings.reject(
                id,
                field: "phase",
                "the service phases run startup, assessment and guidance, then closing, none skipped"
            )
        }
        return findings
    }
}
