import KSICore
import KSITestSupport
import Testing

/// Decision bases (PP29): who prepares them, which body's basis a report may enter, and reads.
@Suite("Needs decision bases")
struct NeedsDecisionBasisTests {
    @Test("only the network's coordinator creates its basis, once per round")
    func networkBasis() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            let request = CreateDecisionBasisRequest.with {
                $0.requestId = "b"
                $0.roundId = round.id
                $0.networkId = TestRegion.networkId
            }
            for actor in [TestRegion.Actor.committeeMember, .kristiansandOwnerAdmin, .forumChair] {
                await #expect(throws: DomainError.self) {
                    _ = try await fixture.needs.reports.createDecisionBasis(request, as: TestRegion.caller(actor))
                }
            }
            let basis = try await fixture.needs.reports.createDecisionBasis(
                request,
                as: TestRegion.caller(.networkCoordinator)
            )
            #expect(basis.networkId == TestRegion.networkId && basis.roundId == round.id)
            await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.reports.createDecisionBasis(
                    .with {
                        $0.requestId = "b2"
                        $0.roundId = round.id
                        $0.networkId = TestRegion.networkId
                    },
                    as: TestRegion.caller(.networkCoordinator)
                )
            }
            let both = await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.reports.createDecisionBasis(
                    .with {
                        $0.requestId = "b3"
                        $0.roundId = round.id
                        $0.networkId = "n"
                        $0.committeeId = "c"
                    },
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(both?.code == .invalidArgument)
        }
    }

    @Test("a report routed to a network cannot enter the forum's basis")
    func basisMustFitRoute() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            let report = try await fixture.report(in: .underReview, round: round)
            let forumBasis = try await fixture.needs.reports.createDecisionBasis(
                .with {
                    $0.requestId = "f"
                    $0.roundId = round.id
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.prioritise(report, basis: forumBasis, rank: 1)
            }
            #expect(error?.violations.first?.field == "decision_basis_id")
            let missing = await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.reports.prioritiseNeedsReport(
                    .with {
                        $0.requestId = "p"
                        $0.needsReportId = report.id
                        $0.expectedVersion = report.version
                        $0.prioritised = true
                        $0.rank = 1
                    },
                    as: TestRegion.caller(.networkCoordinator)
                )
            }
            #expect(missing?.code == .invalidArgument)
        }
    }

    @Test("decision bases are read by the embete and the network, not by owners")
    func reads() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            let basis = try await fixture.networkBasis(for: round)
            for reader in [TestRegion.Actor.sfCaseworker, .forumMember, .networkCoordinator, .udirAdmin] {
                #expect(
                    try await fixture.needs.reports.getDecisionBasis(
                        .with { $0.id = basis.id },
                        as: TestRegion.caller(reader)
                    )
                        == basis
                )
            }
            await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.reports.getDecisionBasis(
                    .with { $0.id = basis.id },
                    as: TestRegion.caller(.kristiansandOwnerAdmin)
                )
            }
            let listed = try await fixture.needs.reports.listDecisionBases(
                .with { $0.roundId = round.id },
                as: TestRegion.caller(.otherSfCaseworker)
            )
            #expect(listed.items.isEmpty)
        }
    }

    @Test("rounds list by embete, scheme, year and status")
    func listRounds() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let open = try await fixture.openRound()
            let planned = try await fixture.plannedRound(scheme: .dekom)
            let owner = TestRegion.caller(.kristiansandOwnerAdmin)
            let openOnes = try await fixture.needs.rounds.listNeedsRounds(.with { $0.status = .open }, as: owner)
            #expect(openOnes.items.map(\.id) == [open.id])
            let dekom = try await fixture.needs.rounds.listNeedsRounds(
                .with {
                    $0.scheme = .dekom
                    $0.year = 2025
                    $0.governorOfficeId = TestRegion.governorOfficeId
                },
                as: owner
            )
            #expect(dekom.items.map(\.id) == [planned.id])
            let badDates = await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.rounds.updateNeedsRound(
                    .with {
                        $0.requestId = "d"
                        $0.needsRoundId = planned.id
                        $0.expectedVersion = planned.version
                        $0.opensOn = NeedsFixture.deadline
                        $0.submissionDeadline = NeedsFixture.opensOn
                    },
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(badDates?.code == .invalidArgument)
        }
    }
}
