import KSICore

/// V3 Demand vs budget (DOMAIN.md §5; PP4): how much was asked for against the frame, how much of the frame
/// earlier years already bound, and how much of the demand was met.
///
/// PD: `precommittedOre` sums the multi-year commitments for Y on grants of earlier years that are not
/// cancelled, at their confirmed amount once confirmed or reduced and at the indicative amount before.
/// `availableOre` may be negative when earlier years bound more than the frame; it is 0 when no frame is set
/// for the year (the dashboard shows it as not set).
///
/// Issue 17: the decided and precommitted amounts come as sums grouped in AllocationService
/// (`AllocationAggregate`), the frames and recommendations as their few lists; a split by network reads every
/// decision, grant and commitment instead (`inputs.allocation`), and gives the same figures.
public enum DemandVsBudgetView {
    public static func make(_ request: GetDemandVsBudgetRequest, inputs: ViewInputs) -> DemandVsBudget {
        let scope = ViewScope(inputs, scheme: request.scheme)
        let needs = inputs.needsGroups(NeedsGrouping(breakdowns: request.breakdowns))
        let items = Items(scope: scope, inputs: inputs, needs: needs)
        let keys = DimensionKeys(
            reference: inputs.reference,
            sizeBandSet: request.sizeBandSet,
            networks: inputs.allocation.value?.networks ?? inputs.allocationAggregate.value?.networks ?? []
        )
        var rows = BreakdownRows(request.breakdowns)
        items.collect(into: &rows, keys: keys)
        return DemandVsBudget.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.scheme = request.scheme
            $0.year = scope.year
            $0.generatedAt = inputs.nowMillis
            $0.allocationSection = items.allocationSection
            $0.needsSection = needs.status
            $0.totals = items.figures
            $0.breakdowns = rows.keys.map { row in
                DemandVsBudgetBreakdown.with {
                    $0.keys = row
                    $0.figures = items.filtered(row, rows: rows, keys: keys).figures
                }
            }
        }
    }

    /// What V3 sums, limited to the scope; an unavailable section leaves its lists empty.
    struct Items {
        var frames: [RegionalFrame] = []
        /// The requested reports as groups (issue 17): every report of a group has the same dimension facts.
        var reports: [NeedsReportGroup] = []
        var decided: [DecidedLine] = []
        /// Precommitted amounts, each with the grant it hangs on as of the year it binds (`Precommitted`).
        var commitments: [Precommitted] = []
        let facts: ItemFacts
        let allocationSection: SectionStatus

        init(scope: ViewScope, inputs: ViewInputs, needs: SourceSection<NeedsAggregate>) {
            // The line networks of a split by network need the reports themselves (read only then).
            facts = ItemFacts(
                reference: inputs.reference,
                reportsById: inputs.needs.value?.reportsById ?? [:],
                lines: inputs.allocation.value?.linesById ?? inputs.allocationAggregate.value?.linesById ?? [:]
            )
            reports = (needs.value?.groups ?? []).filter {
                $0.countsAsRequested
                    && scope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme, year: $0.year)
            }
            if let allocation = inputs.allocation.value {
                allocationSection = inputs.allocation.status
                frames = allocation.frames(in: scope)
                decided = allocation.decidedLines(
                    year: scope.year,
                    governorOfficeId: scope.governorOfficeId,
                    scheme: scope.scheme
                )
                let grants = Dictionary(allocation.grants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
                commitments = allocation.commitments.compactMap { commitment in
                    guard commitment.year == scope.year, commitment.status != .cancelled,
                        let grant = grants[commitment.grantId],
                        grant.year < scope.year,
                        scope.contains(governorOfficeId: grant.governorOfficeId, scheme: grant.scheme)
                    else { return nil }
                    return Precommitted(commitment, grant: grant)
                }
            } else if let aggregate = inputs.allocationAggregate.value {
                allocationSection = inputs.allocationAggregate.status
                var data = AllocationData()
                data.frames = aggregate.frames
                frames = data.frames(in: scope)
                decided = aggregate.decidedLines(
                    year: scope.year,
                    governorOfficeId: scope.governorOfficeId,
                    scheme: scope.scheme
                )
                commitments = aggregate.precommitted.compactMap { group in
                    guard group.year == scope.year,
                        scope.contains(governorOfficeId: group.governorOfficeId, scheme: group.scheme)
                    else { return nil }
                    return Precommitted(group)
                }
            } else {
                // Neither read: the failure of the one asked for.
                allocationSection =
                    inputs.allocationAggregate.wasRequested
                    ? inputs.allocationAggregate.status : inputs.allocation.status
            }
        }

        func collect(into rows: inout BreakdownRows, keys: DimensionKeys) {
            rows.collect(frames, key: keys.key(facts.frame))
            rows.collect(reports, key: keys.key(facts.reportGroup))
            rows.collect(decided, key: keys.key(facts.decided))
            rows.collect(commitments, key: keys.key(commitmentFacts))
        }

        func filtered(_ row: [DimensionValue], rows: BreakdownRows, keys: DimensionKeys) -> Items {
            var result = self
            result.frames = rows.items(frames, in: row, key: keys.key(facts.frame))
            result.reports = rows.items(reports, in: row, key: keys.key(facts.reportGroup))
            result.decided = rows.items(decided, in: row, key: keys.key(facts.decided))
            result.commitments = rows.items(commitments, in: row, key: keys.key(commitmentFacts))
            return result
        }

        /// A commitment is split as its grant, but in the year it binds.
        func commitmentFacts(_ item: Precommitted) -> DimensionFacts {
            facts.grant(item.grant)
        }

        var figures: DemandVsBudgetFigures {
            // LIM-R2: sums over stored data saturate to Money.saturatedOre (shown as beyond range), never trap.
            let frameOre = Money.saturatingSum(frames) { $0.amountOre }
            let requestedOre = Money.saturatingSum(reports) { $0.requestedOre }
            let precommittedOre = Money.saturatingSum(commitments) { $0.amountOre }
            let decidedOre = Money.saturatingSum(decided) { $0.amountOre }
            return DemandVsBudgetFigures.with {
                $0.frameOre = frameOre
                $0.requestedOre = requestedOre
                // §5: requested ÷ frame (the 12 vs ~6 MNOK example gives 20 000).
                $0.demandRatioBp = ViewFigures.demandRatioBp(requestedOre: requestedOre, availableOre: frameOre)
                $0.precommittedOre = precommittedOre
                // No frame set: nothing is known to be available (0), never −precommitted (the page says «ikke fastsatt»).
                $0.availableOre = frames.isEmpty ? 0 : Money.saturatingSubtract(frameOre, precommittedOre)
                $0.decidedOre = decidedOre
                $0.coverageBp = BasisPoints.ratio(decidedOre, of: requestedOre)
            }
        }
    }
}

/// V3: a precommitted amount (PD: the confirmed amount once confirmed or reduced, the indicative amount
/// before) with the grant it hangs on, its year set to the year the commitment binds — one commitment from
/// the lists, or a group of them from `AggregateAllocation`.
struct Precommitted {
    var amountOre: Int64
    var grant: Grant

    init(_ commitment: MultiYearCommitment, grant: Grant) {
        amountOre =
            commitment.status == .confirmed || commitment.status == .reduced
            ? commitment.confirmedAmountOre : commitment.amountOre
        self.grant = grant
        self.grant.year = commitment.year
    }

    init(_ group: PrecommittedGroup) {
        amountOre = group.amountOre
        grant = Grant.with {
            $0.governorOfficeId = group.governorOfficeId
            $0.scheme = group.scheme
            $0.year = group.year
            $0.recipientOrgId = group.recipientOrgId
            $0.recipientType = group.recipientType
            $0.lineIds = group.lineIds
        }
    }
}
