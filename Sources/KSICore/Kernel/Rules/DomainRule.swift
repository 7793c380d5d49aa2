/// One rule of DOMAIN.md (or of docs/security.md for the edge rules) as a type: its id and its severity.
///
/// Every rule type of the four contexts conforms (`UhPartnerRule`, `FourEyesRule`, `AssignmentRule`, …) and
/// reports what it finds the one way: a `check` that returns `Findings` (`reject` for HARD, `warn` for WARN,
/// `report(_:as:)` for POLICY as configured; `Findings.rejection` where a command stops at one finding). The check's inputs differ per rule, so the protocol names only
/// what every rule has; a context that runs a list of rules over one input refines it (`NeedsReportRule`).
/// The simulator's rules (V12) return a `RuleFinding` that also says when a rule passed; `Findings.record`
/// folds one into `Findings`.
public protocol DomainRule {
    /// The rule's id, declared once: here, or for the shared rules in `RuleID+<Family>.swift`.
    static var id: RuleID { get }
    /// The rule's kind as DOMAIN.md's rule tables state it.
    static var severity: RuleSeverity { get }
}

/// The kind column of DOMAIN.md's rule tables: HARD rejects the command, WARN is stored on the object, POLICY
/// is HARD or WARN as the embete's configuration says (COM-R5). A rule may be several at once: `HARD / WARN`
/// (some findings reject, others warn) or `HARD (date: POLICY)` (HARD, with a configured part).
public struct RuleSeverity: OptionSet, Sendable, Hashable, CustomStringConvertible {
    /// The kinds as bits: HARD 1, WARN 2, POLICY 4.
    public let rawValue: UInt8
    /// The kinds whose bits `rawValue` sets.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// HARD: the command is rejected and the error carries the rule id.
    public static let hard = RuleSeverity(rawValue: 1 << 0)
    /// WARN: stored on the object and counted in dashboards; the command goes through.
    public static let warn = RuleSeverity(rawValue: 1 << 1)
    /// POLICY: HARD or WARN as the embete × year (or scheme × year) configuration says.
    public static let policy = RuleSeverity(rawValue: 1 << 2)

    /// `HARD`, `HARD / WARN`, `HARD / POLICY` … as DOMAIN.md writes it (the order HARD, POLICY, WARN).
    public var description: String {
        [(RuleSeverity.hard, "HARD"), (.policy, "POLICY"), (.warn, "WARN")].filter { contains($0.0) }.map(\.1)
            .joined(separator: " / ")
    }
}
