extension SimulatorRules {
    /// ALLOC-R8: WARN when line amounts are proportional (±2 %, PD) to teacher FTE, pupils or population per
    /// recipient: pro rata per recipient is not allowed, pro-rata sub-frames are.
    public enum ProRataLineRule: DomainRule {
        public static let id: RuleID = "ALLOC-R8"
        public static let severity: RuleSeverity = .warn
        /// The tolerance of "proportional": each recipient within ±2 % of its pro-rata amount (PD).
        public static let toleranceBp: Int64 = 200
        /// PD: compared once there are at least three owner recipients with a known measure (as at adoption).
        public static let minimumRecipients = 3

        /// A measure per recipient that pro-rata allocation would follow.
        public enum Measure: String, CaseIterable, Sendable {
            /// The owner's units' teacher full-time equivalents.
            case teacherFte = "teacher full-time equivalents"
            /// The owner's units' enrolment.
            case pupils = "pupils"
            /// The population of the owner's municipality (a county authority: its county's).
            case population = "population"
        }

        /// An owner's measure from the reference data: its units' teacher FTE or enrolment, or the population of
        /// its municipality (a county authority: of its county's municipalities); nil when unknown or zero.
        public static func measure(
            _ measure: Measure,
            ownerId: String,
            reference: ReferenceData,
            on date: LocalDate?
        ) -> Int64? {
            guard let owner = reference.owner(ownerId) else { return nil }
            let value: Int64
            switch measure {
            case .teacherFte: value = reference.units(ofOwner: ownerId).map(\.teacherFteHundredths).reduce(0, +)
            case .pupils: value = reference.units(ofOwner: ownerId).map(\.enrolledCount).reduce(0, +)
            case .population:
                switch owner.ownerType {
                case .municipality: value = reference.municipality(owner.municipalityId, on: date)?.population ?? 0
                case .countyAuthority:
                    value = reference.municipalities(inGovernorOffice: owner.governorOfficeId, on: date)
                        .filter { $0.countyId == owner.countyId }.map(\.population).reduce(0, +)
                default: value = 0
                }
            }
            return value > 0 ? value : nil
        }

        /// Checks the amounts per recipient (lines to the same recipient are added up) against each measure.
        public static func check(
            amountsByRecipient: [String: Int64],
            reference: ReferenceData,
            on date: LocalDate?,
            field: String = "draft_lines"
        ) -> RuleFinding {
            let recipients = amountsByRecipient.filter { $0.value > 0 }
            guard recipients.count >= minimumRecipients else {
                return RuleFinding(
                    id,
                    kind: .warn,
                    passed: true,
                    field: field,
                    "fewer than three recipients; nothing to compare"
                )
            }
            for measure in Measure.allCases {
                let values = recipients.keys.map {
                    (ownerId: $0, value: Self.measure(measure, ownerId: $0, reference: reference, on: date))
                }
                guard values.allSatisfy({ $0.value != nil }) else { continue }
                // fits: the simulator checked Σ lines (LIM-R2)
                let total = Int128(Money.saturatingSum(recipients.values))
                let measureTotal = Int128(Money.saturatingSum(values.compactMap(\.value)))
                let proportional = values.allSatisfy { entry in
                    let amount = Int128(recipients[entry.ownerId] ?? 0)
                    let expected = total * Int128(entry.value ?? 0)  // × 1/measureTotal on both sides
                    let difference = amount * measureTotal - expected
                    let magnitude = difference < 0 ? -difference : difference
                    // |d| · whole ≤ tol · E  ⇔  |d| ≤ ⌊tol · E ÷ whole⌋, without the products that could overflow Int128.
                    return magnitude <= expected / Int128(BasisPoints.whole) * Int128(toleranceBp) + expected
                        % Int128(BasisPoints.whole) * Int128(toleranceBp) / Int128(BasisPoints.whole)
                }
                if proportional {
                    return RuleFinding(
                        id,
                        kind: .warn,
                        passed: false,
                        field: field,
                        "the line amounts follow the recipients' \(measure.rawValue) within 2 %; amounts should follow needs, not a pro-rata key"
                    )
                }
            }
            return RuleFinding(
                id,
                kind: .warn,
                passed: true,
                field: field,
                "the line amounts are not pro rata per recipient"
            )
        }
    }
}
