import GRPCCore
import KSICore
import KSIDemoData
import Services
import StackTestSupport
import Testing

/// The gateway's gRPC façade against the four real services over mutual TLS, with the demo year loaded
/// through the services: the views agree with what the services store, access is enforced, and a
/// service that is down only marks its own sections unavailable (§5).
@Suite("Gateway views over gRPC")
struct GatewayOverGRPCTests {
    static let agder = "agder"
    static let year: Int32 = 2025

    /// Σ approved on signed decisions for the year, read straight from AllocationService as the statsforvalter.
    static func decidedFromAllocation(_ stack: TestStack) async throws -> Int64 {
        try await stack.client(.allocation, as: "statsforvalter-agder", person: DemoPersons.dashboardDefault) {
            client in
            let api = AllocationServiceClient(wrapping: client)
            let decisions = try await ListGrantDecisionsRequest.with {
                $0.governorOfficeId = agder
                $0.scheme = .ksi
                $0.year = year
                $0.statuses = [.signed]
            }.allPages(pageSize: 500) { try await api.listGrantDecisions($0) }
            return decisions.reduce(0) { $0 + $1.approvedAmountOre }
        }
    }

    @Test(
        "every view answers for the statsforvalter with all sections available, and V1 agrees with AllocationService (V1–V13)"
    )
    func everyViewAnswers() async throws {
        try await TestStack.with(withGateway: true) { stack in
            _ = try await stack.loadDemoYear()
            let decided = try await Self.decidedFromAllocation(stack)
            #expect(decided > 0)
            try await stack.gatewayClient(as: "statsforvalter-agder", person: DemoPersons.dashboardDefault) { gateway in
                let overview = try await gateway.getRegionOverview(
                    .with {
                        $0.governorOfficeId = Self.agder
                        $0.scheme = .ksi
                        $0.year = Self.year
                    }
                )
                #expect(
                    overview.allocationSection?.available == true && overview.needsSection?.available == true
                        && overview.partnershipsSection?.available == true
                )
                #expect(overview.totals?.decidedOre == decided)
                #expect((overview.totals?.frameOre ?? 0) > 0)

                let profile = try await gateway.getMunicipalityProfile(
                    .with {
                        $0.municipalityId = "4204"
                        $0.year = Self.year
                    }
                )
                #expect(profile.referralSection?.available == true && profile.needsSection?.available == true)
                #expect(profile.name == "Kristiansand")

                let demand = try await gateway.getDemandVsBudget(
                    .with {
                        $0.governorOfficeId = Self.agder
                        $0.scheme = .ksi
                        $0.year = Self.year
                    }
                )
                #expect(demand.allocationSection?.available == true && demand.needsSection?.available == true)
                let special = try await gateway.getSpecialNeedsShare(
                    .with {
                        $0.governorOfficeId = Self.agder
                        $0.year = Self.year
                        $0.trendYears = 2
                    }
                )
                #expect(special.allocationSection?.available == true)
                let kindergarten = try await gateway.getKindergartenShare(
                    .with {
                        $0.governorOfficeId = Self.agder
                        $0.year = Self.year
                    }
                )
                #expect(
                    kindergarten.allocationSection?.available == true
                        && kindergarten.partnershipsSection?.available == true
                )
                let fragmentation = try await gateway.getFragmentationIndex(
                    .with {
                        $0.governorOfficeId = Self.agder
                        $0.year = Self.year
                    }
                )
                #expect(fragmentation.allocationSection?.available == true)
                let health = try await gateway.getPartnershipHealth(
                    .with {
                        $0.governorOfficeId = Self.agder
                        $0.year = Self.year
                    }
                )
                #expect(health.partnershipsSection?.available == true && !health.items.isEmpty)
                let waiting = try await gateway.getReferralWaitingTimes(
                    .with {
                        $0.governorOfficeId = Self.agder
                        $0.year = Self.year
                    }
                )
                #expect(waiting.referralSection?.available == true)
                let equity = try await gateway.getReferralEquity(.with { $0.year = Self.year })
                #expect(equity.referralSection?.available == true)
                let transparency = try await gateway.getTransparencyPage(
                    .with {
                        $0.governorOfficeId = Self.agder
                        $0.year = Self.year
                    }
                )
                #expect(transparency.allocationSection?.available == true)
                let inclusion = try await gateway.getParticipationAndInclusion(
                    .with {
                        $0.governorOfficeId = Self.agder
                        $0.year = Self.year
                    }
                )
                #expect(inclusion.needsSection?.available == true && inclusion.allocationSection?.available == true)
                let queue = try await gateway.getReferralQueue(.with { $0.governorOfficeId = Self.agder })
                #expect(queue.referralSection?.available == true)
                let simulation = try await gateway.simulateAllocation(
                    .with {
                        $0.governorOfficeId = Self.agder
                        $0.scheme = .ksi
                        $0.year = Self.year
                        $0.frameOre = 6_000_000_00
                        $0.methods = [.with { $0.method = .proRataChildrenAndPupils }]
                        $0.draftLines = [
                            .with {
                                $0.draftLineRef = "draft-1"
                                $0.recipientOrgId = "owner-4204"
                                $0.recipientType = .owner
                                $0.amountOre = 300_000_00
                            }
                        ]
                    }
                )
                #expect(
                    simulation.allocationSection?.available == true && !(simulation.result?.scenarios.isEmpty ?? true)
                )
            }
        }
    }

    @Test(
        "the view cache never serves what a write has changed: V1 read before the demo year is loaded, and again after, shows the new decisions"
    )
    func cachedViewFollowsWrites() async throws {
        try await TestStack.with(withGateway: true) { stack in
            let request = GetRegionOverviewRequest.with {
                $0.governorOfficeId = Self.agder
                $0.scheme = .ksi
                $0.year = Self.year
            }
            let empty = try await stack.gatewayClient(as: "statsforvalter-agder", person: DemoPersons.dashboardDefault)
            { try await $0.getRegionOverview(request) }
            let again = try await stack.gatewayClient(as: "statsforvalter-agder", person: DemoPersons.dashboardDefault)
            { try await $0.getRegionOverview(request) }
            #expect(
                empty.allocationSection?.available == true,
                "\(String(describing: empty.allocationSection)) \(String(describing: empty.needsSection))"
            )
            #expect(empty.totals?.decidedOre == 0)
            #expect(again.totals == empty.totals)
            _ = try await stack.loadDemoYear()
            let decided = try await Self.decidedFromAllocation(stack)
            #expect(decided > 0)
            let loaded = try await stack.gatewayClient(as: "statsforvalter-agder", person: DemoPersons.dashboardDefault)
            { try await $0.getRegionOverview(request) }
            #expect(loaded.totals?.decidedOre == decided)
        }
    }

    @Test(
        "a caller without the right role is refused with PERMISSION_DENIED, an unknown embete with NOT_FOUND, as on HTTPS (V13, PRIV-R5)"
    )
    func accessIsEnforced() async throws {
        try await TestStack.with(withGateway: true) { stack in
            try await stack.gatewayClient(as: "kommune-kristiansand", person: "demo-eier-owner-4204") { gateway in
                let refused = await #expect(throws: RPCError.self) {
                    try await gateway.getReferralQueue(.with { $0.governorOfficeId = Self.agder })
                }
                #expect(refused?.code == .permissionDenied)
                let unknown = await #expect(throws: RPCError.self) {
                    try await gateway.getRegionOverview(
                        .with {
                            $0.governorOfficeId = "atlantis"
                            $0.year = Self.year
                        }
                    )
                }
                #expect(unknown?.code == .notFound)
                #expect(unknown.flatMap(RPCStatusDetails.status(of:))?.resourceInfo?.resourceName == "atlantis")
            }
        }
    }

    @Test(
        "the façade checks the request limits before a view runs: a simulation with a negative draft line and a frame over 10 000 000 000 kr is INVALID_ARGUMENT naming both (LIM-R2), an over-long id LIM-R5"
    )
    func requestLimitsOnTheFacade() async throws {
        try await TestStack.with(withGateway: true) { stack in
            try await stack.gatewayClient(as: "statsforvalter-agder", person: DemoPersons.dashboardDefault) { gateway in
                let simulation = await #expect(throws: RPCError.self) {
                    try await gateway.simulateAllocation(
                        .with {
                            $0.governorOfficeId = Self.agder
                            $0.scheme = .ksi
                            $0.year = Self.year
                            $0.frameOre = 1_000_000_000_001
                            $0.methods = [.with { $0.method = .proRataChildrenAndPupils }]
                            $0.draftLines = [
                                .with {
                                    $0.draftLineRef = "draft-1"
                                    $0.recipientOrgId = "owner-4204"
                                    $0.recipientType = .owner
                                    $0.amountOre = 300_000_00
                                },
                                .with {
                                    $0.draftLineRef = "draft-2"
                                    $0.recipientOrgId = "owner-4204"
                                    $0.recipientType = .owner
                                    $0.amountOre = -1
                                },
                            ]
                        }
                    )
                }
                #expect(simulation?.code == .invalidArgument)
                #expect(
                    Set((simulation.map(RPCStatusDetails.violations(of:)) ?? []).map { "\($0.ruleId) \($0.field)" })
                        == ["LIM-R2 frame_ore", "LIM-R2 draft_lines[1].amount_ore"]
                )
                let longId = await #expect(throws: RPCError.self) {
                    try await gateway.getMunicipalityProfile(
                        .with {
                            $0.municipalityId = String(repeating: "4", count: 129)
                            $0.year = Self.year
                        }
                    )
                }
                #expect(longId?.code == .invalidArgument)
                #expect(
                    (longId.map(RPCStatusDetails.violations(of:)) ?? []).map { "\($0.ruleId) \($0.field)" } == [
                        "LIM-R5 municipality_id"
                    ]
                )
            }
        }
    }

    @Test("with PartnershipService down, V1 marks its partnership section unavailable and the rest stays complete (§5)")
    func partialFailure() async throws {
        try await TestStack.with(withGateway: true, upstreamTimeout: .seconds(2)) { stack in
            _ = try await stack.loadDemoYear()
            let request = GetRegionOverviewRequest.with {
                $0.governorOfficeId = Self.agder
                $0.scheme = .ksi
                $0.year = Self.year
            }
            try await stack.gatewayClient(as: "statsforvalter-agder", person: DemoPersons.dashboardDefault) { gateway in
                let before = try await gateway.getRegionOverview(request)
                #expect(before.partnershipsSection?.available == true && (before.totals?.activePartnerships ?? 0) > 0)
                stack.stop(.partnerships)
                let after = try await gateway.getRegionOverview(request)
                #expect(after.partnershipsSection?.available == false)
                #expect(after.partnershipsSection?.reason.contains("partnerships") == true)
                #expect(after.totals?.activePartnerships == 0)
                #expect(after.allocationSection?.available == true && after.needsSection?.available == true)
                #expect(after.totals?.decidedOre == before.totals?.decidedOre)
                #expect(after.totals?.requestedOre == before.totals?.requestedOre)
                #expect(after.totals?.frameOre == before.totals?.frameOre)
            }
        }
    }
}
