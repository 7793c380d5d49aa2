import KSICore

extension ServiceViewDataSource {
    /// In process: the four KSICore contexts through their generated `…ServiceActing` APIs, as the
    /// gateway's `system` identity — the same queries the deployed gateway sends over gRPC. For
    /// embedding the views, benchmarks (the views without the network) and tests.
    public init(
        needs: NeedsContext,
        partnerships: PartnershipContext,
        allocation: AllocationContext,
        referral: ReferralContext,
        reference: ReferenceData
    ) {
        let gateway = Caller.system("gateway")
        self.init(
            needs: NeedsServiceActing(needs, as: gateway),
            partnerships: PartnershipServiceActing(partnerships, as: gateway),
            allocation: AllocationServiceActing(allocation, as: gateway),
            referral: ReferralServiceActing(referral, as: gateway),
            reference: reference
        )
    }
}

/// V12 in process: `SimulatorContext.simulateAllocation` (`allocation.simulator`) acting for the caller (the context authorises),
/// through the generated `AllocationServiceActing`, so the request passes the same edge checks
/// (`checkLimits`, docs/security.md) as over gRPC.
public struct ContextViewSimulator: ViewSimulator {
    let allocation: AllocationContext

    public init(allocation: AllocationContext) { self.allocation = allocation }

    public func simulate(
        _ request: SimulateAllocationRequest,
        for caller: Caller
    ) async throws -> SimulateAllocationResponse {
        try await AllocationServiceActing(allocation, as: caller).simulateAllocation(request)
    }
}
