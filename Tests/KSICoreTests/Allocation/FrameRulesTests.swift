import KSICore
import KSITestSupport
import Testing

@Suite("Allocation frames and budgets (ALLOC-R1, ALLOC-R2)")
struct FrameRulesTests {
    @Test("ALLOC-R1 rejects a frame that would take the frames above the national budget")
    func framesAboveBudgetAreRejected() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame(amountOre: 900_000_000, nationalOre: 1_000_000_000)
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.budgets.setRegionalFrame(
                    SetRegionalFrameRequest.with {
                        $0.governorOfficeId = TestRegion.otherGovernorOfficeId
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.amountOre = 200_000_000
                    },
                    as: fixture.udir
                )
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R1"])
        }
    }

    @Test("ALLOC-R1 accepts frames that together stay within the national budget and publishes them")
    func framesWithinBudgetArePublished() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            let frame = try await fixture.publishedFrame(amountOre: 900_000_000, nationalOre: 1_000_000_000)
            #expect(frame.status == .published)
            let other = try await fixture.allocation.budgets.setRegionalFrame(
                SetRegionalFrameRequest.with {
                    $0.governorOfficeId = TestRegion.otherGovernorOfficeId
                    $0.scheme = .ksi
                    $0.year = 2025
                    $0.amountOre = 100_000_000
                },
                as: fixture.udir
            )
            #expect(other.status == .draft)
            let events = try await fixture.allocation.listAllocationEvents(
                ListAllocationEventsRequest(),
                as: fixture.udir
            )
            #expect(events.events.map(\.type) == ["RegionalFramePublished"])
            #expect(events.events.first?.regionalFrameId == frame.id)
            #expect(events.events.first?.amountOre == 900_000_000)
        }
    }

    @Test("ALLOC-R1 rejects lowering the national budget below the frames already set")
    func budgetBelowFramesIsRejected() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame(amountOre: 900_000_000, nationalOre: 1_000_000_000)
            let budget = try await fixture.allocation.budgets.listNationalBudgets(
                ListNationalBudgetsRequest(),
                as: fixture.udir
            ).items[0]
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.budgets.setNationalBudget(
                    SetNationalBudgetRequest.with {
                        $0.nationalBudgetId = budget.id
                        $0.expectedVersion = budget.version
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.amountOre = 800_000_000
                    },
                    as: fixture.udir
                )
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R1"])
        }
    }

    @Test("only udirAdmin sets budgets and frames")
    func onlyUdirSetsFrames() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.budgets.setNationalBudget(
                    SetNationalBudgetRequest.with {
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.amountOre = 100
                    },
                    as: fixture.caseworker
                )
            }
            #expect(error?.code == .notPermitted)
        }
    }

    @Test("COM-R2 rejects a frame that is not whole kroner")
    func frameInOreIsRejected() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.budgets.setRegionalFrame(
                    SetRegionalFrameRequest.with {
                        $0.governorOfficeId = AllocationMoneyFixture.office
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.amountOre = 100_050
                    },
                    as: fixture.udir
                )
            }
            #expect(error?.violations.map(\.rule).contains("COM-R2") == true)
        }
    }

    @Test("ALLOC-R2 rejects signing a decision that takes the decided total above the frame")
    func decisionAboveFrameIsRejected() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame(amountOre: 60_000_000)
            let recommendation = try await fixture.underControl(lines: [
                AllocationMoneyFixture.line(amountOre: 50_000_000),
                AllocationMoneyFixture.line(recipient: TestRegion.arendalKommune, amountOre: 20_000_000),
            ])
            _ = try await fixture.sign(try await fixture.prepare(recommendation, line: 0))
            let second = try await fixture.prepare(recommendation, line: 1)
            let error = await #expect(throws: DomainError.self) { _ = try await fixture.sign(second) }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R2"])
        }
    }

    @Test("ALLOC-R2 accepts decisions within the frame and rejects signing without a published frame")
    func decisionsWithinFrame() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            let recommendation = try await fixture.underControl()
            let prepared = try await fixture.prepare(recommendation)
            let error = await #expect(throws: DomainError.self) { _ = try await fixture.sign(prepared) }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R2"])
            try await fixture.publishedFrame(amountOre: 50_000_000)
            let signed = try await fixture.sign(prepared)
            #expect(signed.status == .signed)
        }
    }

    @Test("ALLOC-R2 rejects lowering a frame below what is already decided")
    func frameBelowDecidedIsRejected() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            let frame = try await fixture.publishedFrame(amountOre: 100_000_000)
            _ = try await fixture.decided()
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.budgets.setRegionalFrame(
                    SetRegionalFrameRequest.with {
                        $0.regionalFrameId = frame.id
                        $0.expectedVersion = frame.version
                        $0.amountOre = 10_000_000
                    },
                    as: fixture.udir
                )
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R2"])
        }
    }
}
