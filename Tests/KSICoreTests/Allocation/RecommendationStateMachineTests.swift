import KSITestSupport
import Testing

@testable import KSICore

/// DOMAIN.md §4.3 Recommendation, copied as the allowed table (plus the line edits and decisions the rpcs add).
@Suite("Recommendation state machine")
struct RecommendationStateMachineTests {
    typealias C = RecommendationStateMachine.Command
    struct Allowed: Sendable {
        var from: RecommendationStatus
        var command: C
        var actor: TestRegion.Actor
        var to: RecommendationStatus
    }

    static let allowed: [Allowed] = [
        Allowed(from: .draft, command: .editLines, actor: .committeeMember, to: .draft),
        Allowed(from: .draft, command: .editLines, actor: .sfCaseworker, to: .draft),
        Allowed(from: .draft, command: .adopt, actor: .sfCaseworker, to: .adopted),
        Allowed(from: .draft, command: .submitGovernorRecommendation, actor: .sfCaseworker, to: .submitted),
        Allowed(from: .adopted, command: .submitToGovernor, actor: .sfCaseworker, to: .submitted),
        Allowed(from: .submitted, command: .startControl, actor: .sfCaseworker, to: .underControl),
        Allowed(from: .underControl, command: .returnToForum, actor: .sfDecisionMaker, to: .returnedToForum),
        Allowed(from: .returnedToForum, command: .revise, actor: .sfCaseworker, to: .draft),
        Allowed(from: .underControl, command: .prepareDecision, actor: .sfCaseworker, to: .underControl),
        Allowed(from: .underControl, command: .signDecision, actor: .sfDecisionMaker, to: .underControl),
        Allowed(from: .underControl, command: .decide, actor: .sfDecisionMaker, to: .decided),
    ]
    static let actors: [TestRegion.Actor] = [
        .committeeMember, .sfCaseworker, .sfDecisionMaker, .otherSfCaseworker, .forumChair, .kristiansandOwnerAdmin,
        .udirAdmin,
    ]

    func recommendation(_ status: RecommendationStatus) -> Recommendation {
        Recommendation.with {
            $0.status = status
            $0.governorOfficeId = TestRegion.governorOfficeId
        }
    }

    @Test("every allowed transition succeeds with the right role", arguments: allowed.indices)
    func allowedTransition(_ index: Int) throws {
        let row = Self.allowed[index]
        let next = try RecommendationStateMachine.apply(
            row.command,
            to: recommendation(row.from),
            by: TestRegion.caller(row.actor)
        )
        #expect(next == row.to)
    }

    @Test("every other state, command and role is rejected with a clear error", arguments: C.allCases)
    func otherCombinationsAreRejected(_ command: C) {
        for status in RecommendationStatus.allCases where status != .unspecified {
            for actor in Self.actors
            where !Self.allowed.contains(where: { $0.from == status && $0.command == command && $0.actor == actor }) {
                let error = #expect(throws: DomainError.self) {
                    _ = try RecommendationStateMachine.apply(
                        command,
                        to: recommendation(status),
                        by: TestRegion.caller(actor)
                    )
                }
                #expect(error?.code == .illegalTransition || error?.code == .notPermitted)
                #expect(error?.message.isEmpty == false)
            }
        }
    }

    @Test("a recommendation returned to the forum with a reason is revised back to draft and can be adopted again")
    func returnAndRevise() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            var recommendation = try await fixture.underControl()
            let noReason = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.returnRecommendation(
                    ReturnRecommendationRequest.with {
                        $0.recommendationId = recommendation.id
                        $0.expectedVersion = recommendation.version
                    },
                    as: fixture.decisionMaker
                )
            }
            #expect(noReason?.code == .invalidArgument)
            recommendation = try await fixture.allocation.recommendations.returnRecommendation(
                ReturnRecommendationRequest.with {
                    $0.recommendationId = recommendation.id
                    $0.expectedVersion = recommendation.version
                    $0.reason = "Line 1 lacks a UH agreement"
                },
                as: fixture.decisionMaker
            )
            #expect(recommendation.status == .returnedToForum)
            recommendation = try await fixture.allocation.recommendations.reviseRecommendation(
                ReviseRecommendationRequest.with {
                    $0.recommendationId = recommendation.id
                    $0.expectedVersion = recommendation.version
                },
                as: fixture.caseworker
            )
            #expect(recommendation.status == .draft)
            recommendation = try await fixture.adopt(recommendation)
            #expect(recommendation.status == .adopted)
        }
    }

    @Test("a decided round emits GrantDecided per line and RoundDecided")
    func decidedRound() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            let (recommendation, _) = try await fixture.decided(lines: [
                AllocationMoneyFixture.line(), AllocationMoneyFixture.line(recipient: TestRegion.arendalKommune),
            ])
            #expect(recommendation.status == .decided)
            let events = try await fixture.allocation.listAllocationEvents(
                ListAllocationEventsRequest.with { $0.types = ["GrantDecided", "RoundDecided"] },
                as: fixture.udir
            )
            #expect(events.events.map(\.type) == ["GrantDecided", "GrantDecided", "RoundDecided"])
            #expect(events.events.last?.decisions.count == 2)
        }
    }

    @Test("a round cannot be decided while a line has no signed decision")
    func undecidedLineBlocksTheRound() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            let recommendation = try await fixture.underControl()
            _ = try await fixture.prepare(recommendation)
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.decideRecommendation(
                    DecideRecommendationRequest.with {
                        $0.recommendationId = recommendation.id
                        $0.expectedVersion = recommendation.version
                    },
                    as: fixture.decisionMaker
                )
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R10"])
        }
    }
}
