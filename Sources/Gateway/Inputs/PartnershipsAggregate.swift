import KSICore

/// What a view reads of PartnershipService as counts (issue 17) instead of every partnership and measure:
/// the groups of `AggregatePartnerships`, computed in SQL by the service. Every partnership of a group has
/// the same embete, scheme, status, activity years (`YearActivity.wasActive`) and — as asked for by
/// `PartnershipGrouping` — owners; every measure of a group the same embete, scheme, status, start and end
/// year, participating units, draft partnership (PRIV-R12) and, as asked for, sectors. A view that splits
/// or filters by those keys gets the same figures from the groups as from the lists.
public struct PartnershipsAggregate: Sendable {
    /// Partnership groups; drafts are never among them.
    public var partnerships: [PartnershipGroup]
    public var measures: [MeasureGroup]
    /// The draft partnerships the measure groups name, reduced to who may read them (`Partnership.readers`).
    public var draftPartnerships: [Partnership]

    public init(partnerships: [PartnershipGroup], measures: [MeasureGroup], draftPartnerships: [Partnership]) {
        self.partnerships = partnerships
        self.measures = measures
        self.draftPartnerships = draftPartnerships
    }

    public init(_ response: AggregatePartnershipsResponse) {
        self.init(
            partnerships: response.partnerships,
            measures: response.measures,
            draftPartnerships: response.draftPartnerships
        )
    }

    /// The same groups computed from the lists (the reference the SQL is tested against, and what a view
    /// uses when it has the lists anyway): grouped and limited to `years` exactly as `AggregatePartnerships`.
    public init(data: PartnershipsData, grouping: PartnershipGrouping, years: ClosedRange<Int32>) {
        var partnershipGroups = Groups<PartnershipGroup>()
        for partnership in data.partnerships where partnership.status != .draft {
            let activity = partnership.activityYears
            guard activity.activated <= years.upperBound && activity.ended >= years.lowerBound else { continue }
            let group = PartnershipGroup.with {
                $0.governorOfficeId = partnership.governorOfficeId
                $0.scheme = partnership.scheme
                $0.status = partnership.status
                $0.activatedYear = activity.activated
                $0.endedYear = activity.ended
                $0.agreementYears = activity.agreements
                if grouping.byOwners { $0.ownerIds = FactKeys.ids(fromKey: FactKeys.ids(partnership.ownerIds)) }
            }
            partnershipGroups.add(group)
        }
        let drafts = Dictionary(
            data.partnerships.filter { $0.status == .draft }.map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        var measureGroups = Groups<MeasureGroup>()
        var named: [String] = []
        for measure in data.measures
        where measure.startYear <= years.upperBound && measure.endYear >= years.lowerBound {
            let draft = drafts[measure.partnershipId] != nil
            if draft && !named.contains(measure.partnershipId) { named.append(measure.partnershipId) }
            let group = MeasureGroup.with {
                $0.governorOfficeId = measure.governorOfficeId
                $0.scheme = measure.scheme
                $0.status = measure.status
                $0.startYear = measure.startYear
                $0.endYear = measure.endYear
                $0.draftPartnershipId = draft ? measure.partnershipId : ""
                $0.participatingUnitIds = FactKeys.ids(fromKey: FactKeys.ids(measure.participatingUnitIds))
                if grouping.bySectors {
                    $0.sectors = NeedsReport.sectors(fromKey: NeedsReport.sectorsKey(measure.sectors))
                }
            }
            measureGroups.add(group)
        }
        self.init(
            partnerships: partnershipGroups.groups,
            measures: measureGroups.groups,
            draftPartnerships: named.compactMap { drafts[$0]?.readers }
        )
    }

    /// Groups counted by their keys (the group with `count` 0), in the order first seen.
    private struct Groups<Group: CountedGroup> {
        var order: [Group] = []
        var counts: [Group: Int64] = [:]

        mutating func add(_ key: Group) {
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }

        var groups: [Group] {
            order.map { key in
                var group = key
                group.count = counts[key] ?? 0
                return group
            }
        }
    }
}

private protocol CountedGroup: Hashable {
    var count: Int64 { get set }
}

extension PartnershipGroup: CountedGroup {}
extension MeasureGroup: CountedGroup {}

/// Which keys besides those always grouped by the groups split by.
public struct PartnershipGrouping: Sendable, Hashable {
    public var byOwners: Bool
    public var bySectors: Bool

    public init(byOwners: Bool = false, bySectors: Bool = false) {
        self.byOwners = byOwners
        self.bySectors = bySectors
    }

    /// The keys a breakdown by `dimensions` needs (`ItemFacts.partnership`, `ItemFacts.measure`): a
    /// partnership's owners for owner type, size band and network; a measure's sectors. A measure's units
    /// (owners, municipalities) are always a key: municipal participation counts them.
    public init(breakdowns dimensions: [ViewDimension]) {
        self.init(
            byOwners: dimensions.contains(.ownerType) || dimensions.contains(.sizeBand)
                || dimensions.contains(.network),
            bySectors: dimensions.contains(.sector)
        )
    }

    /// A name for the view cache's key.
    var cacheVariant: String {
        "partnerships-aggregate:\(byOwners ? "o" : "")\(bySectors ? "s" : "")"
    }

    /// The request of `AggregatePartnerships` for `query` grouped this way.
    func request(_ query: ViewQuery) -> AggregatePartnershipsRequest {
        AggregatePartnershipsRequest.with {
            $0.governorOfficeId = query.governorOfficeId
            $0.scheme = query.scheme
            $0.fromYear = query.years.lowerBound
            $0.toYear = query.years.upperBound
            $0.byOwners = byOwners
            $0.bySectors = bySectors
        }
    }
}

extension PartnershipsAggregate: ViewSourceItems {
    var itemCount: Int { partnerships.count + measures.count }
}
