import KSICore

/// Reads view data from the four KSICore contexts in process, as the gateway's `system` identity — the
/// same queries `GRPCViewDataSource` sends over gRPC (same filters, every page), so both sources give
/// the same data. For benchmarks (the views without the network) and tests.
public struct ContextViewDataSource: ViewDataSource {
    let needsContext: NeedsContext
    let partnershipContext: PartnershipContext
    let allocationContext: AllocationContext
    let referralContext: ReferralContext
    let reference: ReferenceData
    /// The identity the gateway reads with (see `GRPCViewDataSource`: aggregates need complete inputs).
    let caller = Caller.system("gateway")
    /// In process there is no message size limit; 1 000 is the largest page the contexts return.
    static let pageSize: Int32 = 1000

    public init(
        needs: NeedsContext, partnerships: PartnershipContext, allocation: AllocationContext, referral: ReferralContext,
        reference: ReferenceData
    ) {
        self.needsContext = needs
        self.partnershipContext = partnerships
        self.allocationContext = allocation
        self.referralContext = referral
        self.reference = reference
    }

    public func allocation(_ query: ViewQuery) async throws -> AllocationData {
        let api = allocationContext, caller = caller
        let office = query.governorOfficeId, scheme = query.scheme, year = query.yearFilter
        let size = Self.pageSize
        async let frames = Paging.all { token in
            let page = try await api.listRegionalFrames(.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.year = year; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        async let recommendations = Paging.all { token in
            let page = try await api.listRecommendations(.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.year = year; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        async let decisions = Paging.all { token in
            let page = try await api.listGrantDecisions(.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.year = year; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        // Grants of every year: a commitment for Y may hang on a grant made in an earlier year.
        async let grants = Paging.all { token in
            let page = try await api.listGrants(.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        async let disbursements = Paging.all { token in
            let page = try await api.listDisbursements(.with { $0.governorOfficeId = office; $0.year = year; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        async let reclaims = Paging.all { token in
            let page = try await api.listReclaimCases(.with { $0.governorOfficeId = office; $0.year = year; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        // Commitments for year Y are often made in earlier years: read them for every year.
        async let commitments = Paging.all { token in
            let page = try await api.listMultiYearCommitments(.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        async let pledges = Paging.all { token in
            let page = try await api.listCoFinancingPledges(.with { $0.governorOfficeId = office; $0.year = year; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        async let networks = Paging.all { token in
            let page = try await api.listCompetenceNetworks(.with { $0.governorOfficeId = office; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        async let policies = policies(query)
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
    func policies(_ query: ViewQuery) async throws -> [PolicyConfig] {
        let offices = query.governorOfficeId.isEmpty ? Set(reference.set.governorOffices.map(\.id)).sorted() : [query.governorOfficeId]
        let schemes: [Scheme] = query.scheme == .unspecified ? [.ksi, .dekom, .rekom] : [query.scheme]
        let api = allocationContext, caller = caller
        return try await withThrowingTaskGroup(of: PolicyConfig.self) { group in
            for office in offices {
                for scheme in schemes {
                    for year in query.years {
                        group.addTask {
                            try await api.getPolicyConfig(.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.year = year }, as: caller)
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    public func needs(_ query: ViewQuery) async throws -> NeedsData {
        let api = needsContext, caller = caller
        var data = NeedsData()
        data.reports = try await Paging.all { token in
            let page = try await api.listNeedsReports(.with {
                $0.governorOfficeId = query.governorOfficeId; $0.scheme = query.scheme; $0.year = query.yearFilter
                $0.pageSize = Self.pageSize; $0.pageToken = token
            }, as: caller)
            return (page.items, page.nextPageToken)
        }.filter { query.years.contains($0.year) }
        return data
    }

    public func partnerships(_ query: ViewQuery) async throws -> PartnershipsData {
        let api = partnershipContext, caller = caller
        let office = query.governorOfficeId, scheme = query.scheme, size = Self.pageSize
        async let partnerships = Paging.all { token in
            let page = try await api.listPartnerships(.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        async let measures = Paging.all { token in
            let page = try await api.listMeasures(.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        async let reports = Paging.all { token in
            let page = try await api.listPartnershipReports(.with { $0.governorOfficeId = office; $0.scheme = scheme; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        async let conflicts = Paging.all { token in
            let page = try await api.listConflictCases(.with { $0.governorOfficeId = office; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        async let contributions = Paging.all { token in
            let page = try await api.listThirdPartyContributions(.with { $0.governorOfficeId = office; $0.pageSize = size; $0.pageToken = token }, as: caller)
            return (page.items, page.nextPageToken)
        }
        var data = PartnershipsData()
        data.partnerships = try await partnerships
        data.measures = try await measures
        data.reports = try await reports
        data.conflicts = try await conflicts
        data.contributions = try await contributions
        return data
    }

    /// The whole pseudonymous milestone stream (PRIV-R1), read from sequence 0 on every call (no cache:
    /// in process a full read is what a benchmark should measure).
    public func referral(_ query: ViewQuery) async throws -> ReferralData {
        var data = ReferralData()
        var after: Int64 = 0
        while true {
            let page = try await referralContext.listReferralMilestones(.with { $0.afterSequence = after; $0.pageSize = Self.pageSize }, as: caller)
            data.milestones += page.events
            // A page without milestones still moves on: last_sequence is where its scan ended.
            let next = page.events.last?.sequence ?? page.lastSequence
            if next <= after { break }
            after = next
        }
        return data
    }
}

/// V12 in process: `AllocationContext.simulateAllocation` acting for the caller (the context authorises).
public struct ContextViewSimulator: ViewSimulator {
    let allocation: AllocationContext

    public init(allocation: AllocationContext) { self.allocation = allocation }

    public func simulate(_ request: SimulateAllocationRequest, for caller: Caller) async throws -> SimulateAllocationResponse {
        try await allocation.simulateAllocation(request, as: caller)
    }
}
