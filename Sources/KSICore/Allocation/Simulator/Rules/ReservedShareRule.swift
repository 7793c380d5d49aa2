extension SimulatorRules {
    /// ALLOC-R19: optional reserved shares for special needs (V4, inclusive) and kindergartens (V5); WARN when a
    /// configured reservation is not met. Off by default.
    public enum ReservedShareRule: DomainRule {
        public static let id: RuleID = "ALLOC-R19"
        public static let severity: RuleSeverity = .policy

        /// Checks both reservations; a reservation that is off passes.
        public static func check(
            specialNeeds: SpecialNeedsShareFigures,
            kindergarten: KindergartenShareFigures
        ) -> [RuleFinding] {
            var findings: [RuleFinding] = []
            if let reserved = specialNeeds.reservedSpecialNeedsShareBp {
                let share = specialNeeds.specialNeedsShareInclusiveBp
                findings.append(
                    RuleFinding(
                        id,
                        kind: .warn,
                        passed: share >= reserved,
                        field: "reserved_special_needs_share_bp",
                        share >= reserved
                            ? "the special-needs share (\(share / 100) %) meets the reserved \(reserved / 100) %"
                            : "the special-needs share (\(share / 100) %) is below the reserved \(reserved / 100) %"
                    )
                )
            } else {
                findings.append(
                    RuleFinding(
                        id,
                        kind: .warn,
                        passed: true,
                        field: "reserved_special_needs_share_bp",
                        "no special-needs share is reserved"
                    )
                )
            }
            if let reserved = kindergarten.reservedKindergartenShareBp {
                let share = kindergarten.kindergartenShareBp
                findings.append(
                    RuleFinding(
                        id,
                        kind: .warn,
                        passed: share >= reserved,
                        field: "reserved_kindergarten_share_bp",
                        share >= reserved
                            ? "the kindergarten share (\(share / 100) %) meets the reserved \(reserved / 100) %"
                            : "the kindergarten share (\(share / 100) %) is below the reserved \(reserved / 100) %"
                    )
                )
            } else {
                findings.append(
                    RuleFinding(
                        id,
                        kind: .warn,
                        passed: true,
                        field: "reserved_kindergarten_share_bp",
                        "no kindergarten share is reserved"
                    )
                )
            }
            return findings
        }
    }
}
