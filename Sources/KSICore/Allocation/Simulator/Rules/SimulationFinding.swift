extension RuleFinding {
    /// A rule's result in a check or a simulation (V12).
    public init(_ rule: RuleID, kind: RuleKind, passed: Bool, field: String, _ message: String) {
        self.init()
        self.ruleId = rule.value
        self.kind = kind
        self.passed = passed
        self.field = field
        self.message = message
    }
}

extension Findings {
    /// Records a failed finding as a HARD violation or a WARN, as its kind says; passed findings add nothing.
    public mutating func record(_ finding: RuleFinding) {
        guard !finding.passed else { return }
        report(RuleID(finding.ruleId), as: finding.kind, field: finding.field, finding.message)
    }
}

/// The rule checks of the allocation simulator (V12): ALLOC-R2, R7, R8, R9 and R19 as `RuleFinding`s, which
/// say whether each rule passed. The Recommendation commands have their own checks over stored lines.
public enum SimulatorRules {}
