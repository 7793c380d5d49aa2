extension SimulatorRules {
    /// ALLOC-R7: `ownerShareBp` + `uhShareBp` = 10 000, and the split follows the embete's `OwnerUhSplitRule`;
    /// a deviation needs a `splitDeviationReason`.
    ///
    /// POLICY: the embete's rule-kind override decides HARD or WARN; the built-in kind is HARD.
    public enum SplitShareRule: DomainRule {
        public static let id: RuleID = "ALLOC-R7"
        public static let severity: RuleSeverity = .policy
        /// The kind without an override in the embete's configuration.
        public static let defaultKind: RuleKind = .hard

        /// The owner share a line gets when it states none (PD): equal and case by case 5000, fixed its owner share,
        /// a UH range the smallest UH share it allows (the project owner keeps the most).
        public static func defaultOwnerShareBp(for rule: OwnerUhSplitRule) -> Int32 {
            switch rule.kind {
            case .fixed: rule.ownerBp
            case .uhRange: BasisPoints.whole - rule.minUhBp
            default: 5000
            }
        }

        /// Whether a split rule is well formed: fixed shares sum to 10 000, a range lies within 0…10 000 in order.
        public static func isWellFormed(_ rule: OwnerUhSplitRule) -> Bool {
            switch rule.kind {
            case .fixed:
                BasisPoints.isValid(rule.ownerBp) && BasisPoints.isValid(rule.uhBp)
                    && rule.ownerBp + rule.uhBp == BasisPoints.whole
            case .uhRange:
                BasisPoints.isValid(rule.minUhBp) && BasisPoints.isValid(rule.maxUhBp) && rule.minUhBp <= rule.maxUhBp
            case .equal, .caseByCase: true
            case .unspecified: false
            }
        }

        /// Whether a line's shares follow `rule`.
        public static func follows(ownerShareBp: Int32, uhShareBp: Int32, rule: OwnerUhSplitRule) -> Bool {
            switch rule.kind {
            case .equal: ownerShareBp == 5000 && uhShareBp == 5000
            case .fixed: ownerShareBp == rule.ownerBp && uhShareBp == rule.uhBp
            case .uhRange: uhShareBp >= rule.minUhBp && uhShareBp <= rule.maxUhBp
            case .caseByCase, .unspecified: true
            }
        }

        /// Checks one line's shares against the rule.
        public static func check(
            ownerShareBp: Int32,
            uhShareBp: Int32,
            rule: OwnerUhSplitRule,
            deviationReason: String,
            kind: RuleKind = defaultKind,
            field: String
        ) -> RuleFinding {
            guard BasisPoints.isValid(ownerShareBp), BasisPoints.isValid(uhShareBp),
                ownerShareBp + uhShareBp == BasisPoints.whole
            else {
                return RuleFinding(
                    id,
                    kind: .hard,
                    passed: false,
                    field: field,
                    "the owner and UH shares must sum to 100 %; they sum to \(ownerShareBp + uhShareBp) basis points"
                )
            }
            if follows(ownerShareBp: ownerShareBp, uhShareBp: uhShareBp, rule: rule) {
                return RuleFinding(
                    id,
                    kind: kind,
                    passed: true,
                    field: field,
                    "the split follows the embete's split rule"
                )
            }
            if !deviationReason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return RuleFinding(
                    id,
                    kind: kind,
                    passed: true,
                    field: field,
                    "the split deviates from the embete's split rule, with a stated reason"
                )
            }
            return RuleFinding(
                id,
                kind: kind,
                passed: false,
                field: field,
                "the split deviates from the embete's split rule (\(describe(rule))); a reason for the deviation is required"
            )
        }

        static func describe(_ rule: OwnerUhSplitRule) -> String {
            switch rule.kind {
            case .equal: "equal shares"
            case .fixed: "owner \(rule.ownerBp / 100) %, UH \(rule.uhBp / 100) %"
            case .uhRange: "UH between \(rule.minUhBp / 100) % and \(rule.maxUhBp / 100) %"
            default: "case by case"
            }
        }
    }
}
