extension SimulatorRules {
    /// ALLOC-R2: Σ approved for a year, plus confirmed multi-year amounts for that year, stays within the frame.
    ///
    /// The simulator checks the draft lines against the frame minus what earlier years already committed.
    public enum FrameCeilingRule: DomainRule {
        public static let id: RuleID = "ALLOC-R2"
        public static let severity: RuleSeverity = .hard

        /// Whether `linesOre` fits into `frameOre − precommittedOre`; the message carries the demand ratio (V3).
        public static func check(
            frameOre: Int64,
            precommittedOre: Int64,
            linesOre: Int64,
            field: String = "draft_lines"
        ) -> RuleFinding {
            let available = Money.saturatingSubtract(frameOre, precommittedOre)  // both validated 0 … LIM-R2 bound
            let demand = ViewFigures.demandRatioBp(requestedOre: linesOre, availableOre: available)
            let percent = "\(demand / 100) %"
            if linesOre <= available {
                return RuleFinding(
                    id,
                    kind: .hard,
                    passed: true,
                    field: field,
                    "the lines use \(percent) of the money available in the frame"
                )
            }
            return RuleFinding(
                id,
                kind: .hard,
                passed: false,
                field: field,
                "the lines exceed the money available in the frame by \(kroner(Money.saturatingSubtract(linesOre, available))); they ask for \(percent) of it"
            )
        }

        static func kroner(_ ore: Int64) -> String { "\(ore / Money.orePerKrone) kr" }
    }
}
