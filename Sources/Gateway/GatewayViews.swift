import KSICore

/// The views of DOMAIN.md §5, computed for a caller. Both the gRPC façade and the HTTP API call
/// this: it checks access, fetches the sources a view needs concurrently (each bounded by the data
/// source's deadline; a failed source becomes an unavailable section), keeps what the caller may see
/// (`ViewVisibility`, PRIV-R12), and hands the inputs to the view's pure function.
public struct GatewayViews: Sendable {
    public let source: any ViewDataSource
    public let simulator: any ViewSimulator
    /// The live registry (issue 12); `reference` is the data in force at each access.
    public let registry: ReferenceRegistry
    public var reference: ReferenceData { registry.current }
    public let time: any TimeSource

    public init(
        source: any ViewDataSource,
        simulator: any ViewSimulator,
        reference: ReferenceData,
        time: any TimeSource
    ) {
        self.init(source: source, simulator: simulator, registry: ReferenceRegistry(reference), time: time)
    }

    public init(
        source: any ViewDataSource,
        simulator: any ViewSimulator,
        registry: ReferenceRegistry,
        time: any TimeSource
    ) {
        self.source = source
        self.simulator = simulator
        self.registry = registry
        self.time = time
    }

    /// The year a request means: its own, or the current year when 0.
    func year(_ requested: Int32) -> Int32 {
        requested != 0 ? requested : time.today().year
    }

    /// Fetches `sources` for `query` concurrently and assembles the inputs of a view.
    public func inputs(
        _ view: ViewAccess.View,
        caller: Caller,
        query: ViewQuery,
        sources: Set<ViewSource>,
        needsGrouping: NeedsGrouping? = nil,
        partnershipGrouping: PartnershipGrouping? = nil,
        allocationGrouping: AllocationGrouping? = nil
    ) async throws -> ViewInputs {
        try ViewAccess.check(view, caller: caller)
        // One snapshot per view: an import arriving meanwhile never mixes two registries in one answer.
        let reference = self.reference
        if !query.governorOfficeId.isEmpty && reference.governorOffice(query.governorOfficeId) == nil {
            throw DomainError.notFound("governor office", query.governorOfficeId)
        }
        let source = self.source
        async let allocation: SourceSection<AllocationData> =
            sources.contains(.allocation)
            ? source.section(.allocation) { try await source.allocation(query) } : .unavailable(reason: "not requested")
        async let needs: SourceSection<NeedsData> =
            sources.contains(.needs)
            ? source.section(.needs) { try await source.needs(query) } : .unavailable(reason: "not requested")
        async let partnerships: SourceSection<PartnershipsData> =
            sources.contains(.partnerships)
            ? source.section(.partnerships) { try await source.partnerships(query) }
            : .unavailable(reason: "not requested")
        async let referral: SourceSection<ReferralData> =
            sources.contains(.referral)
            ? source.section(.referral) { try await source.referral(query) } : .unavailable(reason: "not requested")
        // Issue 17: needs reports as counts and sums computed in the service, instead of every report.
        let grouping = needsGrouping ?? NeedsGrouping()
        async let needsAggregate: SourceSection<NeedsAggregate> =
            needsGrouping != nil
            ? source.section(.needs) { try await source.needsAggregate(query, grouping: grouping) }
            : .unavailable(reason: "not requested")
        // Issue 17: partnerships and measures as counts computed in the service, instead of every one.
        let partnershipsGrouping = partnershipGrouping ?? PartnershipGrouping()
        async let partnershipsAggregate: SourceSection<PartnershipsAggregate> =
            partnershipGrouping != nil
            ? source.section(.partnerships) {
                try await source.partnershipsAggregate(query, grouping: partnershipsGrouping)
            }
            : .unavailable(reason: "not requested")
        // Issue 17: decided and precommitted amounts as sums computed in the service, instead of every one.
        // Allocation figures are public-sector information (docs/access.md): nothing to filter per caller.
        let allocationsGrouping = allocationGrouping ?? AllocationGrouping()
        async let allocationAggregate: SourceSection<AllocationAggregate> =
            allocationGrouping != nil
            ? source.section(.allocation) {
                try await source.allocationAggregate(query, grouping: allocationsGrouping)
            }
            : .unavailable(reason: "not requested")
        // PRIV-R12: read as the gateway, shown to the caller — unpublished entities only to those entitled.
        let visibility = ViewVisibility(caller: caller)
        return ViewInputs(
            audience: ViewAudience(caller: caller, reference: reference),
            reference: reference,
            nowMillis: time.nowMillis(),
            query: query,
            allocation: await allocation,
            needs: (await needs).map(visibility.needs),
            partnerships: (await partnerships).map(visibility.partnerships),
            referral: await referral,
            needsAggregate: (await needsAggregate).map(visibility.needs),
            partnershipsAggregate: (await partnershipsAggregate).map(visibility.partnerships),
            allocationAggregate: await allocationAggregate
        )
    }

    func query(_ officeId: String, _ scheme: Scheme, _ year: Int32, history: Int32 = 0) -> ViewQuery {
        let year = self.year(year)
        return ViewQuery(governorOfficeId: officeId, scheme: scheme, years: (year - max(0, history))...year)
    }

    // MARK: - The views

    /// V1 Region overview.
    /// Issue 17: the reports as groups counted in NeedsService, partnerships and measures as groups counted in
    /// PartnershipService, decided, disbursed and reclaimed money as sums in AllocationService (by recipient and
    /// line: municipal participation looks at the recipients); only a split by network still reads every
    /// report, decision, grant and payment (the networks of the recommended and decided lines are those of the
    /// reports they cite).
    public func regionOverview(_ request: GetRegionOverviewRequest, caller: Caller) async throws -> RegionOverview {
        let byNetwork = Breakdowns.dimensions(request.breakdowns).contains(.network)
        let inputs = try await inputs(
            .regionOverview,
            caller: caller,
            query: query(request.governorOfficeId, request.scheme, request.year),
            sources: byNetwork ? [.allocation, .needs] : [],
            needsGrouping: byNetwork ? nil : NeedsGrouping(breakdowns: request.breakdowns),
            partnershipGrouping: PartnershipGrouping(breakdowns: request.breakdowns),
            allocationGrouping: byNetwork ? nil : AllocationGrouping(byLines: true)
        )
        return RegionOverviewView.make(request, inputs: inputs)
    }

    /// V2 Municipality profile; the embete is the municipality's.
    public func municipalityProfile(
        _ request: GetMunicipalityProfileRequest,
        caller: Caller
    ) async throws -> MunicipalityProfile {
        guard let municipality = reference.municipality(request.municipalityId) else {
            throw DomainError.invalidArgument(
                field: "municipality_id",
                "no municipality has the id \(request.municipalityId)"
            )
        }
        let inputs = try await inputs(
            .municipalityProfile,
            caller: caller,
            query: query(municipality.governorOfficeId, request.scheme, request.year, history: 4),
            sources: [.allocation, .needs, .partnerships, .referral]
        )
        return MunicipalityProfileView.make(request, inputs: inputs)
    }

    /// V3 Demand vs budget; the reports as groups (issue 17) and the decided and precommitted amounts as sums
    /// in AllocationService, unless split by network: then every report, decision, grant and commitment is
    /// read (the networks of the decided lines are those of the reports they cite), as V1.
    public func demandVsBudget(_ request: GetDemandVsBudgetRequest, caller: Caller) async throws -> DemandVsBudget {
        let byNetwork = Breakdowns.dimensions(request.breakdowns).contains(.network)
        let inputs = try await inputs(
            .demandVsBudget,
            caller: caller,
            query: query(request.governorOfficeId, request.scheme, request.year),
            sources: byNetwork ? [.allocation, .needs] : [],
            needsGrouping: byNetwork ? nil : NeedsGrouping(breakdowns: request.breakdowns),
            allocationGrouping: byNetwork ? nil : AllocationGrouping(breakdowns: request.breakdowns)
        )
        return DemandVsBudgetView.make(request, inputs: inputs)
    }

    /// V4 Special-needs share, with a trend over `trend_years` earlier years.
    public func specialNeedsShare(
        _ request: GetSpecialNeedsShareRequest,
        caller: Caller
    ) async throws -> SpecialNeedsShareView {
        let inputs = try await inputs(
            .specialNeedsShare,
            caller: caller,
            query: query(request.governorOfficeId, request.scheme, request.year, history: min(request.trendYears, 10)),
            sources: [.allocation, .needs, .partnerships]
        )
        return SpecialNeedsShareViewBuilder.make(request, inputs: inputs)
    }

    /// V5 Kindergarten share, with a trend over `trend_years` earlier years.
    public func kindergartenShare(
        _ request: GetKindergartenShareRequest,
        caller: Caller
    ) async throws -> KindergartenShareView {
        let inputs = try await inputs(
            .kindergartenShare,
            caller: caller,
            query: query(request.governorOfficeId, request.scheme, request.year, history: min(request.trendYears, 10)),
            sources: [.allocation, .needs, .partnerships]
        )
        return KindergartenShareViewBuilder.make(request, inputs: inputs)
    }

    /// V6 Fragmentation index.
    public func fragmentationIndex(
        _ request: GetFragmentationIndexRequest,
        caller: Caller
    ) async throws -> FragmentationIndex {
        let inputs = try await inputs(
            .fragmentationIndex,
            caller: caller,
            query: query(request.governorOfficeId, request.scheme, request.year),
            sources: [.allocation]
        )
        return FragmentationIndexView.make(request, inputs: inputs)
    }

    /// V7 Partnership health.
    public func partnershipHealth(
        _ request: GetPartnershipHealthRequest,
        caller: Caller
    ) async throws -> PartnershipHealthView {
        let inputs = try await inputs(
            .partnershipHealth,
            caller: caller,
            query: query(request.governorOfficeId, request.scheme, request.year),
            sources: [.allocation, .partnerships]
        )
        return PartnershipHealthViewBuilder.make(request, inputs: inputs)
    }

    /// V8 Referral waiting times (suppressed, PRIV-R5).
    public func referralWaitingTimes(
        _ request: GetReferralWaitingTimesRequest,
        caller: Caller
    ) async throws -> ReferralWaitingTimes {
        let inputs = try await inputs(
            .referralWaitingTimes,
            caller: caller,
            query: query(request.governorOfficeId, .unspecified, request.year),
            sources: [.referral]
        )
        return ReferralWaitingTimesView.make(request, inputs: inputs)
    }

    /// V9 Referral equity (regions with n ≥ 5 only).
    public func referralEquity(_ request: GetReferralEquityRequest, caller: Caller) async throws -> ReferralEquity {
        let inputs = try await inputs(
            .referralEquity,
            caller: caller,
            query: query(request.governorOfficeId, .unspecified, request.year),
            sources: [.referral]
        )
        return ReferralEquityView.make(request, inputs: inputs)
    }

    /// V10 Public transparency page (ALLOC-R23).
    public func transparencyPage(_ request: GetTransparencyPageRequest, caller: Caller) async throws -> TransparencyPage
    {
        let inputs = try await inputs(
            .transparencyPage,
            caller: caller,
            query: query(request.governorOfficeId, request.scheme, request.year),
            sources: [.allocation, .needs, .partnerships]
        )
        return TransparencyPageView.make(request, inputs: inputs)
    }

    /// V11 Participation and inclusion.
    public func participationAndInclusion(
        _ request: GetParticipationAndInclusionRequest,
        caller: Caller
    ) async throws -> ParticipationAndInclusion {
        let inputs = try await inputs(
            .participationAndInclusion,
            caller: caller,
            query: query(request.governorOfficeId, request.scheme, request.year),
            sources: [.allocation, .needs, .partnerships]
        )
        return ParticipationAndInclusionView.make(request, inputs: inputs)
    }

    /// V12 Allocation simulator: AllocationService computes it for the caller (it authorises); nothing is stored.
    public func simulateAllocation(
        _ request: SimulateAllocationRequest,
        caller: Caller
    ) async throws -> AllocationSimulatorView {
        try ViewAccess.check(.allocationSimulator, caller: caller)
        var view = AllocationSimulatorView.with { $0.generatedAt = time.nowMillis() }
        do {
            view.result = try await simulator.simulate(request, for: caller)
            view.allocationSection = availableSection
        } catch let unavailable as SourceUnavailable {
            view.allocationSection =
                SourceSection<Void>.unavailable(reason: ViewSourceFailure.reason(.allocation, unavailable)).status
        }
        return view
    }

    /// V13 Referral queue aggregate (PRIV-R4, PRIV-R5).
    public func referralQueue(_ request: GetReferralQueueRequest, caller: Caller) async throws -> ReferralQueueAggregate
    {
        let inputs = try await inputs(
            .referralQueue,
            caller: caller,
            query: query(request.governorOfficeId, .unspecified, request.year),
            sources: [.referral]
        )
        return ReferralQueueView.make(request, inputs: inputs)
    }
}
