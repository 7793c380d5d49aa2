import KSICore

/// V1 Region overview (DOMAIN.md §5): the money chain from frame to reclaim, counts of reports, partnerships
/// and measures, and municipal participation, for an embete (or nationally) and a year.
///
/// Product decisions (PD):
/// - frame: per embete and scheme the published frame of the year, else the latest draft;
/// - recommended: lines of recommendations of the year that the forum has adopted (adopted, submitted,
///   under control, decided); drafts and recommendations returned to the forum are not counted;
/// - disbursed and reclaimed: money on the year's grants, whenever paid; reclaimed counts decided and
///   settled reclaim cases (an open case is not yet a reclaim);
/// - partnerships and measures have no budget year: the year's are those active or running in it
///   (`YearActivity`), counted by the status they have now; a measure in another year counts neither in
///   the counts nor in municipal participation.
///
/// Issue 17: decided, disbursed and reclaimed money comes as sums grouped in AllocationService
/// (`AllocationAggregate`, always by recipient and line: municipal participation looks at the recipients),
/// the frames and recommendations as their few lists; a split by network reads every decision, grant,
/// disbursement and reclaim case instead (`inputs.allocation`), and gives the same figures.
public enum RegionOverviewView {
    public static func make(_ request: GetRegionOverviewRequest, inputs: ViewInputs) -> RegionOverview {
        let scope = ViewScope(inputs, scheme: request.scheme)
        let needs = inputs.needsGroups(NeedsGrouping(breakdowns: request.breakdowns))
        let partnerships = inputs.partnershipGroups(PartnershipGrouping(breakdowns: request.breakdowns))
        let items = Items(scope: scope, inputs: inputs, needs: needs, partnerships: partnerships)
        let facts = items.facts
        let keys = DimensionKeys(
            reference: inputs.reference,
            sizeBandSet: request.sizeBandSet,
            networks: inputs.allocation.value?.networks ?? inputs.allocationAggregate.value?.networks ?? []
        )

        var rows = BreakdownRows(request.breakdowns)
        items.collect(into: &rows, keys: keys, facts: facts)
        return RegionOverview.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.scheme = request.scheme
            $0.year = scope.year
            $0.generatedAt = inputs.nowMillis
            $0.allocationSection = items.allocationSection
            $0.needsSection = needs.status
            $0.partnershipsSection = partnerships.status
            $0.totals = items.figures(reference: inputs.reference)
            $0.breakdowns = rows.keys.map { row in
                RegionOverviewBreakdown.with {
                    $0.keys = row
                    $0.figures = items.filtered(row, rows: rows, keys: keys, facts: facts).figures(
                        reference: inputs.reference
                    )
                }
            }
        }
    }

    /// Everything V1 counts, already limited to the scope; unavailable sections leave their lists empty.
    struct Items {
        var frames: [RegionalFrame] = []
        /// The needs reports as groups (issue 17): every report of a group has the same dimension facts.
        var reports: [NeedsReportGroup] = []
        var recommended: [(line: RecommendationLine, governorOfficeId: String, year: Int32)] = []
        var decided: [DecidedLine] = []
        /// Money paid and reclaimed, each with the grant it is on (one payment or case from the lists, or a group
        /// of them from `AggregateAllocation`).
        var disbursements: [GrantMoney] = []
        var reclaims: [GrantMoney] = []
        /// Partnerships and measures as groups (issue 17): every member of a group has the same dimension facts.
        var partnerships: [PartnershipGroup] = []
        var measures: [MeasureGroup] = []
        var municipalities: [Municipality] = []
        var facts: ItemFacts
        var allocationSection: SectionStatus

        init(
            scope: ViewScope,
            inputs: ViewInputs,
            needs: SourceSection<NeedsAggregate>,
            partnerships partnershipGroups: SourceSection<PartnershipsAggregate>
        ) {
            // The line networks of a split by network need the reports themselves (read only then).
            facts = ItemFacts(
                reference: inputs.reference,
                reportsById: inputs.needs.value?.reportsById ?? [:],
                lines: inputs.allocation.value?.linesById ?? inputs.allocationAggregate.value?.linesById ?? [:]
            )
            reports = (needs.value?.groups ?? []).filter {
                scope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme, year: $0.year)
            }
            municipalities = scope.municipalities(inputs.reference)
            allocationSection = inputs.allocation.status
            var recommendations: [Recommendation] = []
            if let allocation = inputs.allocation.value {
                frames = allocation.frames(in: scope)
                recommendations = allocation.recommendations
                decided = allocation.decidedLines(
                    year: scope.year,
                    governorOfficeId: scope.governorOfficeId,
                    scheme: scope.scheme
                )
                let grants = Dictionary(
                    allocation.grants.filter {
                        scope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme, year: $0.year)
                    }
                    .map { ($0.id, $0) },
                    uniquingKeysWith: { first, _ in first }
                )
                disbursements = allocation.disbursements.compactMap { payment in
                    grants[payment.grantId].map { GrantMoney(amountOre: payment.amountOre, grant: $0) }
                }
                reclaims = allocation.reclaims.filter { $0.status == .decided || $0.status == .settled }
                    .compactMap { reclaim in
                        grants[reclaim.grantId].map { GrantMoney(amountOre: reclaim.amountOre, grant: $0) }
                    }
            } else if let aggregate = inputs.allocationAggregate.value {
                allocationSection = inputs.allocationAggregate.status
                var data = AllocationData()
                data.frames = aggregate.frames
                frames = data.frames(in: scope)
                recommendations = aggregate.recommendations
                decided = aggregate.decidedLines(
                    year: scope.year,
                    governorOfficeId: scope.governorOfficeId,
                    scheme: scope.scheme
                )
                func inScope(_ group: GrantMoneyGroup) -> GrantMoney? {
                    scope.contains(governorOfficeId: group.governorOfficeId, scheme: group.scheme, year: group.year)
                        ? GrantMoney(amountOre: group.amountOre, grant: group.grant) : nil
                }
                disbursements = aggregate.disbursed.compactMap(inScope)
                reclaims = aggregate.reclaimed.compactMap(inScope)
            } else if inputs.allocationAggregate.wasRequested {
                allocationSection = inputs.allocationAggregate.status
            }
            do {
                let adopted: Set<RecommendationStatus> = [.adopted, .submitted, .underControl, .decided]
                for recommendation in recommendations
                where adopted.contains(recommendation.status)
                    && scope.contains(
                        governorOfficeId: recommendation.governorOfficeId,
                        scheme: recommendation.scheme,
                        year: recommendation.year
                    )
                {
                    recommended += recommendation.lines.map {
                        ($0, recommendation.governorOfficeId, recommendation.year)
                    }
                }
            }
            if let partnershipData = partnershipGroups.value {
                partnerships = partnershipData.partnerships.filter {
                    scope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme)
                        && YearActivity.wasActive($0, in: scope.year)
                }
                measures = partnershipData.measures.filter {
                    scope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme)
                        && YearActivity.runs($0, in: scope.year)
                }
            }
        }

        func collect(into rows: inout BreakdownRows, keys: DimensionKeys, facts: ItemFacts) {
            rows.collect(frames, key: keys.key(facts.frame))
            rows.collect(reports, key: keys.key(facts.reportGroup))
            rows.collect(
                recommended,
                key: keys.key { facts.line($0.line, governorOfficeId: $0.governorOfficeId, year: $0.year) }
            )
            rows.collect(decided, key: keys.key(facts.decided))
            rows.collect(disbursements, key: keys.key { facts.grant($0.grant) })
            rows.collect(reclaims, key: keys.key { facts.grant($0.grant) })
            rows.collect(partnerships, key: keys.key(facts.partnershipGroup))
            rows.collect(measures, key: keys.key(facts.measureGroup))
            rows.collect(municipalities, key: keys.key(facts.municipality))
        }

        /// The items of one breakdown row.
        func filtered(_ row: [DimensionValue], rows: BreakdownRows, keys: DimensionKeys, facts: ItemFacts) -> Items {
            var result = self
            result.frames = rows.items(frames, in: row, key: keys.key(facts.frame))
            result.reports = rows.items(reports, in: row, key: keys.key(facts.reportGroup))
            result.recommended = rows.items(
                recommended,
                in: row,
                key: keys.key { facts.line($0.line, governorOfficeId: $0.governorOfficeId, year: $0.year) }
            )
            result.decided = rows.items(decided, in: row, key: keys.key(facts.decided))
            result.disbursements = rows.items(disbursements, in: row, key: keys.key { facts.grant($0.grant) })
            result.reclaims = rows.items(reclaims, in: row, key: keys.key { facts.grant($0.grant) })
            result.partnerships = rows.items(partnerships, in: row, key: keys.key(facts.partnershipGroup))
            result.measures = rows.items(measures, in: row, key: keys.key(facts.measureGroup))
            result.municipalities = rows.items(municipalities, in: row, key: keys.key(facts.municipality))
            return result
        }

        func figures(reference: ReferenceData) -> RegionOverviewFigures {
            // LIM-R2: sums over stored data saturate to Money.saturatedOre (shown as beyond range), never trap.
            let frameOre = Money.saturatingSum(frames) { $0.amountOre }
            let decidedOre = Money.saturatingSum(decided) { $0.amountOre }
            let participating = participatingMunicipalities(reference: reference)
            return RegionOverviewFigures.with {
                $0.frameOre = frameOre
                $0.requestedOre = Money.saturatingSum(reports.lazy.filter(\.countsAsRequested)) { $0.requestedOre }
                $0.recommendedOre = Money.saturatingSum(recommended) { $0.line.amountOre }
                $0.decidedOre = decidedOre
                $0.disbursedOre = Money.saturatingSum(disbursements) { $0.amountOre }
                $0.reclaimedOre = Money.saturatingSum(reclaims) { $0.amountOre }
                $0.utilisationBp = BasisPoints.ratio(decidedOre, of: frameOre)
                // Counted in one pass: grouping would copy every report and measure (large structs) into new arrays.
                $0.reportsByStatus = Self.counts(of: reports, by: \.status, weight: \.count).map { status, count in
                    NeedsReportStatusCount.with {
                        $0.status = status
                        $0.count = count
                    }
                }
                $0.activePartnerships = partnerships.reduce(0) { $0 + $1.count }
                $0.measuresByStatus = Self.counts(of: measures, by: \.status, weight: \.count).map { status, count in
                    MeasureStatusCount.with {
                        $0.status = status
                        $0.count = count
                    }
                }
                $0.participatingMunicipalities = Int64(participating)
                $0.totalMunicipalities = Int64(municipalities.count)
                $0.municipalParticipationBp = BasisPoints.ratio(Int64(participating), of: Int64(municipalities.count))
            }
        }

        /// How many items have each value of `key`, in the order of the values' raw values.
        /// `weight`: how many each item stands for (a group of reports or measures: its count).
        static func counts<Item, Value: RawRepresentable & Hashable>(
            of items: [Item],
            by key: (Item) -> Value,
            weight: (Item) -> Int64 = { _ in 1 }
        ) -> [(Value, Int64)] where Value.RawValue: Comparable {
            var counts: [Value: Int64] = [:]
            for item in items { counts[key(item), default: 0] += weight(item) }
            return counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) }
        }

        /// V1 municipal participation: municipalities with ≥ 1 decided line of the year to the kommune itself (the
        /// recipient is the municipality's own `municipality` owner) or ≥ 1 unit in a measure of the year that is
        /// not aborted.
        func participatingMunicipalities(reference: ReferenceData) -> Int {
            var ids = Set<String>()
            for line in decided {
                if let owner = reference.owner(line.recipientOrgId), owner.ownerType == .municipality {
                    ids.insert(owner.municipalityId)
                }
            }
            for measure in measures where measure.status != .aborted {
                for unitId in measure.participatingUnitIds {
                    if let unit = reference.unit(unitId) { ids.insert(unit.municipalityId) }
                }
            }
            return Set(municipalities.map(\.id)).intersection(ids).count
        }
    }
}

/// V1: money paid or reclaimed on a grant — one disbursement or reclaim case from the lists, or a group of them
/// from `AggregateAllocation` (split as the grant, `ItemFacts.grant`).
struct GrantMoney {
    var amountOre: Int64
    var grant: Grant
}
