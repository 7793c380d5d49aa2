import KSICore
import KSITestSupport
import Testing

/// V4, V5, ALLOC-R19 and needs-based sub-frames over the needs snapshot that recommendation lines carry
/// (themes, sectors, units, municipalities). Every line is built by hand here, or stored by hand, so the
/// expected figures are worked out from the data in each test, not from the code under test.
@Suite("Figures from the lines' needs snapshot (V4, V5, ALLOC-R19, COM-R3 sub-frames)")
struct LineSnapshotFiguresTests {
    typealias F = AllocationMoneyFixture

    static func line(
        _ id: String,
        amountOre: Int64,
        themes: [ThemeCode] = [],
        sectors: [Sector] = [],
        units: [String] = [],
        municipalities: [String] = []
    ) -> RecommendationLine {
        RecommendationLine.with {
            $0.id = id
            $0.amountOre = amountOre
            $0.themes = themes
            $0.sectors = sectors
            $0.participatingUnitIds = units
            $0.municipalityIds = municipalities
        }
    }

    // MARK: V4 and V5 over snapshot lines

    @Test(
        "V4 from the lines' themes: 60 M with 1 of 2 special-needs themes, 30 M autism, 10 M without a snapshot is unknown"
    )
    func specialNeedsShareFromSnapshot() throws {
        let lines = [
            Self.line("l1", amountOre: 60_000_000, themes: [.readingWriting, .inclusivePractice]),
            Self.line("l2", amountOre: 30_000_000, themes: [.autism]),
            Self.line("l3", amountOre: 10_000_000),
        ]
        let figures = ViewFigures.specialNeedsShare(
            lines.map(\.figureLine),
            reference: try TestRegion.reference(),
            reservedBp: 9000
        )
        #expect(figures.totalAmountOre == 100_000_000)
        #expect(figures.specialNeedsAmountOre == 90_000_000)  // l1 + l2
        #expect(figures.specialNeedsWeightedAmountOre == 60_000_000)  // 60 M × 1/2 + 30 M × 1/1
        #expect(figures.specialNeedsShareInclusiveBp == 9000)
        #expect(figures.specialNeedsShareWeightedBp == 6000)
        #expect(figures.reservationMet)
        #expect(figures.unknownAmountOre == 10_000_000)  // l3: not counted as «not special needs», shown as unknown
        #expect(figures.unknownLineCount == 1)
    }

    @Test("V5 from the lines' units and sectors; a line with neither is unknown, not the owner's sectors")
    func kindergartenShareFromSnapshot() throws {
        let lines = [
            // 40 M over a kindergarten and a school: 20 M kindergarten.
            Self.line(
                "l1",
                amountOre: 40_000_000,
                units: [TestRegion.kristiansandKindergarten, TestRegion.kristiansandSchool]
            ),
            // 30 M, no units, kindergarten sector only: 30 M.
            Self.line("l2", amountOre: 30_000_000, sectors: [.kindergarten]),
            // 20 M, no units, two sectors weighed equally: 10 M.
            Self.line("l3", amountOre: 20_000_000, sectors: [.kindergarten, .compulsorySchool]),
            // 10 M without a snapshot.
            Self.line("l4", amountOre: 10_000_000),
        ]
        let reference = try TestRegion.reference()
        let figures = ViewFigures.kindergartenShare(
            lines.map(\.figureLine),
            unitType: { reference.unit($0)?.unitType },
            unitsTotal: 4,
            kindergartenUnitsTotal: 2
        )
        #expect(figures.totalAmountOre == 100_000_000)
        #expect(figures.kindergartenAmountOre == 60_000_000)
        #expect(figures.kindergartenShareBp == 6000)
        #expect(figures.unknownAmountOre == 10_000_000)
        #expect(figures.unknownLineCount == 1)
    }

    // MARK: ALLOC-R19 at adoption

    /// A draft with `amounts` lines (to Kristiansand and Arendal kommune) whose stored lines then carry exactly
    /// the needs snapshot `snapshot(index, &line)` (whatever the write gave them is cleared first), written
    /// straight to the store: a line written with that snapshot, or, with an empty one, an old line without.
    func draftWithSnapshot(
        _ fixture: F,
        database: KSIDatabase,
        amounts: [Int64],
        _ snapshot: (Int, inout RecommendationLine) -> Void
    ) async throws -> Recommendation {
        let recipients = [TestRegion.kristiansandKommune, TestRegion.arendalKommune]
        let draft = try await fixture.draft(
            lines: amounts.enumerated().map { index, amount in
                F.line(recipient: recipients[index % recipients.count], amountOre: amount)
            }
        )
        var stored = draft
        for index in stored.lines.indices {
            stored.lines[index].themes = []
            stored.lines[index].sectors = []
            stored.lines[index].participatingUnitIds = []
            stored.lines[index].municipalityIds = []
            stored.lines[index].requestedAmountOre = 0
            snapshot(index, &stored.lines[index])
        }
        let written = stored
        let now = fixture.time.nowMillis()
        return try await database.transaction { sql in
            try await StoreTransaction(sql: sql, context: "allocation").update(written, at: now)
        }
    }

    @Test(
        "ALLOC-R19 is silent when the lines' special-needs themes meet the reservation (6000 ≥ 5000 bp), and warns when they do not (4000 bp)"
    )
    func reservedSpecialNeedsShare() async throws {
        let policy = [F.policy { $0.reservedSpecialNeedsShareBp = 5000 }]
        // 30 M autism + 20 M inclusive practice = 30 ÷ 50 = 6000 bp.
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database, governorPolicies: policy)
            let draft = try await draftWithSnapshot(fixture, database: database, amounts: [30_000_000, 20_000_000]) {
                index,
                line in
                line.themes = index == 0 ? [.autism, .inclusivePractice] : [.inclusivePractice]
            }
            let adopted = try await fixture.adopt(draft)
            #expect(!adopted.warnings.map(\.ruleId).contains("ALLOC-R19"))
        }
        // 30 M inclusive practice + 20 M autism = 20 ÷ 50 = 4000 bp.
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database, governorPolicies: policy)
            let draft = try await draftWithSnapshot(fixture, database: database, amounts: [30_000_000, 20_000_000]) {
                index,
                line in
                line.themes = index == 0 ? [.inclusivePractice] : [.autism]
            }
            let adopted = try await fixture.adopt(draft)
            let warning = try #require(adopted.warnings.first { $0.ruleId == "ALLOC-R19" })
            #expect(warning.message.contains("special-needs share is 4000 basis points, below the reserved 5000"))
            #expect(!warning.message.contains("unknown"))
        }
    }

    @Test(
        "ALLOC-R19 and V5 never take the recipient owner's sectors: Kristiansand kommune owns a kindergarten, yet its line is not a kindergarten line, and 4000 bp is not met"
    )
    func ownerSectorsAreNotTheLines() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(
                database: database,
                governorPolicies: [F.policy { $0.reservedKindergartenShareBp = 4000 }]
            )
            // Kristiansand applies for its schools only: the report it cites names no kindergarten.
            let schools = try TestRegion.reference().units(ofOwner: TestRegion.kristiansandKommune).filter {
                $0.unitType != .kindergarten
            }
            var schoolsOnly = fixture.submittedReport(TestRegion.kristiansandKommune)
            schoolsOnly.participatingUnitIds = schools.map(\.id).sorted()
            schoolsOnly.sectors = [.compulsorySchool]
            try await fixture.store(schoolsOnly)
            let draft = try await fixture.draft(lines: [F.line(amountOre: 50_000_000)])
            #expect(!draft.lines[0].sectors.contains(.kindergarten))
            let adopted = try await fixture.adopt(draft)
            let warning = try #require(adopted.warnings.first { $0.ruleId == "ALLOC-R19" })
            #expect(warning.message.contains("kindergarten share is 0 basis points, below the reserved 4000"))
        }
    }

    @Test(
        "ALLOC-R19 takes the kindergarten share from the lines' sectors: 20 of 50 M for kindergartens meets 4000 bp; a line without a snapshot is named as unknown"
    )
    func reservedKindergartenShare() async throws {
        let policy = [F.policy { $0.reservedKindergartenShareBp = 4000 }]
        // Arendal kommune owns only a school, but its line's needs reports are about kindergartens: 20 of 50 M.
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database, governorPolicies: policy)
            let draft = try await draftWithSnapshot(fixture, database: database, amounts: [30_000_000, 20_000_000]) {
                index,
                line in
                line.sectors = index == 0 ? [.compulsorySchool] : [.kindergarten]
            }
            let adopted = try await fixture.adopt(draft)
            #expect(!adopted.warnings.map(\.ruleId).contains("ALLOC-R19"))
        }
        // An old 60 M line without a snapshot next to the 20 M kindergarten line: only 20 of 80 M is known to be
        // kindergarten (2500 bp); the warning names the unknown 60 M instead of guessing it.
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database, governorPolicies: policy)
            let draft = try await draftWithSnapshot(fixture, database: database, amounts: [60_000_000, 20_000_000]) {
                index,
                line in
                if index == 1 { line.sectors = [.kindergarten] }
            }
            let adopted = try await fixture.adopt(draft)
            let warning = try #require(adopted.warnings.first { $0.ruleId == "ALLOC-R19" })
            #expect(warning.message.contains("kindergarten share is 2500 basis points, below the reserved 4000"))
            #expect(warning.message.contains("1 line(s) of 60000000 øre carry no needs snapshot and count as unknown"))
        }
    }

    // MARK: needsBased sub-frames (COM-R3)

    /// Two networks of agder: Sør (Kristiansand, Åseral) and Øst (Arendal).
    func networks(_ fixture: F) async throws -> (sor: String, ost: String) {
        let sor = try await fixture.allocation.governance.createCompetenceNetwork(
            .with {
                $0.requestId = "network-sor"
                $0.content = GovernanceFixtures.networkContent(
                    name: "Sør",
                    municipalities: [TestRegion.kristiansand, TestRegion.aseral]
                )
            },
            as: fixture.caseworker
        )
        let ost = try await fixture.allocation.governance.createCompetenceNetwork(
            .with {
                $0.requestId = "network-ost"
                $0.content = GovernanceFixtures.networkContent(name: "Øst", municipalities: [TestRegion.arendal])
            },
            as: fixture.caseworker
        )
        return (sor.id, ost.id)
    }

    @Test(
        "COM-R3 needsBased sub-frames follow the year's lines per network: 20 M and 10 M of lines divide 1 000 001 kr as 666 667 and 333 334 kr",
        arguments: TestDatabase.Engine.allCases
    )
    func needsBasedSubFramesFromLines(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try F(database: database)
            let (sor, ost) = try await networks(fixture)
            let frame = try await fixture.publishedFrame(amountOre: 100_000_100, nationalOre: 1_000_000_000)
            // Kristiansand (Sør) 20 M, Arendal (Øst) 10 M, and a line of 5 M whose snapshot names no municipality.
            _ = try await draftWithSnapshot(fixture, database: database, amounts: [20_000_000, 10_000_000, 5_000_000]) {
                index,
                line in
                line.municipalityIds = [[TestRegion.kristiansand], [TestRegion.arendal], []][index]
            }
            let response = try await fixture.allocation.budgets.computeSubFrames(
                .with {
                    $0.regionalFrameId = frame.id
                    $0.expectedVersion = frame.version
                    $0.method = SimulationMethodInput.with { $0.method = .needsBased }
                },
                as: fixture.caseworker
            )
            let amounts = Dictionary(uniqueKeysWithValues: response.subFrames.map { ($0.targetId, $0.amountOre) })
            // 1 000 001 kr × 2/3 = 666 667.33 and × 1/3 = 333 333.67; the one krone left goes to the larger remainder.
            #expect(amounts == [sor: 66_666_700, ost: 33_333_400])
            #expect(response.subFrames.map(\.amountOre).reduce(0, +) == frame.amountOre)
            #expect(response.subFrames.allSatisfy { $0.method == .needsBased })
            #expect(response.warnings.map(\.ruleId) == ["COM-R3"])
            #expect(
                response.warnings.first?.message.contains("1 of 3 recommendation lines name no municipality") == true
            )
        }
    }

    @Test(
        "needsBased sub-frames with no recommendation lines are refused with the reason, not divided equally",
        arguments: TestDatabase.Engine.allCases
    )
    func needsBasedWithoutLinesIsRefused(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try F(database: database)
            _ = try await networks(fixture)
            let frame = try await fixture.publishedFrame(amountOre: 100_000_000, nationalOre: 1_000_000_000)
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.budgets.computeSubFrames(
                    .with {
                        $0.regionalFrameId = frame.id
                        $0.expectedVersion = frame.version
                    },
                    as: fixture.caseworker
                )
            }
            #expect(error?.code == .illegalTransition)
            #expect(error?.message.contains("needs-based sub-frames follow the recommendation lines") == true)
            let stored = try await fixture.allocation.budgets.listSubFrames(
                .with { $0.regionalFrameId = frame.id },
                as: fixture.caseworker
            )
            #expect(stored.items.isEmpty)
        }
    }

    @Test(
        "V12 needsBased with draft lines in no network gives no sub-frames and a failed ALLOC-R8 finding, not an equal split"
    )
    func simulatorNeedsBasedWithoutBasis() throws {
        let reference = try TestRegion.reference()
        let networks = [
            CompetenceNetwork.with {
                $0.id = "network-a"
                $0.governorOfficeId = TestRegion.governorOfficeId
                $0.municipalityIds = [TestRegion.kristiansand]
            }
        ]
        let simulator = AllocationSimulator(
            reference: reference,
            config: PolicyResolver().resolve(governorOfficeId: TestRegion.governorOfficeId, year: 2025, scheme: .ksi),
            networks: networks
        )
        let response = try simulator.simulate(
            GovernanceFixtures.simulation(
                frameOre: 900_000,
                lines: [GovernanceFixtures.draftLine("x", amountOre: 300_000, municipalities: [TestRegion.arendal])],
                methods: [SimulationMethodInput.with { $0.method = .needsBased }]
            )
        )
        let scenario = try #require(response.scenarios.first)
        #expect(scenario.subFrames.isEmpty)
        let finding = try #require(scenario.findings.first { $0.ruleId == "ALLOC-R8" && !$0.passed })
        #expect(finding.message.contains("no draft line names a network or municipality"))
    }
}
