import Gateway
import KSICore
import Testing

/// The HTTPS view routes decide with `ViewAccess`; the gRPC façade with the declared policy of
/// `GatewayService` (AUTH-R5). Both must give every role the same answer for every view.
@Suite("View access agrees with the declared GatewayService policy (AUTH-R5)")
struct ViewAccessPolicyTests {
    static func rpc(_ view: ViewAccess.View) -> GatewayServiceRPC {
        switch view {
        case .regionOverview: .getRegionOverview
        case .municipalityProfile: .getMunicipalityProfile
        case .demandVsBudget: .getDemandVsBudget
        case .specialNeedsShare: .getSpecialNeedsShare
        case .kindergartenShare: .getKindergartenShare
        case .fragmentationIndex: .getFragmentationIndex
        case .partnershipHealth: .getPartnershipHealth
        case .referralWaitingTimes: .getReferralWaitingTimes
        case .referralEquity: .getReferralEquity
        case .transparencyPage: .getTransparencyPage
        case .participationAndInclusion: .getParticipationAndInclusion
        case .allocationSimulator: .simulateAllocation
        case .referralQueue: .getReferralQueue
        }
    }

    @Test(
        "every view × every role (and an organisation with no role): ViewAccess and AccessGate agree",
        arguments: ViewAccess.View.allCases
    )
    func agree(view: ViewAccess.View) {
        let rpc = Self.rpc(view)
        #expect(Set(ViewAccess.View.allCases.map { Self.rpc($0) }) == Set(GatewayServiceRPC.allCases))
        let callers =
            Role.allCases.filter { $0 != .unspecified }.map {
                Caller(orgNumber: "view-\($0.name)", grants: [RoleGrant($0)], personId: "p")
            }
            + [Caller(orgNumber: "no-role", grants: [])]
        for caller in callers {
            let byView = (try? ViewAccess.check(view, caller: caller)) != nil
            let byPolicy = (try? AccessGate.enforce(rpc, on: caller)) != nil
            #expect(
                byView == byPolicy,
                "\(view.rawValue) for \(caller.grants.map(\.role.name)): ViewAccess \(byView), policy \(byPolicy)"
            )
        }
    }
}
