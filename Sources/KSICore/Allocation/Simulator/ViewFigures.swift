/// One line as the view figures see it (V4, V5, V6): an amount, its themes, sectors, units and municipalities.
///
/// The simulator builds these from draft lines; the gateway builds them from decided lines.
public struct ViewFigureLine: Sendable, Hashable {
    /// The line's amount (øre).
    public var amountOre: Int64
    /// The line's themes (V4).
    public var themes: [ThemeCode]
    /// The line's sectors (V5, when it has no units).
    public var sectors: [Sector]
    /// The units taking part (V5).
    public var participatingUnitIds: [String]
    /// The municipalities the line reaches (V6).
    public var municipalityIds: [String]

    /// A line with every figure input given.
    public init(
        amountOre: Int64,
        themes: [ThemeCode] = [],
        sectors: [Sector] = [],
        participatingUnitIds: [String] = [],
        municipalityIds: [String] = []
    ) {
        self.amountOre = amountOre
        self.themes = themes
        self.sectors = sectors
        self.participatingUnitIds = participatingUnitIds
        self.municipalityIds = municipalityIds
    }
}

extension RecommendationLine {
    /// The line as the view figures see it: its amount and the needs snapshot it carries (themes, sectors,
    /// units and municipalities of the needs reports it cites). A line without a snapshot has none of them,
    /// and the figures count its amount as unknown («ukjent») rather than guessing.
    public var figureLine: ViewFigureLine {
        ViewFigureLine(
            amountOre: amountOre,
            themes: themes,
            sectors: sectors,
            participatingUnitIds: participatingUnitIds,
            municipalityIds: municipalityIds
        )
    }
}

/// The pure computations of views V3–V6 (DOMAIN.md §5), shared by the simulator (V12) and the gateway.
///
/// Integer arithmetic only (COM-R1): shares are basis points rounded down.
public enum ViewFigures {
    // MARK: V3

    /// V3: requested ÷ available in basis points (20 000 = twice the money available); 0 when nothing is available.
    public static func demandRatioBp(requestedOre: Int64, availableOre: Int64) -> Int64 {
        guard availableOre > 0 else { return 0 }
        return Money.multiplyDivide(max(requestedOre, 0), Int64(BasisPoints.whole), availableOre)
    }

    // MARK: V4

    /// V4: the special-needs share of the lines, inclusive (any special-needs theme counts the whole line) and
    /// weighted (amount × special-needs themes ÷ all themes of the line).
    ///
    /// The reservation (ALLOC-R19) is met when the inclusive share reaches it, as the adoption check counts it.
    ///
    /// A line without themes (no needs snapshot) is unknown: its amount is in the total and in no share, and
    /// `unknownAmountOre` shows it, so the shares are what is known to be special needs (a lower bound).
    public static func specialNeedsShare(
        _ lines: [ViewFigureLine],
        isSpecialNeeds: (ThemeCode) -> Bool,
        reservedBp: Int32? = nil
    ) -> SpecialNeedsShareFigures {
        // LIM-R2: sums saturate (the simulator checks its total first; views over stored data show the marker).
        var totalSum = Money.Total()
        var inclusiveSum = Money.Total()
        var weightedSum = Money.Total()
        var unknownSum = Money.Total()
        var unknownLines: Int64 = 0
        for line in lines {
            totalSum.add(line.amountOre)
            let themes = Set(line.themes.filter { $0 != .unspecified })
            guard !themes.isEmpty else {
                unknownSum.add(line.amountOre)
                unknownLines += 1
                continue
            }
            let special = themes.filter(isSpecialNeeds).count
            guard special > 0 else { continue }
            inclusiveSum.add(line.amountOre)
            weightedSum.add(Money.multiplyDivide(line.amountOre, Int64(special), Int64(themes.count)))
        }
        let (total, inclusive, weighted) = (totalSum.saturated, inclusiveSum.saturated, weightedSum.saturated)
        let inclusiveBp = BasisPoints.ratio(inclusive, of: total)
        return SpecialNeedsShareFigures.with {
            $0.totalAmountOre = total
            $0.specialNeedsAmountOre = inclusive
            $0.specialNeedsWeightedAmountOre = weighted
            $0.specialNeedsShareInclusiveBp = inclusiveBp
            $0.specialNeedsShareWeightedBp = BasisPoints.ratio(weighted, of: total)
            $0.reservedSpecialNeedsShareBp = reservedBp
            $0.reservationMet = reservedBp.map { inclusiveBp >= $0 } ?? true
            $0.lineCount = Int64(lines.count)
            $0.unknownAmountOre = unknownSum.saturated
            $0.unknownLineCount = unknownLines
        }
    }

    /// V4 with the special-needs categories of the reference data (§3.7).
    public static func specialNeedsShare(
        _ lines: [ViewFigureLine],
        reference: ReferenceData,
        reservedBp: Int32? = nil
    ) -> SpecialNeedsShareFigures {
        specialNeedsShare(lines, isSpecialNeeds: { reference.isSpecialNeeds($0) }, reservedBp: reservedBp)
    }

    // MARK: V5

    /// V5: Σ(amount × kindergarten units ÷ participating units) ÷ Σ amounts; a line without units weighs its
    /// sectors equally. A line with neither (no needs snapshot) is unknown: its amount is in the total and in no
    /// share (`unknownAmountOre`). Participation parity = share of kindergarten units taking part ÷ share of all units taking part.
    ///
    /// - Parameters:
    ///   - lines: the allocation lines the figure is over.
    ///   - unitType: the type of a unit id (nil when unknown: it counts as a unit that is not a kindergarten).
    ///   - unitsTotal: all units of the region (PPT offices excluded).
    ///   - kindergartenUnitsTotal: all kindergartens of the region.
    ///   - reservedBp: the kindergarten share reserved by policy, in basis points; the figures say whether it is met.
    public static func kindergartenShare(
        _ lines: [ViewFigureLine],
        unitType: (String) -> UnitType?,
        unitsTotal: Int64,
        kindergartenUnitsTotal: Int64,
        reservedBp: Int32? = nil
    ) -> KindergartenShareFigures {
        var totalSum = Money.Total()  // LIM-R2: saturating, as in V4
        var kindergartenSum = Money.Total()
        var unknownSum = Money.Total()
        var unknownLines: Int64 = 0
        var participating = Set<String>()
        for line in lines {
            totalSum.add(line.amountOre)
            let units = Set(line.participatingUnitIds.filter { !$0.isEmpty })
            participating.formUnion(units)
            if !units.isEmpty {
                let kindergartens = units.filter { unitType($0) == .kindergarten }.count
                kindergartenSum.add(Money.multiplyDivide(line.amountOre, Int64(kindergartens), Int64(units.count)))
            } else {
                let sectors = Set(line.sectors.filter { $0 != .unspecified })
                guard !sectors.isEmpty else {
                    // A 0-øre line carries units for parity only; it has no amount to be unknown.
                    if line.amountOre != 0 {
                        unknownSum.add(line.amountOre)
                        unknownLines += 1
                    }
                    continue
                }
                let kindergarten: Int64 = sectors.contains(.kindergarten) ? 1 : 0
                kindergartenSum.add(Money.multiplyDivide(line.amountOre, kindergarten, Int64(sectors.count)))
            }
        }
        let (total, kindergartenAmount) = (totalSum.saturated, kindergartenSum.saturated)
        let kindergartensParticipating = Int64(participating.filter { unitType($0) == .kindergarten }.count)
        let shareBp = BasisPoints.ratio(kindergartenAmount, of: total)
        return KindergartenShareFigures.with {
            $0.totalAmountOre = total
            $0.kindergartenAmountOre = kindergartenAmount
            $0.kindergartenShareBp = shareBp
            $0.kindergartenUnitsParticipating = kindergartensParticipating
            $0.kindergartenUnitsTotal = kindergartenUnitsTotal
            $0.unitsParticipating = Int64(participating.count)
            $0.unitsTotal = unitsTotal
            $0.participationParityBp = parityBp(
                part: kindergartensParticipating,
                of: kindergartenUnitsTotal,
                comparedTo: Int64(participating.count),
                of: unitsTotal
            )
            $0.reservedKindergartenShareBp = reservedBp
            $0.reservationMet = reservedBp.map { shareBp >= $0 } ?? true
            $0.unknownAmountOre = unknownSum.saturated
            $0.unknownLineCount = unknownLines
        }
    }

    /// V5 with the units of an embete from the reference data (COM-R6: municipalities in force on `date`).
    public static func kindergartenShare(
        _ lines: [ViewFigureLine],
        reference: ReferenceData,
        governorOfficeId: String,
        on date: LocalDate? = nil,
        reservedBp: Int32? = nil
    ) -> KindergartenShareFigures {
        let municipalities = Set(reference.municipalities(inGovernorOffice: governorOfficeId, on: date).map(\.id))
        let regionUnits = reference.set.units.filter {
            municipalities.contains($0.municipalityId) && $0.unitType != .pptOffice
        }
        return kindergartenShare(
            lines,
            unitType: { reference.unit($0)?.unitType },
            unitsTotal: Int64(regionUnits.count),
            kindergartenUnitsTotal: Int64(regionUnits.filter { $0.unitType == .kindergarten }.count),
            reservedBp: reservedBp
        )
    }

    /// (a ÷ A) ÷ (b ÷ B) in basis points; 0 when any part is empty.
    public static func parityBp(part a: Int64, of totalA: Int64, comparedTo b: Int64, of totalB: Int64) -> Int32 {
        guard a >= 0, totalA > 0, b > 0, totalB > 0 else { return 0 }
        let numerator = Int128(a) * Int128(totalB) * Int128(BasisPoints.whole)
        let denominator = Int128(totalA) * Int128(b)
        return Int32(clamping: numerator / denominator)
    }

    // MARK: V6

    /// V6: the fragmentation index of a set of line amounts.
    ///
    /// `hhi` = Σ(aᵢ/A)² and `effectiveGrants` = 1/hhi, both in basis points; `fragmentationBp` = 10 000 − hhi;
    /// `microShareBp` = lines below the threshold ÷ lines; the median averages the two middle lines; P10 is the
    /// nearest-rank 10th percentile; lines per municipality counts distinct municipalities (basis points).
    public static func fragmentation(
        _ lines: [ViewFigureLine],
        microGrantThresholdOre: Int64
    ) -> FragmentationFigures {
        let amounts = lines.map { max($0.amountOre, 0) }
        var totalSum = Money.Total()  // LIM-R2: saturating; the concentration figures need a total that fits
        for amount in amounts { totalSum.add(amount) }
        let total = totalSum.saturated
        let sorted = amounts.sorted()
        let n = Int64(amounts.count)
        let municipalities = Set(lines.flatMap(\.municipalityIds).filter { !$0.isEmpty })
        var figures = FragmentationFigures.with {
            $0.lineCount = n
            $0.totalAmountOre = total
            $0.microGrantThresholdOre = microGrantThresholdOre
            $0.municipalityCount = Int64(municipalities.count)
        }
        guard n > 0 else { return figures }
        let micro = Int64(amounts.filter { $0 < microGrantThresholdOre }.count)
        figures.microLineCount = micro
        figures.microShareBp = BasisPoints.ratio(micro, of: n)
        let middle = sorted.count / 2
        figures.medianLineOre =
            sorted.count % 2 == 1
            ? sorted[middle] : Int64(clamping: (Int128(sorted[middle - 1]) + Int128(sorted[middle])) / 2)
        let rank = (sorted.count * 10 + 99) / 100  // ceil(0.10 × n), at least 1
        figures.p10LineOre = sorted[max(rank, 1) - 1]
        if !municipalities.isEmpty {
            figures.linesPerMunicipalityBp = Money.multiplyDivide(
                n,
                Int64(BasisPoints.whole),
                Int64(municipalities.count)
            )
        }
        guard total > 0, totalSum.fits else { return figures }
        // Σaᵢ² ≤ A² < 2^126 fits in UInt128; the × 10 000 is done full width so it cannot overflow (LIM-R2).
        let squares = amounts.reduce(UInt128(0)) { $0 + UInt128($1) * UInt128($1) }
        let totalSquared = UInt128(total) * UInt128(total)
        let hhi = Int32(clamping: Self.basisPoints(squares, of: totalSquared))
        figures.hhiBp = hhi
        figures.fragmentationBp = BasisPoints.whole - hhi
        figures.effectiveGrantsBp = Int64(clamping: Self.basisPoints(totalSquared, of: squares))
        return figures
    }

    /// `part × 10 000 ÷ whole` for `part ≤ whole × 2^64` (the quotient fits), computed full width.
    static func basisPoints(_ part: UInt128, of whole: UInt128) -> UInt128 {
        guard whole > 0 else { return 0 }
        return whole.dividingFullWidth(part.multipliedFullWidth(by: UInt128(BasisPoints.whole))).quotient
    }
}
