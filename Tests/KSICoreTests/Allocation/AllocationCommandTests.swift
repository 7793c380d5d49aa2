import KSICore
import KSITestSupport
import Testing

@Suite("Allocation commands: idempotency, versions, atomicity, audit")
struct AllocationCommandTests {
    typealias F = AllocationMoneyFixture

    @Test("an idempotent retry of SignGrantDecision returns the first result and books nothing twice")
    func idempotentRetry() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let recommendation = try await fixture.underControl()
            let prepared = try await fixture.prepare(recommendation)
            let request = SignGrantDecisionRequest.with {
                $0.requestId = "sign-1"
                $0.grantDecisionId = prepared.id
                $0.expectedVersion = prepared.version
            }
            let first = try await fixture.allocation.recommendations.signGrantDecision(
                request,
                as: fixture.decisionMaker
            )
            let second = try await fixture.allocation.recommendations.signGrantDecision(
                request,
                as: fixture.decisionMaker
            )
            #expect(first == second)
            let grants = try await fixture.allocation.grants.listGrants(ListGrantsRequest(), as: fixture.caseworker)
            #expect(grants.items.map(\.amountOre).sorted() == [20_000_000, 30_000_000])
            let decided = try await fixture.allocation.listAllocationEvents(
                ListAllocationEventsRequest.with { $0.types = ["GrantDecided"] },
                as: fixture.udir
            )
            #expect(decided.events.count == 1)
        }
    }

    @Test("a stale expected version is rejected with a version conflict")
    func versionConflict() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let draft = try await fixture.draft()
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.addRecommendationLine(
                    AddRecommendationLineRequest.with {
                        $0.recommendationId = draft.id
                        $0.expectedVersion = draft.version - 1
                        $0.line = F.line(recipient: TestRegion.arendalKommune)
                    },
                    as: fixture.committee
                )
            }
            #expect(error?.code == .versionConflict)
        }
    }

    @Test("a command that fails after writing part of its work stores nothing")
    func failingCommandStoresNothing() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let (_, decisions) = try await fixture.decided()
            var appeal = try await fixture.allocation.appeals.lodgeAppeal(
                LodgeAppealRequest.with {
                    $0.decisionIds = [decisions[0].id]
                    $0.appellantOrgId = TestRegion.kristiansandKommune
                    $0.grounds = "The amount is too low"
                },
                as: fixture.kristiansandAdmin
            )
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
                },
                as: fixture.decisionMaker
            )
            let audit = try await fixture.allocation.listAuditRecords(
                ListAuditRecordsRequest.with { $0.pageSize = 500 },
                as: fixture.udir
            )
            let events = try await fixture.allocation.listAllocationEvents(
                ListAllocationEventsRequest(),
                as: fixture.udir
            )
            // The first revised decision is signed and booked on the grant; the second names no appealed line.
            _ = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.appeals.decideAppeal(
                    DecideAppealRequest.with {
                        $0.appealId = appeal.id
                        $0.expectedVersion = appeal.version
                        $0.outcome = .changed
                        $0.revisedDecisions = [
                            GrantDecisionInput.with {
                                $0.recommendationLineId = decisions[0].lineId
                                $0.outcome = .partiallyApproved
                                $0.approvedAmountOre = 40_000_000
                                $0.reason = .budgetExhausted
                                $0.reasonText = "Reconsidered after the appeal"
                            },
                            GrantDecisionInput.with { $0.recommendationLineId = "no-such-line" },
                        ]
                    },
                    as: fixture.decisionMaker
                )
            }
            let auditAfter = try await fixture.allocation.listAuditRecords(
                ListAuditRecordsRequest.with { $0.pageSize = 500 },
                as: fixture.udir
            )
            let eventsAfter = try await fixture.allocation.listAllocationEvents(
                ListAllocationEventsRequest(),
                as: fixture.udir
            )
            #expect(auditAfter.items.count == audit.items.count)
            #expect(eventsAfter.events.count == events.events.count)
            let stillInForce = try await fixture.allocation.recommendations.getGrantDecision(
                GetGrantDecisionRequest.with { $0.id = decisions[0].id },
                as: fixture.caseworker
            )
            #expect(stillInForce.status == .signed)
            let grant = try await fixture.grant()
            #expect(grant.status == .appealed)
            #expect(grant.amountOre == 30_000_000)
            #expect(
                try await fixture.allocation.recommendations.listGrantDecisions(
                    ListGrantDecisionsRequest(),
                    as: fixture.caseworker
                )
                .items.count == 1
            )
        }
    }

    @Test("every transition is audited with actor, role and states (COM-R4), and only staff read the audit")
    func auditTrail() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let draft = try await fixture.draft()
            _ = try await fixture.adopt(draft)
            let records = try await fixture.allocation.listAuditRecords(
                ListAuditRecordsRequest.with {
                    $0.aggregateType = "Recommendation"
                    $0.aggregateId = draft.id
                },
                as: fixture.caseworker
            )
            #expect(
                records.items.map(\.action) == ["CreateRecommendation", "AddRecommendationLine", "AdoptRecommendation"]
            )
            #expect(records.items.last?.beforeState == "draft")
            #expect(records.items.last?.afterState == "adopted")
            #expect(records.items.last?.actorRole == .sfCaseworker)
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.listAuditRecords(
                    ListAuditRecordsRequest(),
                    as: fixture.kristiansandAdmin
                )
            }
            #expect(error?.code == .notPermitted)
        }
    }

    @Test("events are paged by sequence and filtered by type")
    func eventPaging() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            _ = try await fixture.draft(lines: [
                F.line(), F.line(recipient: TestRegion.arendalKommune),
                F.line(recipient: TestRegion.agderFylkeskommune),
            ])
            let first = try await fixture.allocation.listAllocationEvents(
                ListAllocationEventsRequest.with { $0.pageSize = 2 },
                as: fixture.system
            )
            #expect(first.events.count == 2)
            let rest = try await fixture.allocation.listAllocationEvents(
                ListAllocationEventsRequest.with { $0.afterSequence = first.lastSequence },
                as: fixture.system
            )
            #expect(rest.events.count == 1)
            #expect(rest.events[0].sequence > first.events[1].sequence)
            #expect(rest.events[0].type == "RecommendationLineCreated")
            let denied = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.listAllocationEvents(
                    ListAllocationEventsRequest(),
                    as: TestRegion.caller(.publicViewer)
                )
            }
            #expect(denied?.code == .notPermitted)
        }
    }
}
