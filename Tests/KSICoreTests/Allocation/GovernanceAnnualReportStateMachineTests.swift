import KSICore
import KSITestSupport
import Testing

@Suite("Governor annual report state machine")
struct GovernanceAnnualReportStateMachineTests {
    typealias Machine = GovernorAnnualReportStateMachine

    /// The allowed transitions (PD): draft —update→ draft, draft —submit→ submitted.
    static let allowed: [(GovernorAnnualReportStatus, Machine.Command, GovernorAnnualReportStatus)] = [
        (.draft, .update, .draft),
        (.draft, .submit, .submitted),
    ]

    static let sweep: [(GovernorAnnualReportStatus, Machine.Command)] = [
        GovernorAnnualReportStatus.draft, .submitted, .unspecified,
    ]
    .flatMap { status in Machine.Command.allCases.map { (status, $0) } }
    .filter { pair in !allowed.contains { $0.0 == pair.0 && $0.1 == pair.1 } }

    @Test("every allowed transition succeeds", arguments: 0..<2)
    func allowedTransitions(_ index: Int) throws {
        let (from, command, to) = Self.allowed[index]
        #expect(try Machine(from).next(command) == to)
    }

    @Test("every other transition is rejected with a clear sentence", arguments: sweep.indices)
    func rejected(_ index: Int) {
        let (status, command) = Self.sweep[index]
        let error = #expect(throws: DomainError.self) { try Machine(status).next(command) }
        #expect(error?.code == .illegalTransition)
        #expect(error?.message.hasPrefix("only a draft annual report can be") == true)
    }

    @Test(
        "the roles of each command are enforced for the report's embete",
        arguments: TestRegion.Actor.allCases
    )
    func roles(_ actor: TestRegion.Actor) {
        let caller = TestRegion.caller(actor)
        for command in Machine.Command.allCases {
            let mayAct = Machine.roles(for: command).contains { caller.has($0, scope: TestRegion.governorOfficeId) }
            let result = Result {
                try Machine.role(for: command, caller: caller, governorOfficeId: TestRegion.governorOfficeId)
            }
            switch (actor, command) {
            case (.sfCaseworker, _), (.sfDecisionMaker, .submit): #expect(mayAct && (try? result.get()) != nil)
            default: #expect(!mayAct && (try? result.get()) == nil)
            }
        }
    }

    @Test("a report is written, changed, submitted with frozen figures, and then cannot change")
    func lifecycle() async throws {
        let reference = try TestRegion.reference()
        try await TestDatabase.with(.sqlite) { database in
            let allocation = AllocationContext(
                database: database,
                reference: reference,
                time: FixedTimeSource(date: GovernanceFixtures.today),
                needsReports: NeedsContext(
                    database: database,
                    reference: reference,
                    time: FixedTimeSource(date: GovernanceFixtures.today)
                )
            )
            let report = try await allocation.governance.createGovernorAnnualReport(
                .with {
                    $0.requestId = "a1"
                    $0.governorOfficeId = TestRegion.governorOfficeId
                    $0.scheme = .ksi
                    $0.year = 2024
                    $0.content = .with { $0.priorities = "Tidlig innsats" }
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(report.status == .draft && report.frameOre == 0)
            await #expect(throws: DomainError.self) {
                try await allocation.governance.createGovernorAnnualReport(
                    .with {
                        $0.requestId = "a2"
                        $0.governorOfficeId = TestRegion.governorOfficeId
                        $0.scheme = .ksi
                        $0.year = 2024
                    },
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            let changed = try await allocation.governance.updateGovernorAnnualReport(
                .with {
                    $0.requestId = "a3"
                    $0.governorAnnualReportId = report.id
                    $0.expectedVersion = 1
                    $0.content = .with { $0.results = "12 partnerskap" }
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(changed.results == "12 partnerskap" && changed.priorities.isEmpty)
            let submitted = try await allocation.governance.submitGovernorAnnualReport(
                .with {
                    $0.requestId = "a4"
                    $0.governorAnnualReportId = report.id
                    $0.expectedVersion = 2
                },
                as: TestRegion.caller(.sfDecisionMaker)
            )
            #expect(submitted.status == .submitted && submitted.submittedAt > 0)
            let late = await #expect(throws: DomainError.self) {
                try await allocation.governance.updateGovernorAnnualReport(
                    .with {
                        $0.requestId = "a5"
                        $0.governorAnnualReportId = report.id
                        $0.expectedVersion = 3
                    },
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(late?.code == .illegalTransition)
            #expect(
                try await allocation.governance.getGovernorAnnualReport(
                    .with { $0.id = report.id },
                    as: TestRegion.caller(.udirAdmin)
                ) == submitted
            )
            await #expect(throws: DomainError.self) {
                try await allocation.governance.getGovernorAnnualReport(
                    .with { $0.id = report.id },
                    as: TestRegion.caller(.otherSfCaseworker)
                )
            }
            let all = try await allocation.governance.listGovernorAnnualReports(
                ListGovernorAnnualReportsRequest(),
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(all.items.count == 1)
        }
    }

    @Test("the report's figures take the embete's frame for the scheme and year")
    func figuresFromFrame() async throws {
        let reference = try TestRegion.reference()
        try await TestDatabase.with(.sqlite) { database in
            let allocation = AllocationContext(
                database: database,
                reference: reference,
                time: FixedTimeSource(date: GovernanceFixtures.today),
                needsReports: NeedsContext(
                    database: database,
                    reference: reference,
                    time: FixedTimeSource(date: GovernanceFixtures.today)
                )
            )
            _ = try await allocation.budgets.setNationalBudget(
                .with {
                    $0.requestId = "nb"
                    $0.scheme = .ksi
                    $0.year = 2024
                    $0.amountOre = 15_000_000_000
                },
                as: TestRegion.caller(.udirAdmin)
            )
            _ = try await allocation.budgets.setRegionalFrame(
                .with {
                    $0.requestId = "rf"
                    $0.governorOfficeId = TestRegion.governorOfficeId
                    $0.scheme = .ksi
                    $0.year = 2024
                    $0.amountOre = 600_000_000
                },
                as: TestRegion.caller(.udirAdmin)
            )
            let report = try await allocation.governance.createGovernorAnnualReport(
                .with {
                    $0.requestId = "a1"
                    $0.governorOfficeId = TestRegion.governorOfficeId
                    $0.scheme = .ksi
                    $0.year = 2024
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(report.frameOre == 600_000_000)
            #expect(report.decidedOre == 0 && report.disbursedOre == 0 && report.reclaimedOre == 0)
        }
    }
}
