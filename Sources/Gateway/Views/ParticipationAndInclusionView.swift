import KSICore

/// V11 Participation and inclusion (DOMAIN.md §5; PP6, PP12, PP36): private parity, PPT involvement, the
/// share funded other than requested, and co-financing compliance by size band (ALLOC-R12).
///
/// Product decisions (PD):
/// - a unit "takes part" when it is named on a decided line of the year or in a measure of the year that is not
///   aborted (`YearActivity.runs`: a measure in another year does not count);
///   the totals are the units of the municipalities in scope (PPT offices excluded); private = owner type
///   `privateKindergarten` or `privateSchool`, municipal = owner type `municipality`;
/// - PPT involvement and the funded shares count the reports of the year that are not drafts or withdrawn;
/// - a pledge complies when `pledgedOre` ≥ `requiredOre` (ALLOC-R12's acceptance test); its size band is
///   that of the pledging owner's municipality; every band of the set is listed, in band order.
public enum ParticipationAndInclusionView {
    public static func make(
        _ request: GetParticipationAndInclusionRequest,
        inputs: ViewInputs
    ) -> ParticipationAndInclusion {
        let scope = ViewScope(inputs, scheme: request.scheme)
        let items = Items(scope: scope, inputs: inputs)
        let keys = DimensionKeys(
            reference: inputs.reference,
            sizeBandSet: request.sizeBandSet,
            networks: inputs.allocation.value?.networks ?? []
        )
        var rows = BreakdownRows(request.breakdowns)
        items.collect(into: &rows, keys: keys)
        return ParticipationAndInclusion.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.scheme = request.scheme
            $0.year = scope.year
            $0.generatedAt = inputs.nowMillis
            $0.needsSection = inputs.needs.status
            $0.partnershipsSection = inputs.partnerships.status
            $0.allocationSection = inputs.allocation.status
            $0.referenceSection = availableSection
            $0.totals = items.figures
            $0.breakdowns = rows.keys.map { row in
                ParticipationAndInclusionBreakdown.with {
                    $0.keys = row
                    $0.figures = items.filtered(row, rows: rows, keys: keys).figures
                }
            }
            $0.coFinancingCompliance = coFinancingCompliance(
                scope: scope,
                inputs: inputs,
                sizeBandSet: keys.sizeBandSet
            )
        }
    }

    /// ALLOC-R12 by size band: the pledges on the year's grants in scope.
    static func coFinancingCompliance(
        scope: ViewScope,
        inputs: ViewInputs,
        sizeBandSet: String
    ) -> [CoFinancingComplianceRow] {
        let reference = inputs.reference
        let bands = reference.set.sizeBands.filter { $0.sizeBandSet == sizeBandSet && $0.basis != .pupils }
        var codes: [String] = []
        for band in bands.sorted(by: { $0.lowerBound < $1.lowerBound }) where !codes.contains(band.code) {
            codes.append(band.code)
        }
        var rows = Dictionary(
            uniqueKeysWithValues: codes.map { code in (code, CoFinancingComplianceRow.with { $0.sizeBand = code }) }
        )
        if let allocation = inputs.allocation.value {
            let grants = Dictionary(
                allocation.grants.filter {
                    scope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme, year: $0.year)
                }
                .map { ($0.id, $0) },
                uniquingKeysWith: { first, _ in first }
            )
            for pledge in allocation.pledges where grants[pledge.grantId] != nil {
                guard let municipalityId = reference.owner(pledge.ownerId)?.municipalityId else { continue }
                let code = SizeBands.code(
                    municipalityId: municipalityId,
                    set: sizeBandSet,
                    reference: reference,
                    on: scope.yearEnd
                )
                guard var row = rows[code] else { continue }
                row.pledgesTotal += 1
                if pledge.pledgedOre >= pledge.requiredOre { row.pledgesCompliant += 1 }
                // LIM-R2: saturating over stored data (Money.saturatedOre marks a sum beyond range).
                row.requiredOre = Money.saturatingAdd(row.requiredOre, pledge.requiredOre)
                row.pledgedOre = Money.saturatingAdd(row.pledgedOre, pledge.pledgedOre)
                row.documentedOre = Money.saturatingAdd(row.documentedOre, pledge.documentedOre)
                rows[code] = row
            }
        }
        return codes.compactMap { code in
            rows[code].map { row in
                var row = row
                row.complianceBp = BasisPoints.ratio(row.pledgesCompliant, of: row.pledgesTotal)
                return row
            }
        }
    }

    /// What V11 counts, limited to the scope; an unavailable section leaves its lists empty.
    struct Items {
        var reports: [NeedsReport] = []
        var decided: [DecidedLine] = []
        var measures: [Measure] = []
        /// The units of the municipalities in scope, PPT offices excluded: the parity denominators.
        var units: [Unit] = []
        let facts: ItemFacts
        let reference: ReferenceData

        init(scope: ViewScope, inputs: ViewInputs) {
            reference = inputs.reference
            let allReports = inputs.needs.value?.reports ?? []
            facts = ItemFacts(
                reference: inputs.reference,
                reportsById: inputs.needs.value?.reportsById ?? [:],
                lines: inputs.allocation.value?.linesById ?? [:]
            )
            reports = allReports.filter {
                $0.countsAsRequested
                    && scope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme, year: $0.year)
            }
            decided =
                inputs.allocation.value?.decidedLines(
                    year: scope.year,
                    governorOfficeId: scope.governorOfficeId,
                    scheme: scope.scheme
                ) ?? []
            measures = (inputs.partnerships.value?.measures ?? []).filter {
                $0.status != .aborted && scope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme)
                    && YearActivity.runs($0, in: scope.year)
            }
            let municipalities = Set(scope.municipalities(inputs.reference).map(\.id))
            units = inputs.reference.set.units.filter {
                municipalities.contains($0.municipalityId) && $0.unitType != .pptOffice
            }
        }

        func unitFacts(_ unit: Unit) -> DimensionFacts {
            DimensionFacts(
                ownerIds: [unit.ownerId],
                municipalityIds: [unit.municipalityId],
                governorOfficeId: reference.municipality(unit.municipalityId)?.governorOfficeId
            )
        }

        func collect(into rows: inout BreakdownRows, keys: DimensionKeys) {
            rows.collect(reports, key: keys.key(facts.report))
            rows.collect(decided, key: keys.key(facts.decided))
            rows.collect(measures, key: keys.key(facts.measure))
            rows.collect(units, key: keys.key(unitFacts))
        }

        func filtered(_ row: [DimensionValue], rows: BreakdownRows, keys: DimensionKeys) -> Items {
            var result = self
            result.reports = rows.items(reports, in: row, key: keys.key(facts.report))
            result.decided = rows.items(decided, in: row, key: keys.key(facts.decided))
            result.measures = rows.items(measures, in: row, key: keys.key(facts.measure))
            result.units = rows.items(units, in: row, key: keys.key(unitFacts))
            return result
        }

        var figures: ParticipationAndInclusionFigures {
            var participating = Set<String>()
            for line in decided { participating.formUnion(line.line?.participatingUnitIds ?? []) }
            for measure in measures { participating.formUnion(measure.participatingUnitIds) }
            let ownerTypes = { (unit: Unit) in reference.owner(unit.ownerId)?.ownerType ?? .unspecified }
            let privateUnits = units.filter { [.privateKindergarten, .privateSchool].contains(ownerTypes($0)) }
            let municipalUnits = units.filter { ownerTypes($0) == .municipality }
            let privateTakingPart = Int64(privateUnits.filter { participating.contains($0.id) }.count)
            let municipalTakingPart = Int64(municipalUnits.filter { participating.contains($0.id) }.count)
            // Counted, not filtered into new arrays: a national year has tens of thousands of reports.
            var invited: Int64 = 0
            var fundedCount: Int64 = 0
            var otherThanRequested: Int64 = 0
            for index in reports.indices {
                if reports[index].pptInvolvement.rawValue >= PptInvolvement.invited.rawValue { invited += 1 }
                switch reports[index].outcome {
                case .fundedAsRequested: fundedCount += 1
                case .fundedOtherThanRequested:
                    fundedCount += 1
                    otherThanRequested += 1
                default: break
                }
            }
            return ParticipationAndInclusionFigures.with {
                $0.privateUnitsParticipating = privateTakingPart
                $0.privateUnitsTotal = Int64(privateUnits.count)
                $0.municipalUnitsParticipating = municipalTakingPart
                $0.municipalUnitsTotal = Int64(municipalUnits.count)
                $0.privateParityBp = ViewFigures.parityBp(
                    part: privateTakingPart,
                    of: Int64(privateUnits.count),
                    comparedTo: municipalTakingPart,
                    of: Int64(municipalUnits.count)
                )
                $0.reportsTotal = Int64(reports.count)
                $0.reportsPptInvitedOrHigher = invited
                $0.pptInvolvementBp = BasisPoints.ratio(invited, of: Int64(reports.count))
                $0.fundedReports = fundedCount
                $0.fundedOtherThanRequested = otherThanRequested
                $0.fundedOtherThanRequestedBp = BasisPoints.ratio(otherThanRequested, of: fundedCount)
            }
        }
    }
}
