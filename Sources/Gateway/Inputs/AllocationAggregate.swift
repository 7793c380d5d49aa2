import KSICore

/// What V1 and V3 read of AllocationService as sums (issue 17) instead of every grant decision, grant,
/// multi-year commitment, disbursement and reclaim case: the decided, precommitted, disbursed and reclaimed
/// groups of `AggregateAllocation`, summed in SQL by the service,
/// beside the lists that stay small — the regional frames and recommendations of the years (one per embete ×
/// scheme × year; the recommendation lines, which are not entities, give the decided amounts their sectors
/// and municipalities) and the embete's competence networks. Every amount of a group has the same embete,
/// scheme and year and — as asked for by `AllocationGrouping` — recipient and line, so a view that splits by
/// those keys gets the same figures from the groups as from the lists.
public struct AllocationAggregate: Sendable {
    public var frames: [RegionalFrame]
    public var recommendations: [Recommendation]
    public var networks: [CompetenceNetwork]
    public var decided: [DecidedGroup]
    public var precommitted: [PrecommittedGroup]
    /// Disbursements and decided or settled reclaim cases on the grants of the years, by the grant.
    public var disbursed: [GrantMoneyGroup]
    public var reclaimed: [GrantMoneyGroup]

    public init(
        frames: [RegionalFrame],
        recommendations: [Recommendation],
        networks: [CompetenceNetwork],
        decided: [DecidedGroup],
        precommitted: [PrecommittedGroup],
        disbursed: [GrantMoneyGroup] = [],
        reclaimed: [GrantMoneyGroup] = []
    ) {
        self.frames = frames
        self.recommendations = recommendations
        self.networks = networks
        self.decided = decided
        self.precommitted = precommitted
        self.disbursed = disbursed
        self.reclaimed = reclaimed
    }

    /// The same groups computed from the lists (the reference the SQL is tested against, and what a view uses
    /// when it has the lists anyway): grouped and limited to `years` exactly as `AggregateAllocation`.
    public init(data: AllocationData, grouping: AllocationGrouping, years: ClosedRange<Int32>) {
        let grants = Dictionary(data.grants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var decided = Sums<DecidedGroup>()
        for decision in data.decisions
        where decision.status == .signed && decision.approvedAmountOre > 0 && years.contains(decision.year) {
            decided.add(
                DecidedGroup.with {
                    $0.governorOfficeId = decision.governorOfficeId
                    $0.scheme = decision.scheme
                    $0.year = decision.year
                    if grouping.byLines {
                        $0.recipientOrgId = decision.recipientOrgId
                        $0.lineId = decision.lineId
                    }
                },
                decision.approvedAmountOre
            )
        }
        var precommitted = Sums<PrecommittedGroup>()
        for commitment in data.commitments where years.contains(commitment.year) {
            guard let grant = grants[commitment.grantId] else { continue }
            let confirmed = commitment.status == .confirmed || commitment.status == .reduced
            if confirmed && commitment.confirmedAmountOre > 0 {
                decided.add(
                    DecidedGroup.with {
                        $0.governorOfficeId = grant.governorOfficeId
                        $0.scheme = grant.scheme
                        $0.year = commitment.year
                        $0.fromCommitment = true
                        if grouping.byLines {
                            $0.recipientOrgId = grant.recipientOrgId
                            $0.recipientType = grant.recipientType
                            $0.lineId = commitment.recommendationLineId
                        }
                    },
                    commitment.confirmedAmountOre
                )
            }
            if commitment.status != .cancelled && grant.year < commitment.year {
                precommitted.add(
                    PrecommittedGroup.with {
                        $0.governorOfficeId = grant.governorOfficeId
                        $0.scheme = grant.scheme
                        $0.year = commitment.year
                        if grouping.byLines {
                            $0.recipientOrgId = grant.recipientOrgId
                            $0.recipientType = grant.recipientType
                            $0.lineIds = FactKeys.ids(fromKey: FactKeys.ids(grant.lineIds))
                        }
                    },
                    confirmed ? commitment.confirmedAmountOre : commitment.amountOre
                )
            }
        }
        func money(on grant: Grant) -> GrantMoneyGroup {
            GrantMoneyGroup.with {
                $0.governorOfficeId = grant.governorOfficeId
                $0.scheme = grant.scheme
                $0.year = grant.year
                if grouping.byLines {
                    $0.recipientOrgId = grant.recipientOrgId
                    $0.recipientType = grant.recipientType
                    $0.lineIds = FactKeys.ids(fromKey: FactKeys.ids(grant.lineIds))
                }
            }
        }
        var disbursed = Sums<GrantMoneyGroup>()
        for payment in data.disbursements {
            guard let grant = grants[payment.grantId], years.contains(grant.year) else { continue }
            disbursed.add(money(on: grant), payment.amountOre)
        }
        var reclaimed = Sums<GrantMoneyGroup>()
        for reclaim in data.reclaims where reclaim.status == .decided || reclaim.status == .settled {
            guard let grant = grants[reclaim.grantId], years.contains(grant.year) else { continue }
            reclaimed.add(money(on: grant), reclaim.amountOre)
        }
        self.init(
            frames: data.frames,
            recommendations: data.recommendations,
            networks: data.networks,
            decided: decided.groups,
            precommitted: precommitted.groups,
            disbursed: disbursed.groups,
            reclaimed: reclaimed.groups
        )
    }

    /// The decided amounts for `year` in scope as `DecidedLine`s, one per group: the line a group names
    /// (read among the recommendations) gives its sectors and municipalities, and for a decision its recipient
    /// type (as `AllocationData.decidedLines`).
    public func decidedLines(year: Int32, governorOfficeId: String, scheme: Scheme) -> [DecidedLine] {
        let lines = linesById
        return decided.compactMap { group in
            guard group.year == year, governorOfficeId.isEmpty || group.governorOfficeId == governorOfficeId,
                scheme == .unspecified || group.scheme == scheme
            else { return nil }
            let line = group.lineId.isEmpty ? nil : lines[group.lineId]
            return DecidedLine(
                governorOfficeId: group.governorOfficeId,
                scheme: group.scheme,
                year: group.year,
                amountOre: group.amountOre,
                recipientOrgId: group.recipientOrgId,
                recipientType: group.fromCommitment ? group.recipientType : line?.recipientType ?? .unspecified,
                needsReportIds: [],
                line: line,
                decisionId: ""
            )
        }
    }

    /// Every recommendation line read, by id.
    public var linesById: [String: RecommendationLine] {
        var data = AllocationData()
        data.recommendations = recommendations
        return data.linesById
    }

    /// Amounts summed by their keys (the group with `amountOre` and `count` 0), saturating (LIM-R2), in the
    /// order first seen.
    private struct Sums<Group: SummedGroup> {
        var order: [Group] = []
        var sums: [Group: (amount: Int64, count: Int64)] = [:]

        mutating func add(_ key: Group, _ amountOre: Int64) {
            if sums[key] == nil { order.append(key) }
            let current = sums[key] ?? (0, 0)
            sums[key] = (Money.saturatingSum([current.amount, amountOre]) { $0 }, current.count + 1)
        }

        var groups: [Group] {
            order.map { key in
                var group = key
                group.amountOre = sums[key]?.amount ?? 0
                group.count = sums[key]?.count ?? 0
                return group
            }
        }
    }
}

private protocol SummedGroup: Hashable {
    var amountOre: Int64 { get set }
    var count: Int64 { get set }
}

extension DecidedGroup: SummedGroup {}
extension PrecommittedGroup: SummedGroup {}
extension GrantMoneyGroup: SummedGroup {}

extension GrantMoneyGroup {
    /// The group's grant as far as the views split by it (`ItemFacts.grant`).
    var grant: Grant {
        Grant.with {
            $0.governorOfficeId = governorOfficeId
            $0.scheme = scheme
            $0.year = year
            $0.recipientOrgId = recipientOrgId
            $0.recipientType = recipientType
            $0.lineIds = lineIds
        }
    }
}

/// Which keys besides embete, scheme and year the allocation groups split by.
public struct AllocationGrouping: Sendable, Hashable {
    public var byLines: Bool

    public init(byLines: Bool = false) {
        self.byLines = byLines
    }

    /// The keys a breakdown by `dimensions` needs (`ItemFacts.decided`, `ItemFacts.grant`): a split by region or
    /// year only the embete and year; any other the recipient and lines (sectors, owner type, size band). A
    /// split by network reads the lists (the networks come from the reports the decisions cite).
    public init(breakdowns dimensions: [ViewDimension]) {
        self.init(byLines: Breakdowns.dimensions(dimensions).contains { $0 != .region && $0 != .year })
    }

    /// A name for the view cache's key.
    var cacheVariant: String {
        "allocation-aggregate:\(byLines ? "l" : "")"
    }

    /// The request of `AggregateAllocation` for `query` grouped this way.
    func request(_ query: ViewQuery) -> AggregateAllocationRequest {
        AggregateAllocationRequest.with {
            $0.governorOfficeId = query.governorOfficeId
            $0.scheme = query.scheme
            $0.fromYear = query.years.lowerBound
            $0.toYear = query.years.upperBound
            $0.byLines = byLines
        }
    }
}

extension AllocationAggregate: ViewSourceItems {
    var itemCount: Int {
        frames.count + recommendations.count + networks.count + decided.count + precommitted.count
            + disbursed.count + reclaimed.count
    }
}
