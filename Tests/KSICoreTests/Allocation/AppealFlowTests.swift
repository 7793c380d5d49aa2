import KSICore
import KSITestSupport
import Testing

@Suite("Allocation appeals and reclaims (ALLOC-R16, ALLOC-R17)")
struct AppealFlowTests {
    typealias F = AllocationMoneyFixture

    func lodge(_ fixture: F, _ decision: GrantDecision, on date: LocalDate? = nil) async throws -> Appeal {
        try await fixture.allocation.appeals.lodgeAppeal(
            LodgeAppealRequest.with {
                $0.decisionIds = [decision.id]
                $0.appellantOrgId = TestRegion.kristiansandKommune
                $0.lodgedOn = date
                $0.grounds = "The reduction ignores the mapped need"
            },
            as: fixture.kristiansandAdmin
        )
    }

    @Test("ALLOC-R17 rejects an appeal lodged after the 21-day deadline")
    func lateAppealIsRejected() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let (_, decisions) = try await fixture.decided()
            let error = await #expect(throws: DomainError.self) {
                _ = try await lodge(fixture, decisions[0], on: LocalDate(year: 2025, month: 3, day: 23))
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R17"])
        }
    }

    @Test(
        "ALLOC-R17 accepts an appeal within the deadline: reconsidered, forwarded, changed by the appeal body and closed"
    )
    func appealFlowChangesTheDecision() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            var recommendation = try await fixture.underControl()
            let partial = try await fixture.sign(
                try await fixture.prepare(
                    recommendation,
                    outcome: .partiallyApproved,
                    amountOre: 30_000_000,
                    reason: .budgetExhausted,
                    reasonText: "The frame does not cover it"
                )
            )
            recommendation = try await fixture.allocation.recommendations.getRecommendation(
                GetRecommendationRequest.with { $0.id = recommendation.id },
                as: fixture.caseworker
            )
            _ = try await fixture.allocation.recommendations.decideRecommendation(
                DecideRecommendationRequest.with {
                    $0.recommendationId = recommendation.id
                    $0.expectedVersion = recommendation.version
                },
                as: fixture.decisionMaker
            )
            var appeal = try await lodge(fixture, partial, on: LocalDate(year: 2025, month: 3, day: 22))
            #expect(appeal.status == .lodged)
            #expect(appeal.deadlineOn == LocalDate(year: 2025, month: 3, day: 22))
            #expect(try await fixture.grant().status == .appealed)
            appeal = try await fixture.allocation.appeals.startReconsideration(
                StartReconsiderationRequest.with {
                    $0.appealId = appeal.id
                    $0.expectedVersion = appeal.version
                },
                as: fixture.caseworker
            )
            appeal = try await fixture.allocation.appeals.forwardAppeal(
                ForwardAppealRequest.with {
                    $0.appealId = appeal.id
                    $0.expectedVersion = appeal.version
                    $0.note = "The statsforvalter upholds its decision"
                },
                as: fixture.caseworker
            )
            #expect(appeal.appealBody == .directorate)
            appeal = try await fixture.allocation.appeals.decideAppeal(
                DecideAppealRequest.with {
                    $0.appealId = appeal.id
                    $0.expectedVersion = appeal.version
                    $0.outcome = .changed
                    $0.outcomeText = "The full amount is granted"
                    $0.revisedDecisions = [
                        GrantDecisionInput.with {
                            $0.recommendationLineId = partial.lineId
                            $0.outcome = .approved
                            $0.approvedAmountOre = 50_000_000
                        }
                    ]
                },
                as: fixture.udir
            )
            #expect(appeal.status == .decided)
            #expect(appeal.revisedDecisionIds.count == 1)
            let old = try await fixture.allocation.recommendations.getGrantDecision(
                GetGrantDecisionRequest.with { $0.id = partial.id },
                as: fixture.caseworker
            )
            #expect(old.status == .superseded)
            let grant = try await fixture.grant()
            #expect(grant.status == .decided)
            #expect(grant.amountOre == 30_000_000)  // the owner's 6000 bp of 500 000 kr
            appeal = try await fixture.allocation.appeals.closeAppeal(
                CloseAppealRequest.with {
                    $0.appealId = appeal.id
                    $0.expectedVersion = appeal.version
                },
                as: fixture.caseworker
            )
            #expect(appeal.status == .closed)
            let types = try await fixture.allocation.listAllocationEvents(
                ListAllocationEventsRequest(),
                as: fixture.udir
            ).events.map(\.type)
            #expect(types.suffix(2) == ["GrantDecided", "AppealDecided"])
        }
    }

    @Test("ALLOC-R17 lets the appellant appeal a rejected line, which has no grant, and the statsforvalter resolve it")
    func rejectedLineAppeal() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let recommendation = try await fixture.underControl()
            let rejected = try await fixture.sign(
                try await fixture.prepare(
                    recommendation,
                    outcome: .rejected,
                    reason: .outsideCriteria,
                    reasonText: "Outside the scheme's criteria"
                )
            )
            #expect(rejected.grantIds.isEmpty)
            var appeal = try await lodge(fixture, rejected)
            appeal = try await fixture.allocation.appeals.startReconsideration(
                StartReconsiderationRequest.with {
                    $0.appealId = appeal.id
                    $0.expectedVersion = appeal.version
                },
                as: fixture.caseworker
            )
            appeal = try await fixture.allocation.appeals.resolveAppealByGovernor(
                ResolveAppealByGovernorRequest.with {
                    $0.appealId = appeal.id
                    $0.expectedVersion = appeal.version
                    $0.note = "The statsforvalter grants the appeal"
                },
                as: fixture.decisionMaker
            )
            appeal = try await fixture.allocation.appeals.decideAppeal(
                DecideAppealRequest.with {
                    $0.appealId = appeal.id
                    $0.expectedVersion = appeal.version
                    $0.outcome = .upheld
                },
                as: fixture.decisionMaker
            )
            #expect(appeal.status == .decided)
            let stranger = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.appeals.lodgeAppeal(
                    LodgeAppealRequest.with {
                        $0.decisionIds = [rejected.id]
                        $0.appellantOrgId = TestRegion.arendalKommune
                        $0.grounds = "We want it too"
                    },
                    as: TestRegion.caller(.arendalOwnerAdmin)
                )
            }
            #expect(stranger?.code == .notPermitted)
        }
    }

    @Test("ALLOC-R16 computes the reclaim as disbursed minus documented spend and caps the decision at it")
    func reclaimAmount() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let grant = try await fixture.disbursedGrant()
            var reclaim = try await fixture.allocation.grants.openReclaim(
                OpenReclaimRequest.with {
                    $0.grantId = grant.id
                    $0.expectedVersion = grant.version
                    $0.trigger = .unspentFunds
                    $0.documentedEligibleSpendOre = 1_500_000
                },
                as: fixture.caseworker
            )
            #expect(reclaim.amountOre == 500_000)
            #expect(try await fixture.grant().status == .reclaimOpen)
            let early = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.grants.decideReclaim(
                    DecideReclaimRequest.with {
                        $0.reclaimCaseId = reclaim.id
                        $0.expectedVersion = reclaim.version
                        $0.amountOre = 500_000
                    },
                    as: fixture.decisionMaker
                )
            }
            #expect(early?.violations.map(\.rule) == ["ALLOC-R16"])
            reclaim = try await fixture.allocation.grants.recordReclaimComment(
                RecordReclaimCommentRequest.with {
                    $0.reclaimCaseId = reclaim.id
                    $0.expectedVersion = reclaim.version
                    $0.comment = "We agree"
                },
                as: fixture.kristiansandAdmin
            )
            let tooMuch = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.grants.decideReclaim(
                    DecideReclaimRequest.with {
                        $0.reclaimCaseId = reclaim.id
                        $0.expectedVersion = reclaim.version
                        $0.amountOre = 600_000
                    },
                    as: fixture.decisionMaker
                )
            }
            #expect(tooMuch?.violations.map(\.rule) == ["ALLOC-R16"])
            reclaim = try await fixture.allocation.grants.decideReclaim(
                DecideReclaimRequest.with {
                    $0.reclaimCaseId = reclaim.id
                    $0.expectedVersion = reclaim.version
                    $0.amountOre = 500_000
                },
                as: fixture.decisionMaker
            )
            #expect(reclaim.status == .decided)
            reclaim = try await fixture.allocation.grants.settleReclaim(
                SettleReclaimRequest.with {
                    $0.reclaimCaseId = reclaim.id
                    $0.expectedVersion = reclaim.version
                    $0.settledAmountOre = 500_000
                },
                as: fixture.caseworker
            )
            #expect(reclaim.status == .settled)
            let back = try await fixture.grant()
            #expect(back.status == .disbursed)
            #expect(back.reclaimedOre == 500_000)
        }
    }

    @Test("ALLOC-R16 never reclaims a negative amount when documented spend exceeds what was paid")
    func reclaimIsNeverNegative() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let grant = try await fixture.disbursedGrant()
            let reclaim = try await fixture.allocation.grants.openReclaim(
                OpenReclaimRequest.with {
                    $0.grantId = grant.id
                    $0.expectedVersion = grant.version
                    $0.trigger = .coFinancingShortfall
                    $0.documentedEligibleSpendOre = 9_000_000
                },
                as: fixture.caseworker
            )
            #expect(reclaim.amountOre == 0)
        }
    }
}
