/// A rule's id from DOMAIN.md, e.g. `NEED-R2`.
public struct RuleID: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The id as DOMAIN.md writes it.
    public let value: String

    /// The rule id `value`.
    public init(_ value: String) { self.value = value }
    /// The rule id written as a literal (`"NEED-R2"`).
    public init(stringLiteral value: String) { self.value = value }

    /// The id as DOMAIN.md writes it.
    public var description: String { value }

    /// Orders ids by their text.
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.value < rhs.value }
}

/// One broken rule: which field, which rule, and a plain sentence.
public struct RuleViolation: Sendable, Hashable, CustomStringConvertible {
    /// The field path in the request, e.g. `uh_partner_ids` or `lines[2].amount_ore`.
    public var field: String
    /// The rule broken.
    public var rule: RuleID
    /// One plain English sentence saying what was expected (STYLE.md §5); no personal data.
    public var message: String

    /// A violation of `rule` on `field`, saying `message`.
    public init(field: String, rule: RuleID, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }

    /// `RULE field: message`.
    public var description: String { "\(rule) \(field): \(message)" }
}
