import KSICore

/// Reads view data through the four services' APIs as the gateway itself (a `system` identity): an
/// aggregate needs complete inputs, so the gateway — not the services' per-caller filters — enforces
/// what a caller may see (`ViewAccess`, PRIV-R5). Referral data is only the pseudonymous milestone
/// stream (PRIV-R1), kept in a `MilestoneCache` and topped up on each read.
///
/// The APIs are the generated `…ServiceAPI` protocols, so the same queries run over gRPC
/// (`…ServiceRemote`, the deployed gateway) or in process (`…ServiceActing`, embedding and benchmarks).
public struct ServiceViewDataSource: ViewDataSource {
    let needsAPI: any NeedsServiceAPI
    let partnershipsAPI: any PartnershipServiceAPI
    let allocationAPI: any AllocationServiceAPI
    let reference: ReferenceData
    let milestones: MilestoneCache

    public init(needs: any NeedsServiceAPI, partnerships: any PartnershipServiceAPI, allocation: any AllocationServiceAPI,
                referral: any ReferralServiceAPI, reference: ReferenceData) {
        self.needsAPI = needs
        self.partnershipsAPI = partnerships
        self.allocationAPI = allocation
        self.reference = reference
        self.milestones = MilestoneCache(referral: referral)
    }

    /// Over gRPC through the gateway's upstream connections, as the gateway's own identity.
    public init(upstreams: Upstreams, reference: ReferenceData) {
        let api = upstreams.asGateway
        self.init(needs: api.needs, partnerships: api.partnerships, allocation: api.allocation, referral: api.referral, reference: reference)
    }

    public func allocation(_ query: ViewQuery) async throws -> AllocationData {
        let api = allocationAPI
        let office = query.governorOfficeId, scheme = query.scheme, year = query.yearFilter
        let size = Paging.pageSize
        async let frames = ListRegionalFramesRequest.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.year = year }.allPages(pageSize: size, api.listRegionalFrames)
        async let recommendations = ListRecommendationsRequest.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.year = year }.allPages(pageSize: size, api.listRecommendations)
        async let decisions = ListGrantDecisionsRequest.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.year = year }.allPages(pageSize: size, api.listGrantDecisions)
        // Grants of every year: a commitment for Y may hang on a grant made in an earlier year.
        async let grants = ListGrantsRequest.with { $0.governorOfficeId = office; $0.scheme = scheme }.allPages(pageSize: size, api.listGrants)
        async let disbursements = ListDisbursementsRequest.with { $0.governorOfficeId = office; $0.year = year }.allPages(pageSize: size, api.listDisbursements)
        async let reclaims = ListReclaimCasesRequest.with { $0.governorOfficeId = office; $0.year = year }.allPages(pageSize: size, api.listReclaimCases)
        // Commitments for year Y are often made in earlier years: read them for every year.
        async let commitments = ListMultiYearCommitmentsRequest.with { $0.governorOfficeId = office; $0.scheme = scheme }.allPages(pageSize: size, api.listMultiYearCommitments)
        async let pledges = ListCoFinancingPledgesRequest.with { $0.governorOfficeId = office; $0.year = year }.allPages(pageSize: size, api.listCoFinancingPledges)
        async let networks = networks(governorOfficeId: office)
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

    /// The policy in force for each embete, scheme and year in scope, read concurrently.
    func policies(_ query: ViewQuery, api: any AllocationServiceAPI) async throws -> [PolicyConfig] {
        let offices = query.governorOfficeId.isEmpty ? Set(reference.set.governorOffices.map(\.id)).sorted() : [query.governorOfficeId]
        let schemes: [Scheme] = query.scheme == .unspecified ? [.ksi, .dekom, .rekom] : [query.scheme]
        return try await withThrowingTaskGroup(of: PolicyConfig.self) { group in
            for office in offices {
                for scheme in schemes {
                    for year in query.years {
                        group.addTask {
                            try await api.getPolicyConfig(.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.year = year })
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    public func networks(governorOfficeId: String) async throws -> [CompetenceNetwork] {
        try await ListCompetenceNetworksRequest.with { $0.governorOfficeId = governorOfficeId }
            .allPages(pageSize: Paging.pageSize, allocationAPI.listCompetenceNetworks)
    }

    public func needs(_ query: ViewQuery) async throws -> NeedsData {
        var data = NeedsData()
        data.reports = try await ListNeedsReportsRequest.with {
            $0.governorOfficeId = query.governorOfficeId; $0.scheme = query.scheme; $0.year = query.yearFilter
        }.allPages(pageSize: Paging.pageSize, needsAPI.listNeedsReports).filter { query.years.contains($0.year) }
        return data
    }

    public func partnerships(_ query: ViewQuery) async throws -> PartnershipsData {
        let api = partnershipsAPI
        let office = query.governorOfficeId, scheme = query.scheme, size = Paging.pageSize
        async let partnerships = ListPartnershipsRequest.with { $0.governorOfficeId = office; $0.scheme = scheme }.allPages(pageSize: size, api.listPartnerships)
        async let measures = ListMeasuresRequest.with { $0.governorOfficeId = office; $0.scheme = scheme }.allPages(pageSize: size, api.listMeasures)
        async let reports = ListPartnershipReportsRequest.with { $0.governorOfficeId = office; $0.scheme = scheme }.allPages(pageSize: size, api.listPartnershipReports)
        async let conflicts = ListConflictCasesRequest.with { $0.governorOfficeId = office }.allPages(pageSize: size, api.listConflictCases)
        async let contributions = ListThirdPartyContributionsRequest.with { $0.governorOfficeId = office }.allPages(pageSize: size, api.listThirdPartyContributions)
        var data = PartnershipsData()
        data.partnerships = try await partnerships
        data.measures = try await measures
        data.reports = try await reports
        data.conflicts = try await conflicts
        data.contributions = try await contributions
        return data
    }

    public func referral(_ query: ViewQuery) async throws -> ReferralData {
        var data = ReferralData()
        data.milestones = try await milestones.refreshed()
        return data
    }
}

/// The pseudonymous milestone stream of ReferralService, read once and then topped up after the last
/// sequence seen (the stream is append-only), so a view costs one short poll instead of a full read.
public actor MilestoneCache {
    let referral: any ReferralServiceAPI
    private var events: [ReferralMilestoneReached] = []
    private var lastSequence: Int64 = 0

    init(referral: any ReferralServiceAPI) {
        self.referral = referral
    }

    /// Every milestone so far, after reading what is new.
    func refreshed() async throws -> [ReferralMilestoneReached] {
        while true {
            let page = try await referral.listReferralMilestones(.with { $0.afterSequence = lastSequence; $0.pageSize = 500 })
            events += page.events
            // A page without milestones still moves on: last_sequence is where its scan ended.
            let next = page.events.last?.sequence ?? page.lastSequence
            if next <= lastSequence { break }
            lastSequence = next
        }
        return events
    }
}
