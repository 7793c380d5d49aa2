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
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let hard = RuleSeverity(rawValue: 1 << 0)
    public static let warn = RuleSeverity(rawValue: 1 << 1)
    public static let policy = RuleSeverity(rawValue: 1 << 2)

    /// `HARD`, `HARD / WARN`, `HARD / POLICY` … as DOMAIN.md writes it (the order HARD, POLICY, WARN).
    public var description: String {
        [(RuleSeverity.hard, "HARD"), (.policy, "POLICY"), (.warn, "WARN")].filter { contains($0.0) }.map(\.1)
            .joined(separator: " / ")
    }
}
