import KSICore
import KSITestSupport
import Testing

/// The report state machine of DOMAIN.md §4.1: every allowed transition with the right role, and a
/// sweep over every other (state, command, role) that must be rejected.
@Suite("Needs report state machine")
struct NeedsReportStateMachineTests {
    enum Command: String, CaseIterable, Sendable {
        case submit, returnForCompletion, resubmit, route, prioritise, withdraw, lineCreated, grantDecided,
            appealDecided
    }

    /// Copied from DOMAIN.md §4.1 (plus two documented extensions, marked PD): (from, command, who).
    static let allowed: Set<String> = [
        "draft/submit/kristiansandOwnerAdmin",
        "submitted/returnForCompletion/sfCaseworker",
        "returned/resubmit/kristiansandOwnerAdmin",
        "submitted/route/sfCaseworker",
        "underReview/prioritise/networkCoordinator",
        "prioritised/lineCreated/system",
        "inRecommendation/lineCreated/system",  // PD: a second line (owner and UH) for the same report.
        "inRecommendation/grantDecided/system",
        "notPrioritised/grantDecided/system",
        "inRecommendation/appealDecided/system",  // PD: an appeal on one line before the others are decided.
        "fundedAsRequested/appealDecided/system",
        "fundedOtherThanRequested/appealDecided/system",
        "rejected/appealDecided/system",
        "draft/withdraw/kristiansandOwnerAdmin",
        "submitted/withdraw/kristiansandOwnerAdmin",
        "returned/withdraw/kristiansandOwnerAdmin",
        "underReview/withdraw/kristiansandOwnerAdmin",
    ]

    static let actors: [String] = [
        "kristiansandOwnerAdmin", "arendalOwnerAdmin", "sfCaseworker", "otherSfCaseworker", "networkCoordinator",
        "committeeMember", "uiaContact", "udirAdmin", "system",
    ]

    static let states: [NeedsReportStatus] = NeedsReportStatus.allCases.filter { $0 != .unspecified }

    static func caller(_ name: String) -> Caller {
        name == "system" ? NeedsFixture.system : TestRegion.caller(TestRegion.Actor(rawValue: name)!)
    }

    /// Runs one command on a report as an actor.
    static func run(
        _ command: Command,
        _ report: NeedsReport,
        as actor: String,
        fixture: NeedsFixture
    ) async throws -> NeedsReport {
        let caller = caller(actor)
        let needs = fixture.needs
        let id = NeedsFixture.requestId()
        switch command {
        case .submit:
            return try await needs.reports.submitNeedsReport(
                .with {
                    $0.requestId = id
                    $0.needsReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: caller
            )
        case .returnForCompletion:
            return try await needs.reports.returnNeedsReportForCompletion(
                .with {
                    $0.requestId = id
                    $0.needsReportId = report.id
                    $0.expectedVersion = report.version
                    $0.reason = "Incomplete budget."
                },
                as: caller
            )
        case .resubmit:
            return try await needs.reports.resubmitNeedsReport(
                .with {
                    $0.requestId = id
                    $0.needsReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: caller
            )
        case .route:
            return try await needs.reports.routeNeedsReport(
                .with {
                    $0.requestId = id
                    $0.needsReportId = report.id
                    $0.expectedVersion = report.version
                    $0.routingTarget = .network
                    $0.targetBodyId = TestRegion.networkId
                },
                as: caller
            )
        case .prioritise:
            let basis = try await fixture.networkBasis(
                for: try await needs.rounds.getNeedsRound(.with { $0.id = report.roundId }, as: caller)
            )
            return try await needs.reports.prioritiseNeedsReport(
                .with {
                    $0.requestId = id
                    $0.needsReportId = report.id
                    $0.expectedVersion = report.version
                    $0.decisionBasisId = basis.id
                    $0.prioritised = true
                    $0.rank = 7
                },
                as: caller
            )
        case .withdraw:
            return try await needs.reports.withdrawNeedsReport(
                .with {
                    $0.requestId = id
                    $0.needsReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: caller
            )
        case .lineCreated:
            return try await needs.eventApplication.applyRecommendationLineCreated(
                .with {
                    $0.requestId = id
                    $0.needsReportId = report.id
                    $0.recommendationLineId = "line-sweep"
                },
                as: caller
            )
        case .grantDecided, .appealDecided:
            return try await needs.eventApplication.applyGrantOutcome(
                .with {
                    $0.requestId = id
                    $0.needsReportId = report.id
                    $0.sourceEventType = command == .grantDecided ? "GrantDecided" : "AppealDecided"
                    $0.decision = .with {
                        $0.recommendationLineId = "line-1"
                        $0.decisionOutcome = .partiallyApproved
                        $0.approvedAmountOre = 300_000_00
                        $0.deviatesFromRequest = true
                    }
                },
                as: caller
            )
        }
    }

    // MARK: Allowed transitions

    @Test("draft → submitted by the lead owner's ownerAdmin, with NeedsReportSubmitted")
    func submit() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let report = try await fixture.report(in: .submitted, round: try await fixture.openRound())
            #expect(report.status == .submitted)
            #expect(report.submittedAt == fixture.time.nowMillis())
            let events = try await fixture.needs.queries.listNeedsEvents(
                .with { $0.types = ["NeedsReportSubmitted"] },
                as: NeedsFixture.system
            )
            #expect(events.events.map(\.needsReportId) == [report.id])
        }
    }

    @Test("submitted → returned → submitted by sfCaseworker and then the lead owner")
    func returnAndResubmit() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let returned = try await fixture.report(in: .returned, round: try await fixture.openRound())
            #expect(returned.status == .returned)
            #expect(returned.returnReason == "The budget is missing.")
            let resubmitted = try await Self.run(.resubmit, returned, as: "kristiansandOwnerAdmin", fixture: fixture)
            #expect(resubmitted.status == .submitted)
        }
    }

    @Test("submitted → underReview → prioritised or notPrioritised")
    func routeAndPrioritise() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            let underReview = try await fixture.report(in: .underReview, round: round)
            #expect(underReview.status == .underReview && underReview.routedToBodyId == TestRegion.networkId)
            let prioritised = try await fixture.report(in: .prioritised, round: round, rank: 1)
            #expect(prioritised.status == .prioritised && prioritised.priorityRank == 1)
            let notPrioritised = try await fixture.report(in: .notPrioritised, round: round)
            #expect(notPrioritised.status == .notPrioritised && notPrioritised.priorityRank == 0)
        }
    }

    @Test("a committee member prioritises a report routed to a committee, sfCaseworker one routed to the forum")
    func committeeAndForum() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            let toCommittee = try await fixture.route(
                try await fixture.submit(try await fixture.draft(in: round)),
                to: .committee,
                body: TestRegion.committeeId
            )
            let committeeBasis = try await fixture.needs.reports.createDecisionBasis(
                .with {
                    $0.requestId = "cb"
                    $0.roundId = round.id
                    $0.committeeId = TestRegion.committeeId
                },
                as: TestRegion.caller(.committeeMember)
            )
            let byCommittee = try await fixture.needs.reports.prioritiseNeedsReport(
                .with {
                    $0.requestId = "p1"
                    $0.needsReportId = toCommittee.id
                    $0.expectedVersion = toCommittee.version
                    $0.decisionBasisId = committeeBasis.id
                    $0.prioritised = true
                    $0.rank = 1
                },
                as: TestRegion.caller(.committeeMember)
            )
            #expect(byCommittee.status == .prioritised)
            let toForum = try await fixture.route(
                try await fixture.submit(try await fixture.draft(in: round)),
                to: .forum,
                body: TestRegion.forumId
            )
            let forumBasis = try await fixture.needs.reports.createDecisionBasis(
                .with {
                    $0.requestId = "fb"
                    $0.roundId = round.id
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            let byForum = try await fixture.needs.reports.prioritiseNeedsReport(
                .with {
                    $0.requestId = "p2"
                    $0.needsReportId = toForum.id
                    $0.expectedVersion = toForum.version
                    $0.decisionBasisId = forumBasis.id
                    $0.prioritised = false
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(byForum.status == .notPrioritised)
        }
    }

    @Test("prioritised → inRecommendation → funded, other than requested, or rejected (AllocationService)")
    func outcomes() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            #expect(try await fixture.report(in: .inRecommendation, round: round, rank: 1).status == .inRecommendation)
            #expect(
                try await fixture.report(in: .fundedAsRequested, round: round, rank: 2).status == .fundedAsRequested
            )
            #expect(
                try await fixture.report(in: .fundedOtherThanRequested, round: round, rank: 3).status
                    == .fundedOtherThanRequested
            )
            #expect(try await fixture.report(in: .rejected, round: round, rank: 4).status == .rejected)
            let notPrioritised = try await fixture.report(in: .notPrioritised, round: round)
            #expect(try await fixture.decided(notPrioritised, line: "line-np").status == .fundedAsRequested)
        }
    }

    @Test("an outcome is revised by AppealDecided")
    func appeal() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let rejected = try await fixture.report(in: .rejected, round: try await fixture.openRound())
            let revised = try await fixture.decided(rejected, outcome: .approved, event: "AppealDecided")
            #expect(revised.status == .fundedAsRequested && revised.outcome == .fundedAsRequested)
        }
    }

    @Test(
        "draft, submitted, returned and under review reports can be withdrawn by the lead owner",
        arguments: [
            NeedsReportStatus.draft, .submitted, .returned, .underReview,
        ]
    )
    func withdraw(from status: NeedsReportStatus) async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let report = try await fixture.report(in: status, round: try await fixture.openRound())
            let withdrawn = try await fixture.withdraw(report)
            #expect(withdrawn.status == .withdrawn && withdrawn.withdrawalReason == "Merged into a joint application.")
            let events = try await fixture.needs.queries.listNeedsEvents(
                .with { $0.types = ["NeedsReportWithdrawn"] },
                as: NeedsFixture.system
            )
            #expect(events.events.map(\.status) == [.withdrawn])
        }
    }

    // MARK: Everything else is rejected

    @Test("every other (state, command, role) is rejected with a clear error", arguments: states)
    func sweep(state: NeedsReportStatus) async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let report = try await fixture.report(in: state, round: try await fixture.openRound(), rank: 1)
            #expect(report.status == state)
            for command in Command.allCases {
                for actor in Self.actors where !Self.allowed.contains("\(state.name)/\(command.rawValue)/\(actor)") {
                    await #expect(throws: DomainError.self, "\(state.name)/\(command.rawValue)/\(actor)") {
                        _ = try await Self.run(command, report, as: actor, fixture: fixture)
                    }
                }
            }
            let after = try await fixture.needs.queries.getNeedsReport(
                .with { $0.id = report.id },
                as: NeedsFixture.system
            )
            #expect(after == report)
        }
    }

    @Test("the state machine names what was expected and what was found")
    func messages() throws {
        #expect(throws: DomainError.illegalTransition("only a draft can be submitted; this report is withdrawn")) {
            try NeedsReportStateMachine(.withdrawn).check(.submit)
        }
        for status in Self.states {
            for command in NeedsReportCommand.allCases where !NeedsReportStateMachine(status).allows(command) {
                #expect(throws: DomainError.self) { try NeedsReportStateMachine(status).check(command) }
            }
        }
    }
}
