/// GatewayService, the views of DOMAIN.md §5 (aggregates only; `ViewAccess` in the gateway makes the same
/// decision on the HTTPS routes, and a gateway test checks that both agree).
extension GatewayServiceRPC {
    /// Who may call the RPC, and how (AUTH-R5).
    public var policy: AccessPolicy {
        switch self {
        case .getTransparencyPage:
            AccessPolicy(.read, AccessRoles.everyone, note: "V10: the public sees it (PRIV-R12)")
        case .getReferralQueue:
            AccessPolicy(
                .read,
                [.udirAdmin] + AccessRoles.embeteReaders + [.statpedIntake, .statpedManager],
                note: "V13: counts only, n < 5 suppressed (PRIV-R5)"
            )
        case .getRegionOverview, .getMunicipalityProfile, .getDemandVsBudget, .getSpecialNeedsShare,
            .getKindergartenShare,
            .getFragmentationIndex, .getPartnershipHealth, .getReferralWaitingTimes, .getReferralEquity,
            .getParticipationAndInclusion:
            AccessPolicy(
                .read,
                AccessRoles.registered,
                note: "a registered organisation; referral figures suppressed below 5 (PRIV-R5)"
            )
        case .simulateAllocation:
            AccessPolicy(
                .read,
                AccessRoles.registered,
                note: "V12: then AllocationService/SimulateAllocation's own policy, for the caller"
            )
        }
    }
}
