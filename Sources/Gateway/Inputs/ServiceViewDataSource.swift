import KSICore
import Logging
import Metrics
import Services

/// Reads view data through the four services' APIs as the gateway itself (a `system` identity): an
/// aggregate needs complete inputs, so the gateway — not the services' per-caller filters — enforces
/// what a caller may see (`ViewAccess`, `ViewVisibility`, PRIV-R5, R12). Referral data is only the pseudonymous milestone
/// stream (PRIV-R1), kept in a `MilestoneCache` and topped up on each read.
///
/// The APIs are the generated `…ServiceAPI` protocols, so the same queries run over gRPC
/// (`…ServiceRemote`, the deployed gateway) or in process (`…ServiceActing`, embedding and benchmarks).
public struct ServiceViewDataSource: ViewDataSource {
    let needsAPI: any NeedsServiceAPI
    let partnershipsAPI: any PartnershipServiceAPI
    let allocationAPI: any AllocationServiceAPI
    let referralAPI: any ReferralServiceAPI
    /// The live registry (issue 12); `reference` is the data in force at each read.
    let registry: ReferenceRegistry
    var reference: ReferenceData { registry.current }
    let milestones: MilestoneCache
    /// Bounds the per-read fan-out of policy calls.
    let fanOut: UpstreamFanOut
    /// Where a failed read's detail goes (with its incident id); the view shows only the id.
    let logger: Logger

    public init(
        needs: any NeedsServiceAPI,
        partnerships: any PartnershipServiceAPI,
        allocation: any AllocationServiceAPI,
        referral: any ReferralServiceAPI,
        reference: ReferenceData,
        fanOut: UpstreamFanOut = UpstreamFanOut(),
        milestoneCacheEvents: Int = MilestoneCache.defaultMaxEvents,
        logger: Logger = Logger(label: "ksi.gateway.sources")
    ) {
        self.init(
            needs: needs,
            partnerships: partnerships,
            allocation: allocation,
            referral: referral,
            registry: ReferenceRegistry(reference),
            fanOut: fanOut,
            milestoneCacheEvents: milestoneCacheEvents,
            logger: logger
        )
    }

    public init(
        needs: any NeedsServiceAPI,
        partnerships: any PartnershipServiceAPI,
        allocation: any AllocationServiceAPI,
        referral: any ReferralServiceAPI,
        registry: ReferenceRegistry,
        fanOut: UpstreamFanOut = UpstreamFanOut(),
        milestoneCacheEvents: Int = MilestoneCache.defaultMaxEvents,
        logger: Logger = Logger(label: "ksi.gateway.sources")
    ) {
        self.needsAPI = needs
        self.partnershipsAPI = partnerships
        self.allocationAPI = allocation
        self.registry = registry
        self.referralAPI = referral
        self.milestones = MilestoneCache(
            maxEvents: milestoneCacheEvents,
            list: { try await referral.listReferralMilestones($0) }
        )
        self.fanOut = fanOut
        self.logger = logger
    }

    /// Over gRPC through the gateway's upstream connections, as the gateway's own identity. Every call
    /// carries the upstream deadline (`Upstreams.timeout`).
    public init(
        upstreams: Upstreams,
        reference: ReferenceData,
        fanOut: UpstreamFanOut = UpstreamFanOut(),
        milestoneCacheEvents: Int = MilestoneCache.defaultMaxEvents,
        logger: Logger = Logger(label: "ksi.gateway.sources")
    ) {
        self.init(
            upstreams: upstreams,
            registry: ReferenceRegistry(reference),
            fanOut: fanOut,
            milestoneCacheEvents: milestoneCacheEvents,
            logger: logger
        )
    }

    public init(
        upstreams: Upstreams,
        registry: ReferenceRegistry,
        fanOut: UpstreamFanOut = UpstreamFanOut(),
        milestoneCacheEvents: Int = MilestoneCache.defaultMaxEvents,
        logger: Logger = Logger(label: "ksi.gateway.sources")
    ) {
        let api = upstreams.asGateway
        self.init(
            needs: api.needs,
            partnerships: api.partnerships,
            allocation: api.allocation,
            referral: api.referral,
            registry: registry,
            fanOut: fanOut,
            milestoneCacheEvents: milestoneCacheEvents,
            logger: logger
        )
    }

    /// Runs one source's read; a failure is logged in full under an incident id and surfaces as
    /// `SourceUnavailable` with only a stable message and the id (no host, port or upstream text).
    func reporting<Value>(_ source: ViewSource, _ read: () async throws -> Value) async throws -> Value {
        do {
            return try await read()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw SourceUnavailable.reported(source, error, logger: logger)
        }
    }

    public func allocation(_ query: ViewQuery) async throws -> AllocationData {
        try await reporting(.allocation) { try await readAllocation(query) }
    }

    func readAllocation(_ query: ViewQuery) async throws -> AllocationData {
        let api = allocationAPI
        let lists = AllocationLists(query)
        let size = Paging.pageSize
        async let frames = lists.frames.allPages(pageSize: size, api.listRegionalFrames)
        async let recommendations = lists.recommendations.allPages(pageSize: size, api.listRecommendations)
        async let decisions = lists.decisions.allPages(pageSize: size, api.listGrantDecisions)
        async let grants = lists.grants.allPages(pageSize: size, api.listGrants)
        async let disbursements = lists.disbursements.allPages(pageSize: size, api.listDisbursements)
        async let reclaims = lists.reclaims.allPages(pageSize: size, api.listReclaimCases)
        async let commitments = lists.commitments.allPages(pageSize: size, api.listMultiYearCommitments)
        async let pledges = lists.pledges.allPages(pageSize: size, api.listCoFinancingPledges)
        async let networks = networks(governorOfficeId: query.governorOfficeId)
        async let policies = policies(query, api: api)
        var data = AllocationData()
        data.frames = try await frames.filter { query.years.contains($0.year) }
        data.recommendations = try await recommendations.filter { query.years.contains($0.year) }
        data.decisions = try await decisions
        data.grants = try await grants
        data.disbursements = try await disbursements
        data.reclaims = try await reclaims
        data.commitments = try await commitments
        data.pledges = try await pledges
        data.networks = try await networks
        data.policies = try await policies
        return data
    }

    /// The policy in force for each embete, scheme and year in scope, read concurrently — at most
    /// `fanOut.limit` calls at a time (a national view over ten years is ~330 calls).
    func policies(_ query: ViewQuery, api: any AllocationServiceAPI) async throws -> [PolicyConfig] {
        let offices =
            query.governorOfficeId.isEmpty
            ? Set(reference.set.governorOffices.map(\.id)).sorted() : [query.governorOfficeId]
        let schemes: [Scheme] = query.scheme == .unspecified ? [.ksi, .dekom, .rekom] : [query.scheme]
        let requests = offices.flatMap { office in
            schemes.flatMap { scheme in
                query.years.map { year in
                    GetPolicyConfigRequest.with {
                        $0.governorOfficeId = office
                        $0.scheme = scheme
                        $0.year = year
                    }
                }
            }
        }
        return try await fanOut.map(requests) { try await api.getPolicyConfig($0) }
    }

    public func networks(governorOfficeId: String) async throws -> [CompetenceNetwork] {
        try await reporting(.allocation) {
            try await ListCompetenceNetworksRequest.with { $0.governorOfficeId = governorOfficeId }
                .allPages(pageSize: Paging.pageSize, allocationAPI.listCompetenceNetworks)
        }
    }

    public func needs(_ query: ViewQuery) async throws -> NeedsData {
        try await reporting(.needs) { try await readNeeds(query) }
    }

    func readNeeds(_ query: ViewQuery) async throws -> NeedsData {
        var data = NeedsData()
        data.reports = try await NeedsLists(query).reports.allPages(
            pageSize: Paging.pageSize,
            needsAPI.listNeedsReports
        )
        .filter { query.years.contains($0.year) }
        return data
    }

    /// Issue 17: the groups NeedsService computes in SQL (`AggregateNeedsReports`), every page.
    public func needsAggregate(_ query: ViewQuery, grouping: NeedsGrouping) async throws -> NeedsAggregate {
        try await reporting(.needs) {
            NeedsAggregate(groups: try await grouping.request(query).allGroups(needsAPI.aggregateNeedsReports).groups)
        }
    }

    /// Issue 17: the sums AllocationService computes in SQL (`AggregateAllocation`), with the few frames and
    /// recommendations of the years and the networks read as lists, concurrently.
    public func allocationAggregate(
        _ query: ViewQuery,
        grouping: AllocationGrouping
    ) async throws -> AllocationAggregate {
        try await reporting(.allocation) {
            let api = allocationAPI
            let size = Paging.pageSize
            async let frames = ListRegionalFramesRequest.with {
                $0.governorOfficeId = query.governorOfficeId
                $0.scheme = query.scheme
                $0.year = query.yearFilter
            }.allPages(pageSize: size, api.listRegionalFrames)
            async let recommendations = ListRecommendationsRequest.with {
                $0.governorOfficeId = query.governorOfficeId
                $0.scheme = query.scheme
                $0.year = query.yearFilter
            }.allPages(pageSize: size, api.listRecommendations)
            async let sums = grouping.request(query).allGroups(api.aggregateAllocation)
            async let networks = networks(governorOfficeId: query.governorOfficeId)
            let response = try await sums
            return AllocationAggregate(
                frames: try await frames.filter { query.years.contains($0.year) },
                recommendations: try await recommendations.filter { query.years.contains($0.year) },
                networks: try await networks,
                decided: response.decided,
                precommitted: response.precommitted,
                disbursed: response.disbursed,
                reclaimed: response.reclaimed
            )
        }
    }

    /// Issue 17: the groups PartnershipService computes in SQL (`AggregatePartnerships`), every page.
    public func partnershipsAggregate(
        _ query: ViewQuery,
        grouping: PartnershipGrouping
    ) async throws -> PartnershipsAggregate {
        try await reporting(.partnerships) {
            PartnershipsAggregate(try await grouping.request(query).allGroups(partnershipsAPI.aggregatePartnerships))
        }
    }

    public func partnerships(_ query: ViewQuery) async throws -> PartnershipsData {
        try await reporting(.partnerships) { try await readPartnerships(query) }
    }

    func readPartnerships(_ query: ViewQuery) async throws -> PartnershipsData {
        let api = partnershipsAPI
        let lists = PartnershipLists(query)
        let size = Paging.pageSize
        async let partnerships = lists.partnerships.allPages(pageSize: size, api.listPartnerships)
        async let measures = lists.measures.allPages(pageSize: size, api.listMeasures)
        async let reports = lists.reports.allPages(pageSize: size, api.listPartnershipReports)
        async let conflicts = lists.conflicts.allPages(pageSize: size, api.listConflictCases)
        async let contributions = lists.contributions.allPages(pageSize: size, api.listThirdPartyContributions)
        var data = PartnershipsData()
        data.partnerships = try await partnerships
        data.measures = try await measures
        data.reports = try await reports
        data.conflicts = try await conflicts
        data.contributions = try await contributions
        return data
    }

    public func referral(_ query: ViewQuery) async throws -> ReferralData {
        try await reporting(.referral) {
            var data = ReferralData()
            data.milestones = try await milestones.refreshed()
            return data
        }
    }
}

/// The pseudonymous milestone stream of ReferralService, read once and then topped up after the last
/// sequence seen (the stream is append-only), so a view costs one short poll instead of a full read.
///
/// Bounded (docs/security.md, "Internal calls and caches"): it holds at most `maxEvents` milestones. A
/// stream longer than that is not kept — the cache is emptied (counted as evictions) and each view reads
/// the stream afresh — so the gateway's memory does not grow with the stream beyond the bound.
/// Concurrent views share one top-up (actor reentrancy would otherwise append a page twice).
/// Metrics: `ksi_gateway_milestone_cache_{hits,misses,evictions}_total`, `ksi_gateway_milestone_cache_events`.
public actor MilestoneCache {
    /// About 200 bytes each: ≈ 200 MB at most.
    public static let defaultMaxEvents = 1_000_000

    public typealias List = @Sendable (ListReferralMilestonesRequest) async throws -> ListReferralMilestonesResponse

    let list: List
    let maxEvents: Int
    private var events: [ReferralMilestoneReached] = []
    private var lastSequence: Int64 = 0
    private var topUp: Task<[ReferralMilestoneReached], any Error>?

    /// A cache over `list` (ReferralService's ListReferralMilestones) holding at most `maxEvents`.
    public init(maxEvents: Int = MilestoneCache.defaultMaxEvents, list: @escaping List) {
        self.list = list
        self.maxEvents = maxEvents
    }

    /// How many milestones the cache holds now.
    public var heldEvents: Int { events.count }

    /// Every milestone so far, after reading what is new.
    public func refreshed() async throws -> [ReferralMilestoneReached] {
        if let topUp { return try await topUp.value }
        let task = Task { try await self.readNew() }
        topUp = task
        defer { topUp = nil }
        return try await task.value
    }

    private func readNew() async throws -> [ReferralMilestoneReached] {
        let cachedBefore = lastSequence > 0
        // A top-up stops reading once the cache would overflow; a first read reads everything.
        let (fresh, cursor) = try await Self.read(
            list,
            after: lastSequence,
            atMost: cachedBefore ? maxEvents - events.count : nil
        )
        Counter(
            label: cachedBefore ? "ksi_gateway_milestone_cache_hits_total" : "ksi_gateway_milestone_cache_misses_total"
        ).increment()
        if events.count + fresh.count <= maxEvents {
            events += fresh
            lastSequence = cursor
            Gauge(label: "ksi_gateway_milestone_cache_events").record(events.count)
            return events
        }
        // Over the bound: keep nothing, and answer this view from a full read of its own.
        Counter(label: "ksi_gateway_milestone_cache_evictions_total").increment(by: Int64(events.count))
        events = []
        lastSequence = 0
        Gauge(label: "ksi_gateway_milestone_cache_events").record(0)
        return cachedBefore ? try await Self.read(list, after: 0, atMost: nil).events : fresh
    }

    /// The milestones after `sequence`, page by page, and the sequence the read ended at; stops early once
    /// more than `atMost` were read (nil: read to the end).
    private static func read(
        _ list: List,
        after sequence: Int64,
        atMost: Int?
    ) async throws -> (events: [ReferralMilestoneReached], cursor: Int64) {
        var events: [ReferralMilestoneReached] = []
        var cursor = sequence
        while true {
            let page = try await list(
                .with {
                    $0.afterSequence = cursor
                    $0.pageSize = Paging.pageSize
                }
            )
            events += page.events
            // A page without milestones still moves on: last_sequence is where its scan ended.
            let next = page.events.last?.sequence ?? page.lastSequence
            if next <= cursor { break }
            cursor = next
            if let atMost, events.count > atMost { break }
        }
        return (events, cursor)
    }
}
