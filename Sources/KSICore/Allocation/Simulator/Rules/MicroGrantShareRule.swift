extension SimulatorRules {
    /// ALLOC-R9: WARN when the share of lines below `microGrantThresholdOre` exceeds `microGrantShareWarnBp`
    /// (risk of fragmentation, V6); both thresholds are POLICY.
    public enum MicroGrantShareRule: DomainRule {
        public static let id: RuleID = "ALLOC-R9"
        public static let severity: RuleSeverity = [.warn, .policy]

        /// Checks the micro share of a V6 result against the warning level.
        public static func check(
            _ figures: FragmentationFigures,
            warnBp: Int32,
            field: String = "draft_lines"
        ) -> RuleFinding {
            let threshold = "\(figures.microGrantThresholdOre / Money.orePerKrone) kr"
            if figures.microShareBp > warnBp {
                return RuleFinding(
                    id,
                    kind: .warn,
                    passed: false,
                    field: field,
                    "\(figures.microShareBp / 100) % of the lines are below \(threshold), more than the \(warnBp / 100) % the embete accepts"
                )
            }
            return RuleFinding(
                id,
                kind: .warn,
                passed: true,
                field: field,
                "\(figures.microShareBp / 100) % of the lines are below \(threshold)"
            )
        }
    }
}
