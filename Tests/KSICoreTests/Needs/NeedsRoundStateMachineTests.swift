import KSICore
import KSITestSupport
import Testing

/// The round's life: planned → open → closed → archived (DOMAIN.md §4.1), COM-R5 and NEED-R6 at opening.
@Suite("Needs round state machine")
struct NeedsRoundStateMachineTests {
    static let commands = NeedsRoundCommand.allCases
    /// Copied from DOMAIN.md §4.1: (from, command) with sfCaseworker of the embete.
    static let allowed: Set<String> = ["planned/update", "planned/open", "open/close", "closed/archive"]
    static let actors: [TestRegion.Actor] = [
        .sfCaseworker, .otherSfCaseworker, .sfDecisionMaker, .kristiansandOwnerAdmin, .udirAdmin,
    ]

    static func run(
        _ command: NeedsRoundCommand,
        _ round: NeedsRound,
        as caller: Caller,
        fixture: NeedsFixture
    ) async throws -> NeedsRound {
        let id = NeedsFixture.requestId()
        switch command {
        case .update:
            return try await fixture.needs.rounds.updateNeedsRound(
                .with {
                    $0.requestId = id
                    $0.needsRoundId = round.id
                    $0.expectedVersion = round.version
                    $0.submissionDeadline = NeedsFixture.deadline.adding(days: 1)
                },
                as: caller
            )
        case .open:
            return try await fixture.needs.rounds.openNeedsRound(
                .with {
                    $0.requestId = id
                    $0.needsRoundId = round.id
                    $0.expectedVersion = round.version
                },
                as: caller
            )
        case .close:
            return try await fixture.needs.rounds.closeNeedsRound(
                .with {
                    $0.requestId = id
                    $0.needsRoundId = round.id
                    $0.expectedVersion = round.version
                },
                as: caller
            )
        case .archive:
            return try await fixture.needs.rounds.archiveNeedsRound(
                .with {
                    $0.requestId = id
                    $0.needsRoundId = round.id
                    $0.expectedVersion = round.version
                },
                as: caller
            )
        }
    }

    @Test("planned → open → closed → archived by the embete's sfCaseworker")
    func lifecycle() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let caseworker = TestRegion.caller(.sfCaseworker)
            var round = try await fixture.plannedRound()
            #expect(round.status == .planned && round.frozenPolicy == nil)
            round = try await Self.run(.update, round, as: caseworker, fixture: fixture)
            #expect(round.submissionDeadline == NeedsFixture.deadline.adding(days: 1))
            round = try await Self.run(.open, round, as: caseworker, fixture: fixture)
            #expect(round.status == .open && round.openedAt > 0)
            round = try await Self.run(.close, round, as: caseworker, fixture: fixture)
            #expect(round.status == .closed)
            round = try await Self.run(.archive, round, as: caseworker, fixture: fixture)
            #expect(round.status == .archived)
        }
    }

    @Test(
        "every other (state, command, role) on a round is rejected",
        arguments: [NeedsRoundStatus.planned, .open, .closed, .archived]
    )
    func sweep(state: NeedsRoundStatus) async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let caseworker = TestRegion.caller(.sfCaseworker)
            var round = try await fixture.plannedRound()
            for step in [NeedsRoundCommand.open, .close, .archive].prefix(
                [.planned, .open, .closed, .archived].firstIndex(of: state)!
            ) {
                round = try await Self.run(step, round, as: caseworker, fixture: fixture)
            }
            #expect(round.status == state)
            for command in Self.commands {
                for actor in Self.actors
                where !(actor == .sfCaseworker && Self.allowed.contains("\(state.name)/\(command.rawValue)")) {
                    await #expect(throws: DomainError.self, "\(state.name)/\(command.rawValue)/\(actor)") {
                        _ = try await Self.run(command, round, as: TestRegion.caller(actor), fixture: fixture)
                    }
                }
            }
            #expect(try await fixture.needs.rounds.getNeedsRound(.with { $0.id = round.id }, as: caseworker) == round)
        }
    }

    @Test("NEED-R6 rejects opening a round without a submission deadline (Q5)")
    func openNeedsDeadline() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.plannedRound(deadline: nil)
            #expect(round.submissionDeadline == nil)
            let error = await #expect(throws: DomainError.self) {
                _ = try await Self.run(.open, round, as: TestRegion.caller(.sfCaseworker), fixture: fixture)
            }
            #expect(error?.violations.map(\.rule) == ["NEED-R6"])
        }
    }

    @Test("COM-R5 freezes the resolved policy when a round opens; later policy changes do not reach it")
    func freezesPolicy() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            #expect(round.frozenPolicy?.governor.pptInvolvementRequirement == .warnOnly)
            #expect(round.frozenPolicy?.governor.submissionDeadline == NeedsFixture.deadline)
            // The embete tightens NEED-R3 after the round opened.
            var reference = try TestRegion.reference()
            var strict = BuiltInPolicy.governor(governorOfficeId: TestRegion.governorOfficeId, year: 2025, scheme: .ksi)
            strict.pptInvolvementRequirement = .invitedRequired
            reference.policies.set(strict)
            strict.year = 2026
            reference.policies.set(strict)
            let later = fixture.with(reference: reference)
            let draft = try await later.draft(in: round) { $0.pptInvolvement = .informed }
            let submitted = try await later.submit(draft)
            #expect(submitted.status == .submitted)
            #expect(submitted.warnings.contains { $0.ruleId == "NEED-R3" })
            // A round opened under the new policy freezes it (NEED-R3 HARD there).
            let nextRound = try await later.openRound(scheme: .ksi, year: 2026)
            #expect(nextRound.frozenPolicy?.governor.pptInvolvementRequirement == .invitedRequired)
            #expect(nextRound.frozenPolicy?.governorPolicySource == .governorOffice)
        }
    }

    @Test("COM-R7 rejects a round without a scheme, and one embete has one round per scheme and year")
    func oneSchemeOneRound() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.plannedRound(scheme: .unspecified)
            }
            #expect(error?.violations.map(\.rule) == ["COM-R7"])
            _ = try await fixture.plannedRound()
            await #expect(throws: DomainError.self) { _ = try await fixture.plannedRound() }
            #expect(try await fixture.plannedRound(scheme: .dekom).scheme == .dekom)
        }
    }
}
