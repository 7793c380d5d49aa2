/// A rule's id from DOMAIN.md, e.g. `NEED-R2`.
public struct RuleID: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let value: String

    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }

    public var description: String { value }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.value < rhs.value }
}

/// One broken rule: which field, which rule, and a plain sentence.
public struct RuleViolation: Sendable, Hashable, CustomStringConvertible {
    /// The field path in the request, e.g. `uh_partner_ids` or `lines[2].amount_ore`.
    public var field: String
    public var rule: RuleID
    /// One plain English sentence saying what was expected (STYLE.md §5); no personal data.
    public var message: String

    public init(field: String, rule: RuleID, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(rule) \(field): \(message)" }
}
