/// ALLOC-R8: WARN when line amounts are proportional (±2 %, PD) to teacher FTE, pupils or population per
/// recipient: pro rata per recipient is not allowed (pro-rata sub-frames are fine).
///
/// PD: checked over owner recipients with a known measure, once there are at least three of them.
struct ProRataWarningRule: DomainRule {
    static let id: RuleID = SimulatorRules.ProRataLineRule.id
    static let severity: RuleSeverity = .warn
    /// ±2 % = 200 basis points.
    static let toleranceBp: Int64 = 200
    static let minimumRecipients = 3

    /// Amount per recipient, and each recipient's measures (pupils, teacher FTE, population).
    static func measures(of ownerId: String, reference: ReferenceData) -> [String: Int64] {
        guard let owner = reference.owner(ownerId) else { return [:] }
        let units = reference.units(ofOwner: ownerId)
        var result: [String: Int64] = [
            "pupils": units.reduce(0) { $0 + $1.enrolledCount },
            "teacher FTE": units.reduce(0) { $0 + $1.teacherFteHundredths },
        ]
        if owner.ownerType == .municipality, let municipality = reference.municipality(owner.municipalityId) {
            result["population"] = municipality.population
        }
        return result
    }

    static func check(lines: [RecommendationLine], reference: ReferenceData) -> Findings {
        var findings = Findings()
        var totals: [String: Money.Total] = [:]
        for line in lines where line.recipientType == .owner {
            totals[line.recipientOrgId, default: Money.Total()].add(line.amountOre)
        }
        var amounts: [String: Int64] = [:]
        for (recipient, total) in totals {
            // LIM-R2: refused by the total
            guard let amount = try? total.checked(field: "lines") else { return findings }
            amounts[recipient] = amount
        }
        guard amounts.count >= minimumRecipients else { return findings }
        let perRecipient = amounts.map { (amount: $0.value, measures: measures(of: $0.key, reference: reference)) }
        for measure in ["teacher FTE", "pupils", "population"] {
            let values = perRecipient.compactMap { entry in entry.measures[measure].map { (entry.amount, $0) } }
            guard values.count == perRecipient.count, values.allSatisfy({ $0.1 > 0 }) else { continue }
            let totalAmount = Int128(Money.saturatingSum(values) { $0.0 })
            let totalMeasure = Int128(Money.saturatingSum(values) { $0.1 })
            // amount_i / measure_i within ±2 % of A / M  ⇔  |a_i·M − A·m_i| · 50 ≤ A·m_i (integer arithmetic, COM-R1);
            // products of two Int64 fit in Int128 (LIM-R2), and |x| · 50 ≤ y ⇔ |x| ≤ ⌊y / 50⌋ for integers.
            let proportional = values.allSatisfy { amount, value in
                let expected = totalAmount * Int128(value)
                let left = Int128(amount) * totalMeasure - expected
                return left.magnitude <= (expected / Int128(10_000 / toleranceBp)).magnitude
            }
            if proportional {
                findings.warn(
                    id,
                    field: "lines",
                    "the line amounts are proportional to \(measure) per recipient; lines must be needs-based, not pro rata"
                )
                break
            }
        }
        return findings
    }
}

/// ALLOC-R9: WARN when the share of lines below `microGrantThresholdOre` is greater than
/// `microGrantShareWarnBp` (risk of fragmentation; thresholds are POLICY).
struct MicroGrantFragmentationRule: DomainRule {
    static let id: RuleID = SimulatorRules.MicroGrantShareRule.id
    static let severity: RuleSeverity = [.warn, .policy]

    static func check(lines: [RecommendationLine], config: PolicyConfig) -> Findings {
        var findings = Findings()
        guard !lines.isEmpty else { return findings }
        let threshold = config.governor.microGrantThresholdOre > 0 ? config.governor.microGrantThresholdOre : 10_000_000
        let limit = config.governor.microGrantShareWarnBp > 0 ? config.governor.microGrantShareWarnBp : 5000
        let micro = lines.filter { $0.amountOre < threshold }.count
        let share = BasisPoints.ratio(Int64(micro), of: Int64(lines.count))
        if share > limit {
            findings.warn(
                id,
                field: "lines",
                "\(micro) of \(lines.count) lines are below the micro-grant threshold, more than the configured share"
            )
        }
        return findings
    }
}

/// ALLOC-R19: optional reserved shares for special-needs themes (V4 inclusive) and kindergartens (V5),
/// checked at adoption; WARN when configured and not met. Off by default.
///
/// The shares are the views' own (`ViewFigures`, one computation) over the lines' needs snapshots. A line
/// without a snapshot is unknown, not guessed: it counts in no share, and the warning names its amount.
struct ReservedSharesRule: DomainRule {
    static let id: RuleID = SimulatorRules.ReservedShareRule.id
    static let severity: RuleSeverity = .policy

    static func check(lines: [RecommendationLine], config: PolicyConfig, reference: ReferenceData) -> Findings {
        var findings = Findings()
        let figureLines = lines.map(\.figureLine)
        func unknown(_ amountOre: Int64, _ count: Int64) -> String {
            count == 0
                ? "" : "; \(count) line(s) of \(amountOre) øre carry no needs snapshot and count as unknown (ukjent)"
        }
        if let reserved = config.governor.reservedSpecialNeedsShareBp {
            let figures = ViewFigures.specialNeedsShare(figureLines, reference: reference, reservedBp: reserved)
            if !figures.reservationMet {
                findings.report(
                    id,
                    as: config.kind(of: id, default: .warn),
                    field: "lines",
                    "the special-needs share is \(figures.specialNeedsShareInclusiveBp) basis points, below the reserved \(reserved)"
                        + unknown(figures.unknownAmountOre, figures.unknownLineCount)
                )
            }
        }
        if let reserved = config.governor.reservedKindergartenShareBp {
            let figures = ViewFigures.kindergartenShare(
                figureLines,
                unitType: { reference.unit($0)?.unitType },
                unitsTotal: 0,
                kindergartenUnitsTotal: 0,
                reservedBp: reserved
            )
            if !figures.reservationMet {
                findings.report(
                    id,
                    as: config.kind(of: id, default: .warn),
                    field: "lines",
                    "the kindergarten share is \(figures.kindergartenShareBp) basis points, below the reserved \(reserved)"
                        + unknown(figures.unknownAmountOre, figures.unknownLineCount)
                )
            }
        }
        return findings
    }
}
