import KSITestSupport
import Testing

@testable import KSICore

/// ALLOC-R4 across contexts: a recommendation line is checked against the needs reports it cites when it is
/// written, through the real Needs context on the same database, and keeps a snapshot of them.
@Suite("Recommendation lines cite real needs reports (ALLOC-R4, ALLOC-R3, COM-R7)")
struct CitedNeedsReportTests {
    typealias F = AllocationMoneyFixture

    /// A submitted Kristiansand report made through the Needs API, and the money fixture on the same database.
    struct Setup {
        let needs: NeedsFixture
        let money: F
        let round: NeedsRound
        let report: NeedsReport
    }

    func withSetup(_ body: @Sendable (Setup) async throws -> Void) async throws {
        try await TestDatabase.with(.sqlite) { database in
            let needs = try NeedsFixture(database: database)
            let round = try await needs.openRound()
            let report = try await needs.submit(try await needs.draft(in: round))
            try await body(Setup(needs: needs, money: try F(database: database), round: round, report: report))
        }
    }

    /// A draft recommendation of `round` (or another round id), embete, scheme and year.
    func recommendation(
        _ setup: Setup,
        roundId: String? = nil,
        office: String = TestRegion.governorOfficeId,
        scheme: Scheme = .ksi,
        year: Int32 = 2025
    ) async throws -> Recommendation {
        try await setup.money.allocation.recommendations.createRecommendation(
            .with {
                $0.roundId = roundId ?? setup.round.id
                $0.governorOfficeId = office
                $0.scheme = scheme
                $0.year = year
                $0.forumId = TestRegion.forumId
                $0.author = .forum
            },
            as: office == TestRegion.governorOfficeId ? setup.money.committee : TestRegion.caller(.otherSfCaseworker)
        )
    }

    /// A complete line to Kristiansand citing `reports`, prioritising the fixture report's measure.
    static func line(
        citing reports: [String],
        recipient: String = TestRegion.kristiansandKommune
    ) -> RecommendationLineContent {
        F.line(recipient: recipient) {
            $0.needsReportIds = reports
            $0.proposedMeasureIds = ["measure-1"]
        }
    }

    /// Adds `line` and returns the refusal, checking that nothing was stored.
    func refusal(
        _ setup: Setup,
        _ line: RecommendationLineContent,
        on given: Recommendation? = nil
    ) async throws -> DomainError? {
        let draft: Recommendation
        if let given { draft = given } else { draft = try await recommendation(setup) }
        let caller =
            draft.governorOfficeId == TestRegion.governorOfficeId
            ? setup.money.committee : TestRegion.caller(.otherSfCaseworker)
        let error = await #expect(throws: DomainError.self) {
            _ = try await setup.money.allocation.recommendations.addRecommendationLine(
                .with {
                    $0.recommendationId = draft.id
                    $0.expectedVersion = draft.version
                    $0.line = line
                },
                as: caller
            )
        }
        let stored = try await setup.money.allocation.recommendations.getRecommendation(
            .with { $0.id = draft.id },
            as: caller
        )
        #expect(stored.lines.isEmpty)
        #expect(stored.version == draft.version)
        return error
    }

    func rules(_ error: DomainError?) -> [String: String] {
        Dictionary((error?.violations ?? []).map { ($0.field, $0.rule.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("ALLOC-R4 refuses a line citing a needs report that does not exist, naming the field")
    func missingReport() async throws {
        try await withSetup { setup in
            let error = try await refusal(setup, Self.line(citing: [setup.report.id, "no-such-report"]))
            #expect(error?.code == .ruleViolation)
            #expect(rules(error) == ["line.needs_report_ids[1]": "ALLOC-R4"])
        }
    }

    @Test("ALLOC-R4 refuses a line whose recipient is neither the report's lead owner nor a co-applicant")
    func anotherOwnersReport() async throws {
        try await withSetup { setup in
            var line = Self.line(citing: [setup.report.id], recipient: TestRegion.arendalKommune)
            line.proposedMeasureIds = ["measure-1"]
            let error = try await refusal(setup, line)
            #expect(rules(error) == ["line.recipient_org_id": "ALLOC-R4"])
        }
    }

    @Test("ALLOC-R4 refuses a report of another round")
    func anotherRound() async throws {
        try await withSetup { setup in
            let error = try await refusal(
                setup,
                Self.line(citing: [setup.report.id]),
                on: try await recommendation(setup, roundId: "round-of-another-call")
            )
            #expect(rules(error) == ["line.needs_report_ids[0]": "ALLOC-R4"])
            #expect(error?.violations.first?.message.contains("another round") == true)
        }
    }

    @Test("ALLOC-R4 refuses a report of another year")
    func anotherYear() async throws {
        try await withSetup { setup in
            // The round id is the report's, so only the year differs.
            let error = try await refusal(
                setup,
                Self.line(citing: [setup.report.id]),
                on: try await recommendation(setup, year: 2024)
            )
            #expect(rules(error) == ["line.needs_report_ids[0]": "ALLOC-R4"])
            #expect(error?.violations.map(\.message) == ["the needs report is for 2025, the recommendation for 2024"])
        }
    }

    @Test("COM-R7 refuses a report of another scheme")
    func anotherScheme() async throws {
        try await withSetup { setup in
            let error = try await refusal(
                setup,
                Self.line(citing: [setup.report.id]),
                on: try await recommendation(setup, scheme: .dekom)
            )
            #expect(rules(error) == ["line.needs_report_ids[0]": "COM-R7"])
        }
    }

    @Test("ALLOC-R4 refuses a report of another embete")
    func anotherEmbete() async throws {
        try await withSetup { setup in
            let error = try await refusal(
                setup,
                Self.line(citing: [setup.report.id]),
                on: try await recommendation(setup, office: TestRegion.otherGovernorOfficeId)
            )
            #expect(
                error?.violations.contains {
                    $0.rule.value == "ALLOC-R4" && $0.field == "line.needs_report_ids[0]"
                        && $0.message.contains("another embete")
                } == true
            )
        }
    }

    @Test("ALLOC-R4 refuses a withdrawn and a draft report: only a submitted, undecided report is cited")
    func withdrawnOrDraftReport() async throws {
        try await withSetup { setup in
            let draftReport = try await setup.needs.draft(in: setup.round)
            let withdrawn = try await setup.needs.withdraw(
                try await setup.needs.submit(try await setup.needs.draft(in: setup.round))
            )
            #expect(withdrawn.status == .withdrawn)
            let error = try await refusal(setup, Self.line(citing: [draftReport.id, withdrawn.id]))
            #expect(rules(error) == ["line.needs_report_ids[0]": "ALLOC-R4", "line.needs_report_ids[1]": "ALLOC-R4"])
            #expect(error?.violations.map(\.message).contains { $0.contains("withdrawn") } == true)
            #expect(error?.violations.map(\.message).contains { $0.contains("draft") } == true)
        }
    }

    @Test("ALLOC-R3 refuses a prioritised measure that the cited reports do not propose")
    func unknownMeasure() async throws {
        try await withSetup { setup in
            var line = Self.line(citing: [setup.report.id])
            line.proposedMeasureIds = ["measure-1", "measure-nobody-proposed"]
            let error = try await refusal(setup, line)
            #expect(rules(error) == ["line.proposed_measure_ids[1]": "ALLOC-R3"])
        }
    }

    @Test("A valid line keeps a snapshot equal to the cited report: themes, sectors, units, kommuner, amount, measures")
    func snapshotEqualsReport() async throws {
        try await withSetup { setup in
            let report = setup.report
            let draft = try await recommendation(setup)
            let saved = try await setup.money.allocation.recommendations.addRecommendationLine(
                .with {
                    $0.recommendationId = draft.id
                    $0.expectedVersion = draft.version
                    $0.line = Self.line(citing: [report.id])
                },
                as: setup.money.committee
            )
            let line = try #require(saved.lines.first)
            #expect(Set(line.themes) == Set(report.themes))
            #expect(Set(line.sectors) == Set(report.sectors))
            #expect(Set(line.participatingUnitIds) == Set(report.participatingUnitIds))
            #expect(line.requestedAmountOre == report.requestedAmountOre)
            #expect(line.proposedMeasures == report.proposedMeasures.filter { $0.id == "measure-1" })
            #expect(!line.proposedMeasures.isEmpty)
            let reference = try TestRegion.reference()
            let kommuner = Set(report.participatingUnitIds.compactMap { reference.unit($0)?.municipalityId })
            #expect(kommuner.isSubset(of: Set(line.municipalityIds)) && !kommuner.isEmpty)
            #expect(line.warnings.isEmpty)

            // UpdateRecommendationLine checks again: a missing report is refused and the stored line stays.
            let error = await #expect(throws: DomainError.self) {
                _ = try await setup.money.allocation.recommendations.updateRecommendationLine(
                    .with {
                        $0.recommendationId = saved.id
                        $0.expectedVersion = saved.version
                        $0.recommendationLineId = line.id
                        $0.line = Self.line(citing: [report.id, "gone"])
                    },
                    as: setup.money.committee
                )
            }
            #expect(rules(error) == ["line.needs_report_ids[1]": "ALLOC-R4"])
            let stored = try await setup.money.allocation.recommendations.getRecommendation(
                .with { $0.id = saved.id },
                as: setup.money.committee
            )
            #expect(stored.lines == saved.lines)
        }
    }
}
