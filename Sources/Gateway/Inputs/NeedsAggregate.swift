import KSICore

/// What a view reads of NeedsService as counts and sums (issue 17) instead of every report: the groups of
/// `AggregateNeedsReports`, computed in SQL by the service. Every report of a group has the same embete,
/// scheme, year, status, visibility and — as asked for by `NeedsGrouping` — lead owner, network and sectors,
/// so a view that splits or filters by those keys gets the same figures from the groups as from the reports.
public struct NeedsAggregate: Sendable {
    public var groups: [NeedsReportGroup]

    public init(groups: [NeedsReportGroup]) {
        self.groups = groups
    }

    /// The same groups computed from the reports themselves (the reference the SQL is tested against, and
    /// what a view uses when it has the reports anyway): grouped exactly as `AggregateNeedsReports` groups.
    public init(reports: [NeedsReport], grouping: NeedsGrouping) {
        struct Key: Hashable {
            var governorOfficeId: String
            var scheme: Scheme
            var year: Int32
            var status: NeedsReportStatus
            var readers: NeedsReport?
            var leadOwnerId: String
            var networkId: String
            var sectors: String
        }
        var order: [Key] = []
        var groups: [Key: NeedsReportGroup] = [:]
        for report in reports {
            let unpublished = report.isUnpublished
            let key = Key(
                governorOfficeId: report.governorOfficeId,
                scheme: report.scheme,
                year: report.year,
                status: report.status,
                readers: unpublished ? report.readers : nil,
                leadOwnerId: grouping.byLeadOwner ? report.leadOwnerId : "",
                networkId: grouping.byNetwork ? report.networkId : "",
                sectors: grouping.bySectors ? NeedsReport.sectorsKey(report.sectors) : ""
            )
            if groups[key] == nil {
                order.append(key)
                groups[key] = NeedsReportGroup.with {
                    $0.governorOfficeId = key.governorOfficeId
                    $0.scheme = key.scheme
                    $0.year = key.year
                    $0.status = key.status
                    $0.unpublished = unpublished
                    $0.readers = key.readers
                    $0.leadOwnerId = key.leadOwnerId
                    $0.networkId = key.networkId
                    $0.sectors = NeedsReport.sectors(fromKey: key.sectors)
                }
            }
            groups[key]?.count += 1
            // LIM-R2: sums over stored data saturate, never trap.
            let requested = groups[key]?.requestedOre ?? 0
            groups[key]?.requestedOre = Money.saturatingAdd(requested, report.requestedAmountOre)
        }
        self.groups = order.compactMap { groups[$0] }
    }
}

/// Which keys besides embete, scheme, year, status and visibility the groups split by.
public struct NeedsGrouping: Sendable, Hashable {
    public var byLeadOwner: Bool
    public var byNetwork: Bool
    public var bySectors: Bool

    public init(byLeadOwner: Bool = false, byNetwork: Bool = false, bySectors: Bool = false) {
        self.byLeadOwner = byLeadOwner
        self.byNetwork = byNetwork
        self.bySectors = bySectors
    }

    /// The keys a breakdown by `dimensions` needs of a report (`ItemFacts.report`): its sectors; its lead
    /// owner for owner type and size band; its network.
    public init(breakdowns dimensions: [ViewDimension]) {
        self.init(
            byLeadOwner: dimensions.contains(.ownerType) || dimensions.contains(.sizeBand),
            byNetwork: dimensions.contains(.network),
            bySectors: dimensions.contains(.sector)
        )
    }

    /// A name for the view cache's key.
    var cacheVariant: String {
        "needs-aggregate:\(byLeadOwner ? "o" : "")\(byNetwork ? "n" : "")\(bySectors ? "s" : "")"
    }

    /// The request of `AggregateNeedsReports` for `query` grouped this way.
    func request(_ query: ViewQuery) -> AggregateNeedsReportsRequest {
        AggregateNeedsReportsRequest.with {
            $0.governorOfficeId = query.governorOfficeId
            $0.scheme = query.scheme
            $0.fromYear = query.years.lowerBound
            $0.toYear = query.years.upperBound
            $0.byLeadOwner = byLeadOwner
            $0.byNetwork = byNetwork
            $0.bySectors = bySectors
        }
    }
}

extension NeedsAggregate: ViewSourceItems {
    var itemCount: Int { groups.count }
}

extension NeedsReportGroup {
    /// V1, V3: the group's reports count as requested unless they are drafts or withdrawn (`countsAsRequested`).
    public var countsAsRequested: Bool {
        status != .draft && status != .withdrawn && status != .unspecified
    }
}
