import KSICore
import KSITestSupport
import Testing

/// NEED-R12: outcomes derived from the line decisions AllocationService sends.
@Suite("Needs outcomes")
struct NeedsOutcomeTests {
    static func line(
        _ id: String,
        _ outcome: GrantDecisionOutcome,
        _ amount: Int64,
        deviates: Bool = false
    ) -> NeedsReportLineDecision {
        .with {
            $0.recommendationLineId = id
            $0.decisionOutcome = outcome
            $0.approvedAmountOre = amount
            $0.deviatesFromRequest = deviates
        }
    }

    @Test("NEED-R12 derives notFunded and rejected when nothing is decided")
    func notFunded() throws {
        let derived = try NeedsOutcomeRule.derive(
            requestedAmountOre: 800_000_00,
            decisions: [Self.line("l1", .rejected, 0)]
        )
        #expect(derived.outcome == .notFunded && derived.status == .rejected && derived.fundingRatioBp == 0)
        #expect(try NeedsOutcomeRule.derive(requestedAmountOre: 800_000_00, decisions: []).status == .rejected)
    }

    @Test("NEED-R12 derives fundedOtherThanRequested when a funded line deviates, with the funding ratio")
    func otherThanRequested() throws {
        let derived = try NeedsOutcomeRule.derive(
            requestedAmountOre: 800_000_00,
            decisions: [
                Self.line("l1", .approved, 400_000_00), Self.line("l2", .partiallyApproved, 200_000_00, deviates: true),
            ]
        )
        #expect(derived.outcome == .fundedOtherThanRequested)
        #expect(derived.decidedAmountOre == 600_000_00)
        #expect(derived.fundingRatioBp == 7500)
    }

    @Test("NEED-R12 derives fundedAsRequested otherwise; a rejected deviating line does not count")
    func asRequested() throws {
        let derived = try NeedsOutcomeRule.derive(
            requestedAmountOre: 800_000_00,
            decisions: [Self.line("l1", .approved, 800_000_00), Self.line("l2", .rejected, 0, deviates: true)]
        )
        #expect(derived.outcome == .fundedAsRequested && derived.fundingRatioBp == 10_000)
    }

    @Test("NEED-R12 waits for every line before deriving the outcome")
    func waitsForAllLines() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            var report = try await fixture.report(in: .prioritised, round: try await fixture.openRound())
            report = try await fixture.lineCreated(report, line: "owner-line")
            report = try await fixture.lineCreated(report, line: "uh-line")
            #expect(report.recommendationLineIds == ["owner-line", "uh-line"])
            report = try await fixture.decided(report, line: "owner-line", amountOre: 500_000_00)
            #expect(report.status == .inRecommendation && report.outcome == .unspecified)
            #expect(report.decidedAmountOre == 500_000_00)
            report = try await fixture.decided(report, line: "uh-line", amountOre: 300_000_00)
            #expect(report.status == .fundedAsRequested && report.outcome == .fundedAsRequested)
            #expect(report.decidedAmountOre == 800_000_00 && report.fundingRatioBp == 10_000)
        }
    }

    @Test("COM-R2 rejects a line decision in øre, and only AllocationService may apply decisions")
    func decisionShape() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let report = try await fixture.report(in: .inRecommendation, round: try await fixture.openRound())
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.decided(report, amountOre: 100_000_50)
            }
            #expect(error?.violations.map(\.rule) == ["COM-R2"])
            let denied = await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.eventApplication.applyGrantOutcome(
                    .with {
                        $0.requestId = "x"
                        $0.needsReportId = report.id
                        $0.sourceEventType = "GrantDecided"
                        $0.decision = Self.line("line-1", .approved, 100)
                    },
                    as: TestRegion.caller(.sfDecisionMaker)
                )
            }
            #expect(denied?.code == .notPermitted)
        }
    }

    @Test("a repeated GrantDecided delivery changes nothing")
    func repeatedDelivery() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let funded = try await fixture.report(in: .fundedAsRequested, round: try await fixture.openRound())
            let again = try await fixture.decided(funded)
            #expect(again == funded)
        }
    }

    @Test("NEED-R12 on RoundDecided: reports without a line are rejected, undecided lines count as not funded")
    func roundDecided() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            let draft = try await fixture.draft(in: round)
            let notPrioritised = try await fixture.report(in: .notPrioritised, round: round)
            let prioritised = try await fixture.report(in: .prioritised, round: round, rank: 1)
            let undecided = try await fixture.report(in: .inRecommendation, round: round, rank: 2)
            let funded = try await fixture.report(in: .fundedAsRequested, round: round, rank: 3)
            let decide = ApplyRoundDecidedRequest.with {
                $0.requestId = "rd"
                $0.roundId = round.id
                $0.sourceEventSequence = 42
            }
            let early = await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.eventApplication.applyRoundDecided(decide, as: NeedsFixture.system)
            }
            #expect(early?.code == .illegalTransition)
            _ = try await fixture.closeRound(round)
            let response = try await fixture.needs.eventApplication.applyRoundDecided(decide, as: NeedsFixture.system)
            #expect(Set(response.updatedNeedsReportIds) == [notPrioritised.id, prioritised.id, undecided.id])
            for id in response.updatedNeedsReportIds {
                let report = try await fixture.needs.queries.getNeedsReport(
                    .with { $0.id = id },
                    as: NeedsFixture.system
                )
                #expect(report.status == .rejected && report.outcome == .notFunded)
            }
            let untouched = try await fixture.needs.queries.getNeedsReport(
                .with { $0.id = draft.id },
                as: NeedsFixture.system
            )
            #expect(untouched == draft)
            #expect(
                try await fixture.needs.queries.getNeedsReport(.with { $0.id = funded.id }, as: NeedsFixture.system)
                    == funded
            )
        }
    }
}
