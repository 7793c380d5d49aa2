import KSICore
import KSIDemoData
import KSITestSupport
import Testing

@Suite("Allocation simulator (V12)")
struct SimulatorTests {
    let reference: ReferenceData
    let networks: [CompetenceNetwork]

    init() throws {
        reference = try TestRegion.reference()
        networks = [
            CompetenceNetwork.with {
                $0.id = "network-a"
                $0.governorOfficeId = TestRegion.governorOfficeId
                $0.municipalityIds = [TestRegion.kristiansand, TestRegion.aseral]
            },
            CompetenceNetwork.with {
                $0.id = "network-b"
                $0.governorOfficeId = TestRegion.governorOfficeId
                $0.municipalityIds = [TestRegion.arendal]
            },
        ]
    }

    func simulator(_ policy: GovernorPolicy? = nil) -> AllocationSimulator {
        var resolver = PolicyResolver()
        if let policy { resolver.set(policy) }
        return AllocationSimulator(
            reference: reference,
            config: resolver.resolve(governorOfficeId: TestRegion.governorOfficeId, year: 2025, scheme: .ksi),
            networks: networks
        )
    }

    func finding(_ scenario: SimulationScenario, _ rule: String) -> RuleFinding? {
        scenario.findings.first { $0.ruleId == rule && !$0.passed } ?? scenario.findings.first { $0.ruleId == rule }
    }

    static let lines = [
        GovernanceFixtures.draftLine("k", amountOre: 20_000_000, municipalities: [TestRegion.kristiansand]),
        GovernanceFixtures.draftLine(
            "a",
            recipient: TestRegion.arendalKommune,
            amountOre: 10_000_000,
            municipalities: [TestRegion.arendal]
        ),
    ]

    @Test("V12 returns one scenario per method × split rule")
    func scenarioGrid() throws {
        let methods = [AllocationMethod.needsBased, .proRataPopulationDelegatedToRegions].map { method in
            SimulationMethodInput.with { $0.method = method }
        }
        let rules = [
            GovernanceFixtures.split(.equal), GovernanceFixtures.split(.fixed, owner: 6000, uh: 4000),
            GovernanceFixtures.split(.caseByCase),
        ]
        let response = try simulator().simulate(
            GovernanceFixtures.simulation(lines: Self.lines, methods: methods, splitRules: rules)
        )
        #expect(response.scenarios.count == 6)
        #expect(
            response.scenarios.map(\.method) == [
                .needsBased, .needsBased, .needsBased, .proRataPopulationDelegatedToRegions,
                .proRataPopulationDelegatedToRegions, .proRataPopulationDelegatedToRegions,
            ]
        )
        for scenario in response.scenarios {
            #expect(scenario.totalLinesOre == 30_000_000)
            #expect(scenario.remainingOre == 570_000_000)
            // The pro-rata methods shape sub-frames only: the lines keep their needs-based amounts.
            #expect(scenario.lines.map(\.amountOre) == [20_000_000, 10_000_000])
        }
    }

    @Test("V12 with no method or split rule uses the embete's policy")
    func policyDefaults() throws {
        let response = try simulator().simulate(GovernanceFixtures.simulation(lines: Self.lines))
        let scenario = try #require(response.scenarios.first)
        #expect(response.scenarios.count == 1)
        #expect(scenario.method == .needsBased)
        #expect(scenario.splitRule?.kind == .caseByCase)
    }

    @Test("V12 needs-based sub-frames follow the draft lines per network")
    func needsBasedSubFrames() throws {
        let response = try simulator().simulate(
            GovernanceFixtures.simulation(
                frameOre: 900_000,
                lines: Self.lines,
                methods: [SimulationMethodInput.with { $0.method = .needsBased }]
            )
        )
        let frames = try #require(response.scenarios.first).subFrames
        #expect(frames.map(\.targetId) == ["network-a", "network-b"])
        #expect(frames.map(\.amountOre) == [600_000, 300_000])
        #expect(frames.map(\.shareBp) == [6666, 3333])
    }

    @Test("V12 population sub-frames are pro rata to the networks' population")
    func populationSubFrames() throws {
        let response = try simulator().simulate(
            GovernanceFixtures.simulation(
                frameOre: 1_000_000,
                lines: Self.lines,
                methods: [SimulationMethodInput.with { $0.method = .proRataPopulationDelegatedToRegions }]
            )
        )
        let frames = try #require(response.scenarios.first).subFrames
        #expect(frames.map(\.basisValue) == [116_950, 45_000])
        #expect(frames.reduce(0) { $0 + $1.amountOre } == 1_000_000)
        // 116 950 / 161 950 of 10 000 kr = 7 221.36 kr.
        #expect(frames.map(\.amountOre) == [722_100, 277_900])
    }

    @Test("V12 per-county sub-frames give the whole frame to Agder's one county")
    func countySubFrames() throws {
        let response = try simulator().simulate(
            GovernanceFixtures.simulation(
                frameOre: 1_000_000,
                lines: Self.lines,
                methods: [SimulationMethodInput.with { $0.method = .proRataPerCounty }]
            )
        )
        let frames = try #require(response.scenarios.first).subFrames
        #expect(frames.map(\.targetId) == [TestRegion.countyId])
        #expect(frames.map(\.targetKind) == [.county])
        #expect(frames.map(\.amountOre) == [1_000_000])
    }

    @Test("COM-R3 sub-frames always sum exactly to the frame in whole kroner (property test)")
    func subFramesSumProperty() throws {
        var rng = SplitMix64(seed: 0xF4A3E)
        let factors: [AllocationFactor] = [
            .children, .pupils, .schools, .teacherFte, .population, .geography, .previousParticipation, .equalShare,
        ]
        for _ in 0..<300 {
            let frame = Int64.random(in: 0...20_000_000_000, using: &rng) / 100 * 100
            let method = AllocationMethod.allCases.filter { $0 != .unspecified }.randomElement(using: &rng)!
            let weights = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                AllocationMethodWeight.with {
                    $0.factor = factors.randomElement(using: &rng)!
                    $0.weightBp = Int32.random(in: 0...10_000, using: &rng)
                }
            }
            let minimum = Bool.random(using: &rng)
            let kind: SubFrameTargetKind = Bool.random(using: &rng) ? .network : .county
            let lines = (0..<Int.random(in: 0...6, using: &rng)).map { index in
                GovernanceFixtures.draftLine(
                    "l\(index)",
                    amountOre: Int64.random(in: 0...50_000_000, using: &rng) / 100 * 100,
                    municipalities: [
                        [TestRegion.kristiansand, TestRegion.arendal, TestRegion.aseral].randomElement(using: &rng)!
                    ]
                )
            }
            let input = SimulationMethodInput.with {
                $0.method = method
                $0.weights = weights
                $0.minimumForAll = minimum
                $0.targetKind = kind
            }
            let response = try simulator().simulate(
                GovernanceFixtures.simulation(frameOre: frame, lines: lines, methods: [input])
            )
            let scenario = try #require(response.scenarios.first)
            let frames = scenario.subFrames
            if frames.isEmpty {
                // An empty basis (no line amount in any target, or factors 0 everywhere) is said, never split equally.
                #expect(scenario.findings.contains { $0.ruleId == "ALLOC-R8" && !$0.passed })
                continue
            }
            #expect(frames.reduce(0) { $0 + $1.amountOre } == frame)
            #expect(frames.allSatisfy { Money.isWholeKroner($0.amountOre) && $0.amountOre >= 0 })
            if minimum && frame >= 100 * Int64(frames.count) * 20 {
                #expect(frames.allSatisfy { $0.amountOre > 0 })
            }
        }
    }

    @Test("ALLOC-R2 fails when the lines exceed the frame minus precommitted money")
    func overFrame() throws {
        let response = try simulator().simulate(
            GovernanceFixtures.simulation(frameOre: 35_000_000, precommittedOre: 10_000_000, lines: Self.lines)
        )
        let scenario = try #require(response.scenarios.first)
        let r2 = try #require(finding(scenario, "ALLOC-R2"))
        #expect(!r2.passed)
        #expect(r2.kind == .hard)
        #expect(r2.message.contains("120 %"))
        #expect(scenario.remainingOre == -5_000_000)
    }

    @Test("ALLOC-R2 passes when the lines fit the frame")
    func withinFrame() throws {
        let scenario = try #require(
            try simulator().simulate(GovernanceFixtures.simulation(frameOre: 30_000_000, lines: Self.lines)).scenarios
                .first
        )
        #expect(finding(scenario, "ALLOC-R2")?.passed == true)
        #expect(scenario.remainingOre == 0)
    }

    @Test("ALLOC-R7 fails a line that deviates from a fixed split without a reason and passes one with a reason")
    func splitDeviation() throws {
        let lines = [
            GovernanceFixtures.draftLine("default", amountOre: 1_000_000),
            GovernanceFixtures.draftLine("deviates", amountOre: 1_000_000, ownerShareBp: 5000),
            GovernanceFixtures.draftLine(
                "explained",
                amountOre: 1_000_000,
                ownerShareBp: 5000,
                deviationReason: "UH delivers most of the work"
            ),
        ]
        let response = try simulator().simulate(
            GovernanceFixtures.simulation(
                lines: lines,
                splitRules: [GovernanceFixtures.split(.fixed, owner: 6000, uh: 4000)]
            )
        )
        let scenario = try #require(response.scenarios.first)
        let r7 = scenario.lines.map { line in line.findings.first { $0.ruleId == "ALLOC-R7" } }
        #expect(r7.map { $0?.passed } == [true, false, true])
        #expect(scenario.lines[0].ownerShareBp == 6000 && scenario.lines[0].uhShareBp == 4000)
        #expect(scenario.lines[0].ownerAmountOre == 600_000 && scenario.lines[0].uhAmountOre == 400_000)
        #expect(finding(scenario, "ALLOC-R7")?.passed == false)
    }

    @Test("ALLOC-R7 a UH range gives the smallest UH share by default and checks stated shares against the range")
    func uhRange() throws {
        let lines = [
            GovernanceFixtures.draftLine("default", amountOre: 1_000_000),
            GovernanceFixtures.draftLine("outside", amountOre: 1_000_000, ownerShareBp: 1000),
        ]
        let response = try simulator().simulate(
            GovernanceFixtures.simulation(
                lines: lines,
                splitRules: [GovernanceFixtures.split(.uhRange, minUh: 5001, maxUh: 8000)]
            )
        )
        let scenario = try #require(response.scenarios.first)
        #expect(scenario.lines[0].uhShareBp == 5001)
        #expect(scenario.lines[0].ownerAmountOre + scenario.lines[0].uhAmountOre == 1_000_000)
        #expect(scenario.lines[1].findings.first { $0.ruleId == "ALLOC-R7" }?.passed == false)
    }

    @Test("ALLOC-R7 a configured WARN kind is reported as WARN")
    func splitKindFromPolicy() throws {
        let policy = GovernorPolicy.with {
            $0.governorOfficeId = TestRegion.governorOfficeId
            $0.year = 2025
            $0.scheme = .ksi
            $0.ruleKindOverrides = [
                RuleKindOverride.with {
                    $0.ruleId = "ALLOC-R7"
                    $0.kind = .warn
                }
            ]
        }
        let response = try simulator(policy).simulate(
            GovernanceFixtures.simulation(
                lines: [GovernanceFixtures.draftLine("x", amountOre: 1_000_000, ownerShareBp: 1000)],
                splitRules: [GovernanceFixtures.split(.equal)]
            )
        )
        let line = try #require(response.scenarios.first?.lines.first)
        #expect(line.findings.first { $0.ruleId == "ALLOC-R7" }?.kind == .warn)
    }

    @Test("ALLOC-R8 warns when line amounts follow the recipients' pupils")
    func proRataWarning() throws {
        let lines = [
            GovernanceFixtures.draftLine("k", recipient: TestRegion.kristiansandKommune, amountOre: 2_000_000),
            GovernanceFixtures.draftLine("a", recipient: TestRegion.arendalKommune, amountOre: 1_000_000),
            GovernanceFixtures.draftLine("p", recipient: TestRegion.privateKindergartenOwner, amountOre: 1_010_000),
        ]
        let scenario = try #require(
            try simulator().simulate(GovernanceFixtures.simulation(lines: lines)).scenarios.first
        )
        let r8 = try #require(finding(scenario, "ALLOC-R8"))
        #expect(!r8.passed)
        #expect(r8.kind == .warn)
        #expect(r8.message.contains("pupils"))
    }

    @Test("ALLOC-R8 passes needs-based amounts that follow no pro-rata key")
    func proRataPasses() throws {
        let lines = [
            GovernanceFixtures.draftLine("k", recipient: TestRegion.kristiansandKommune, amountOre: 1_000_000),
            GovernanceFixtures.draftLine("a", recipient: TestRegion.arendalKommune, amountOre: 1_000_000),
            GovernanceFixtures.draftLine("p", recipient: TestRegion.privateKindergartenOwner, amountOre: 1_000_000),
        ]
        let scenario = try #require(
            try simulator().simulate(GovernanceFixtures.simulation(lines: lines)).scenarios.first
        )
        #expect(finding(scenario, "ALLOC-R8")?.passed == true)
    }

    @Test("ALLOC-R9 warns when more than half the lines are micro-grants and passes otherwise")
    func microGrants() throws {
        let small = (0..<3).map { GovernanceFixtures.draftLine("s\($0)", amountOre: 5_000_000) }
        let scenario = try #require(
            try simulator().simulate(GovernanceFixtures.simulation(lines: small)).scenarios.first
        )
        #expect(finding(scenario, "ALLOC-R9")?.passed == false)
        #expect(scenario.fragmentation?.microShareBp == 10_000)
        let large = (0..<3).map { GovernanceFixtures.draftLine("l\($0)", amountOre: 20_000_000) }
        let passing = try #require(
            try simulator().simulate(GovernanceFixtures.simulation(lines: large)).scenarios.first
        )
        #expect(finding(passing, "ALLOC-R9")?.passed == true)
    }

    @Test("ALLOC-R9 uses the request's thresholds over the policy's")
    func microGrantThresholds() throws {
        var request = GovernanceFixtures.simulation(
            lines: (0..<3).map { GovernanceFixtures.draftLine("s\($0)", amountOre: 5_000_000) }
        )
        request.microGrantThresholdOre = 1_000_000
        let scenario = try #require(try simulator().simulate(request).scenarios.first)
        #expect(finding(scenario, "ALLOC-R9")?.passed == true)
        #expect(scenario.fragmentation?.microGrantThresholdOre == 1_000_000)
    }

    @Test("ALLOC-R19 warns when a reserved special-needs or kindergarten share is not met")
    func reservedSharesMissed() throws {
        var request = GovernanceFixtures.simulation(lines: Self.lines)
        request.reservedSpecialNeedsShareBp = 3000
        request.reservedKindergartenShareBp = 2000
        let scenario = try #require(try simulator().simulate(request).scenarios.first)
        let r19 = scenario.findings.filter { $0.ruleId == "ALLOC-R19" }
        #expect(r19.count == 2)
        #expect(r19.allSatisfy { !$0.passed && $0.kind == .warn })
        #expect(scenario.specialNeedsShare?.reservationMet == false)
    }

    @Test("ALLOC-R19 passes when the reservations are met, and is off by default")
    func reservedSharesMet() throws {
        var lines = Self.lines
        lines[0].themes = [.autism]
        lines[0].sectors = [.kindergarten]
        var request = GovernanceFixtures.simulation(lines: lines)
        request.reservedSpecialNeedsShareBp = 6000
        request.reservedKindergartenShareBp = 6000
        let scenario = try #require(try simulator().simulate(request).scenarios.first)
        let r19 = scenario.findings.filter { $0.ruleId == "ALLOC-R19" }
        #expect(r19.count == 2 && r19.allSatisfy { $0.passed })
        #expect(scenario.specialNeedsShare?.specialNeedsShareInclusiveBp == 6666)
        let off = try #require(
            try simulator().simulate(GovernanceFixtures.simulation(lines: Self.lines)).scenarios.first
        )
        let offR19 = off.findings.filter { $0.ruleId == "ALLOC-R19" }
        #expect(offR19.count == 2 && offR19.allSatisfy { $0.passed })
    }

    @Test("V12 rejects a malformed request with every problem at once")
    func malformed() throws {
        var request = GovernanceFixtures.simulation(
            frameOre: -1,
            lines: [GovernanceFixtures.draftLine("x", amountOre: -100)],
            splitRules: [GovernanceFixtures.split(.fixed, owner: 6000, uh: 3000)]
        )
        request.scheme = .unspecified
        let error = try #require(throws: DomainError.self) { try simulator().simulate(request) }
        #expect(error.code == .invalidArgument)
        #expect(
            Set(error.violations.map(\.field)) == [
                "frame_ore", "draft_lines[0].amount_ore", "split_rules[0]", "scheme",
            ]
        )
    }

    @Test("V12 stores nothing, reads the embete's networks, and is closed to owners")
    func contextStoresNothing() async throws {
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
            _ = try await allocation.governance.createCompetenceNetwork(
                CreateCompetenceNetworkRequest.with {
                    $0.requestId = "n1"
                    $0.content = GovernanceFixtures.networkContent()
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            let before = try await allocation.listAuditRecords(
                ListAuditRecordsRequest(),
                as: TestRegion.caller(.udirAdmin)
            ).items.count
            let response = try await allocation.simulator.simulateAllocation(
                GovernanceFixtures.simulation(lines: Self.lines),
                as: TestRegion.caller(.forumMember)
            )
            #expect(response.scenarios.first?.subFrames.count == 1)
            let after = try await allocation.listAuditRecords(
                ListAuditRecordsRequest(),
                as: TestRegion.caller(.udirAdmin)
            ).items.count
            #expect(before == after)
            await #expect(throws: DomainError.self) {
                try await allocation.simulator.simulateAllocation(
                    GovernanceFixtures.simulation(lines: Self.lines),
                    as: TestRegion.caller(.kristiansandOwnerAdmin)
                )
            }
        }
    }
}
