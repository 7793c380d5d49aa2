/// What a command's rules found: HARD violations that reject it, WARNs that are stored on the object.
///
/// A transition runs all its rules and throws once with every violation (STYLE.md §5). This is the one way a
/// broken rule is reported (issue 16): rule types (`DomainRule`) return it, command code that checks its own
/// input adds to it, and the command throws it once.
public struct Findings: Sendable {
    /// The HARD findings: the command is refused with all of them.
    public private(set) var violations: [RuleViolation] = []
    /// The WARN findings: stored on the object.
    public private(set) var warnings: [RuleWarning] = []

    /// No findings yet.
    public init() {}

    /// A HARD finding.
    public mutating func reject(_ rule: RuleID, field: String, _ message: String) {
        violations.append(RuleViolation(field: field, rule: rule, message: message))
    }

    /// A WARN finding.
    public mutating func warn(_ rule: RuleID, field: String, _ message: String) {
        warnings.append(Self.warning(rule, field: field, message))
    }

    /// One WARN finding as the warning an entity stores, for code that sets an entity's warnings itself (a
    /// scheduled sweep, a withdrawal) rather than through a command's findings.
    public static func warning(_ rule: RuleID, field: String, _ message: String) -> RuleWarning {
        RuleWarning.with {
            $0.ruleId = rule.value
            $0.field = field
            $0.message = message
        }
    }

    /// A POLICY finding, acting as HARD or WARN as configured.
    public mutating func report(_ rule: RuleID, as kind: RuleKind, field: String, _ message: String) {
        if kind == .hard { reject(rule, field: field, message) } else { warn(rule, field: field, message) }
    }

    /// Adds another set of findings.
    public mutating func merge(_ other: Findings) {
        violations += other.violations
        warnings += other.warnings
    }

    /// Adds the violations of an error a shared check threw (`Money.outOfBound`), so one request reports them
    /// together with its own findings.
    public mutating func merge(_ error: DomainError) {
        violations += error.violations
    }

    /// One HARD finding as the error a command throws when it cannot go on (what `throwIfViolated` throws for
    /// findings holding only it).
    public static func rejection(_ rule: RuleID, field: String, _ message: String) -> DomainError {
        var findings = Findings()
        findings.reject(rule, field: field, message)
        return DomainError.violations(findings.violations)
    }

    /// Throws every HARD violation at once; returns the warnings to store.
    @discardableResult
    public func throwIfViolated() throws -> [RuleWarning] {
        if !violations.isEmpty { throw DomainError.violations(violations) }
        return warnings
    }

    /// Whether a rule produced any finding.
    public func mentions(_ rule: RuleID) -> Bool {
        violations.contains { $0.rule == rule } || warnings.contains { $0.ruleId == rule.value }
    }
}
