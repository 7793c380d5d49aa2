import GRPCCore
import KSICore
import Services

/// The `gateway.proto` façade: every view of DOMAIN.md §5 over gRPC. The caller comes from the client
/// certificate exactly as in the services and must pass the RPC's declared policy (AUTH-R5, `AccessGate`);
/// `GatewayViews` then checks access to the view and computes it.
public struct GatewayGRPCService: GatewayServiceHandler {
    public let views: GatewayViews
    public let identity: CallerIdentity

    public init(views: GatewayViews, identity: CallerIdentity) {
        self.views = views
        self.identity = identity
    }

    public func getRegionOverview(
        _ request: GetRegionOverviewRequest,
        context: RPCRequestContext
    ) async throws -> RegionOverview {
        try await views.regionOverview(request, caller: await caller(.getRegionOverview, context))
    }

    public func getMunicipalityProfile(
        _ request: GetMunicipalityProfileRequest,
        context: RPCRequestContext
    ) async throws -> MunicipalityProfile {
        try await views.municipalityProfile(request, caller: await caller(.getMunicipalityProfile, context))
    }

    public func getDemandVsBudget(
        _ request: GetDemandVsBudgetRequest,
        context: RPCRequestContext
    ) async throws -> DemandVsBudget {
        try await views.demandVsBudget(request, caller: await caller(.getDemandVsBudget, context))
    }

    public func getSpecialNeedsShare(
        _ request: GetSpecialNeedsShareRequest,
        context: RPCRequestContext
    ) async throws -> SpecialNeedsShareView {
        try await views.specialNeedsShare(request, caller: await caller(.getSpecialNeedsShare, context))
    }

    public func getKindergartenShare(
        _ request: GetKindergartenShareRequest,
        context: RPCRequestContext
    ) async throws -> KindergartenShareView {
        try await views.kindergartenShare(request, caller: await caller(.getKindergartenShare, context))
    }

    public func getFragmentationIndex(
        _ request: GetFragmentationIndexRequest,
        context: RPCRequestContext
    ) async throws -> FragmentationIndex {
        try await views.fragmentationIndex(request, caller: await caller(.getFragmentationIndex, context))
    }

    public func getPartnershipHealth(
        _ request: GetPartnershipHealthRequest,
        context: RPCRequestContext
    ) async throws -> PartnershipHealthView {
        try await views.partnershipHealth(request, caller: await caller(.getPartnershipHealth, context))
    }

    public func getReferralWaitingTimes(
        _ request: GetReferralWaitingTimesRequest,
        context: RPCRequestContext
    ) async throws -> ReferralWaitingTimes {
        try await views.referralWaitingTimes(request, caller: await caller(.getReferralWaitingTimes, context))
    }

    public func getReferralEquity(
        _ request: GetReferralEquityRequest,
        context: RPCRequestContext
    ) async throws -> ReferralEquity {
        try await views.referralEquity(request, caller: await caller(.getReferralEquity, context))
    }

    public func getTransparencyPage(
        _ request: GetTransparencyPageRequest,
        context: RPCRequestContext
    ) async throws -> TransparencyPage {
        try await views.transparencyPage(request, caller: await caller(.getTransparencyPage, context))
    }

    public func getParticipationAndInclusion(
        _ request: GetParticipationAndInclusionRequest,
        context: RPCRequestContext
    ) async throws -> ParticipationAndInclusion {
        try await views.participationAndInclusion(request, caller: await caller(.getParticipationAndInclusion, context))
    }

    public func simulateAllocation(
        _ request: SimulateAllocationRequest,
        context: RPCRequestContext
    ) async throws -> AllocationSimulatorView {
        try await views.simulateAllocation(request, caller: await caller(.simulateAllocation, context))
    }

    public func getReferralQueue(
        _ request: GetReferralQueueRequest,
        context: RPCRequestContext
    ) async throws -> ReferralQueueAggregate {
        try await views.referralQueue(request, caller: await caller(.getReferralQueue, context))
    }

    /// The caller of this request, admitted by the RPC's declared access policy (AUTH-R5).
    func caller(_ rpc: GatewayServiceRPC, _ context: RPCRequestContext) async throws -> Caller {
        let caller = try await identity.caller(for: context)
        try AccessGate.enforce(rpc, on: caller)
        return caller
    }
}
