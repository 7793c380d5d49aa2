import KSICore
import KSITestSupport
import Testing

@Suite("Policy configuration (COM-R5)")
struct PolicyConfigTests {
    let reference: ReferenceData
    init() throws { reference = try TestRegion.reference() }

    func withAllocation(_ body: @Sendable (AllocationContext) async throws -> Void) async throws {
        let reference = self.reference
        try await TestDatabase.with(.sqlite) { database in
            try await body(
                AllocationContext(
                    database: database,
                    reference: reference,
                    time: FixedTimeSource(date: GovernanceFixtures.today),
                    needsReports: NeedsContext(
                        database: database,
                        reference: reference,
                        time: FixedTimeSource(date: GovernanceFixtures.today)
                    )
                )
            )
        }
    }

    static func governor(
        _ office: String = TestRegion.governorOfficeId,
        year: Int32 = 2025,
        _ configure: (inout GovernorPolicy) -> Void = { _ in }
    ) -> GovernorPolicy {
        var policy = GovernorPolicy.with {
            $0.governorOfficeId = office
            $0.year = year
            $0.scheme = .ksi
        }
        configure(&policy)
        return policy
    }

    static func set(
        _ id: String,
        governor: GovernorPolicy? = nil,
        schemeYear: SchemeYearPolicy? = nil,
        statped: StatpedPolicy? = nil,
        policyId: String = "",
        version: Int64 = 0
    ) -> SetPolicyConfigRequest {
        SetPolicyConfigRequest.with {
            $0.requestId = id
            $0.governorPolicy = governor
            $0.schemeYearPolicy = schemeYear
            $0.statpedPolicy = statped
            $0.policyId = policyId
            $0.expectedVersion = version
        }
    }

    static let get = GetPolicyConfigRequest.with {
        $0.governorOfficeId = TestRegion.governorOfficeId
        $0.scheme = .ksi
        $0.year = 2025
    }

    @Test(
        "GetPolicyConfig and the simulator refuse a year outside the budget years (2000–2100) naming `year`, as SetPolicyConfig does, instead of resolving dates that cannot be written"
    )
    func yearOutsideBudgetYears() async throws {
        try await withAllocation { allocation in
            let reader = TestRegion.caller(.kristiansandOwnerAdmin)
            for year: Int32 in [1999, 2101, .max] {
                var request = Self.get
                request.year = year
                let refused = await #expect(throws: DomainError.self) {
                    try await allocation.policy.getPolicyConfig(request, as: reader)
                }
                #expect(refused?.violations.map(\.field) == ["year"], "\(year): \(String(describing: refused))")
                let simulation = SimulateAllocationRequest.with {
                    $0.governorOfficeId = TestRegion.governorOfficeId
                    $0.scheme = .ksi
                    $0.year = year
                }
                let refusedSimulation = await #expect(throws: DomainError.self) {
                    try await allocation.simulator.simulateAllocation(simulation, as: TestRegion.caller(.udirAdmin))
                }
                #expect(
                    refusedSimulation?.violations.map(\.field) == ["year"],
                    "\(year): \(String(describing: refusedSimulation))"
                )
            }
            let inRange = try await allocation.policy.getPolicyConfig(Self.get, as: reader)
            #expect(inRange.governorPolicy?.year == 2025)
        }
    }

    @Test("COM-R5 resolves built-in, then the national default, then the embete's own record")
    func resolutionOrder() async throws {
        try await withAllocation { allocation in
            let reader = TestRegion.caller(.kristiansandOwnerAdmin)
            let builtIn = try await allocation.policy.getPolicyConfig(Self.get, as: reader)
            #expect(builtIn.governorPolicySource == .builtIn)
            #expect(builtIn.governorPolicy?.microGrantThresholdOre == 10_000_000)
            #expect(builtIn.schemeYearPolicySource == .builtIn)

            _ = try await allocation.policy.setPolicyConfig(
                Self.set("n", governor: Self.governor("") { $0.microGrantThresholdOre = 5_000_000 }),
                as: TestRegion.caller(.udirAdmin)
            )
            let national = try await allocation.policy.getPolicyConfig(Self.get, as: reader)
            #expect(national.governorPolicySource == .nationalDefault)
            #expect(national.governorPolicy?.microGrantThresholdOre == 5_000_000)
            // Unset fields of a stored record take the built-in defaults, since resolution is per record.
            #expect(national.governorPolicy?.maxCommitmentYears == 3)

            let own = try await allocation.policy.setPolicyConfig(
                Self.set("e", governor: Self.governor { $0.allocationMethod = .proRataPopulationDelegatedToRegions }),
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(own.governorPolicySource == .governorOffice)
            let resolved = try await allocation.policy.getPolicyConfig(Self.get, as: reader)
            #expect(resolved.governorPolicy?.allocationMethod == .proRataPopulationDelegatedToRegions)
            // whole record: not the national value
            #expect(resolved.governorPolicy?.microGrantThresholdOre == 10_000_000)
            let other = try await allocation.policy.getPolicyConfig(
                .with {
                    $0.governorOfficeId = "rogaland"
                    $0.scheme = .ksi
                    $0.year = 2025
                },
                as: reader
            )
            #expect(other.governorPolicySource == .nationalDefault)
            let resolver = try await allocation.policy.policyResolver()
            #expect(
                resolver.resolve(governorOfficeId: TestRegion.governorOfficeId, year: 2025, scheme: .ksi)
                    .governorPolicySource == .governorOffice
            )
        }
    }

    @Test("COM-R5 the scheme × year record is Udir's, and its co-financing applies to every embete")
    func schemeYear() async throws {
        try await withAllocation { allocation in
            let denied = await #expect(throws: DomainError.self) {
                try await allocation.policy.setPolicyConfig(
                    Self.set(
                        "s",
                        schemeYear: .with {
                            $0.scheme = .ksi
                            $0.year = 2025
                            $0.coFinancingBp = 1000
                        }
                    ),
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(denied?.code == .notPermitted)
            let config = try await allocation.policy.setPolicyConfig(
                Self.set(
                    "s",
                    schemeYear: .with {
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.coFinancingBp = 1000
                    }
                ),
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(config.schemeYearPolicySource == .nationalDefault)
            #expect(config.schemeYearPolicy?.coFinancingBase == .ownerGrant)
            let agder = try await allocation.policy.getPolicyConfig(Self.get, as: TestRegion.caller(.sfCaseworker))
            #expect(agder.schemeYear.coFinancingBp == 1000)
        }
    }

    @Test("COM-R5 an embete cannot soften co-financing (ALLOC-R12) or override a rule that is not POLICY")
    func overridesLimited() async throws {
        try await withAllocation { allocation in
            let error = await #expect(throws: DomainError.self) {
                try await allocation.policy.setPolicyConfig(
                    Self.set(
                        "o",
                        governor: Self.governor {
                            $0.ruleKindOverrides = [
                                .with {
                                    $0.ruleId = "ALLOC-R12"
                                    $0.kind = .warn
                                },
                                .with {
                                    $0.ruleId = "ALLOC-R7"
                                    $0.kind = .warn
                                },
                            ]
                        }
                    ),
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(error?.violations.map(\.field) == ["governor_policy.rule_kind_overrides[0].rule_id"])
            let ok = try await allocation.policy.setPolicyConfig(
                Self.set(
                    "o2",
                    governor: Self.governor {
                        $0.ruleKindOverrides = [
                            .with {
                                $0.ruleId = "ALLOC-R7"
                                $0.kind = .warn
                            }
                        ]
                    }
                ),
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(ok.kind(of: "ALLOC-R7", default: .hard) == .warn)
        }
    }

    @Test("COM-R5 only the embete's caseworker sets its record, and only Udir the national default")
    func permissions() async throws {
        try await withAllocation { allocation in
            for (actor, policy) in [
                (TestRegion.Actor.otherSfCaseworker, Self.governor()), (.sfDecisionMaker, Self.governor()),
                (.udirAdmin, Self.governor()), (.sfCaseworker, Self.governor("")),
            ] {
                let error = await #expect(throws: DomainError.self) {
                    try await allocation.policy.setPolicyConfig(
                        Self.set("p-\(actor)", governor: policy),
                        as: TestRegion.caller(actor)
                    )
                }
                #expect(error?.code == .notPermitted)
            }
            await #expect(throws: DomainError.self) {
                try await allocation.policy.setPolicyConfig(
                    Self.set("both", governor: Self.governor(), statped: StatpedPolicy()),
                    as: TestRegion.caller(.udirAdmin)
                )
            }
        }
    }

    @Test("COM-R5 one record per key: a second create is rejected, a change needs the id and the current version")
    func oneRecordPerKey() async throws {
        try await withAllocation { allocation in
            let caseworker = TestRegion.caller(.sfCaseworker)
            let first = try await allocation.policy.setPolicyConfig(
                Self.set("a", governor: Self.governor()),
                as: caseworker
            )
            let id = try #require(first.governorPolicy?.id)
            await #expect(throws: DomainError.self) {
                try await allocation.policy.setPolicyConfig(Self.set("b", governor: Self.governor()), as: caseworker)
            }
            let conflict = await #expect(throws: DomainError.self) {
                try await allocation.policy.setPolicyConfig(
                    Self.set("c", governor: Self.governor(), policyId: id, version: 5),
                    as: caseworker
                )
            }
            #expect(conflict?.code == .versionConflict)
            let moved = await #expect(throws: DomainError.self) {
                try await allocation.policy.setPolicyConfig(
                    Self.set("d", governor: Self.governor(year: 2026), policyId: id, version: 1),
                    as: caseworker
                )
            }
            #expect(moved?.code == .invalidArgument)
            let changed = try await allocation.policy.setPolicyConfig(
                Self.set("e", governor: Self.governor { $0.publishTransparencyPage = true }, policyId: id, version: 1),
                as: caseworker
            )
            #expect(changed.governorPolicy?.version == 2)
            #expect(changed.governorPolicy?.publishTransparencyPage == true)
            // A retry returns the first answer and writes nothing more.
            let retry = try await allocation.policy.setPolicyConfig(
                Self.set("e", governor: Self.governor { $0.publishTransparencyPage = true }, policyId: id, version: 1),
                as: caseworker
            )
            #expect(retry == changed)
            let audit = try await allocation.listAuditRecords(
                .with { $0.aggregateId = id },
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(audit.items.count == 2)
        }
    }

    @Test("COM-R5 a malformed record is rejected with every problem")
    func malformed() async throws {
        try await withAllocation { allocation in
            let error = await #expect(throws: DomainError.self) {
                try await allocation.policy.setPolicyConfig(
                    Self.set(
                        "m",
                        governor: Self.governor {
                            $0.allocationWeights = [
                                .with {
                                    $0.factor = .population
                                    $0.weightBp = 4000
                                }
                            ]
                            $0.ownerUhSplitRule = GovernanceFixtures.split(.fixed, owner: 6000, uh: 3000)
                            $0.microGrantShareWarnBp = 20_000
                        }
                    ),
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(
                Set(error?.violations.map(\.field) ?? []) == [
                    "governor_policy.allocation_weights", "governor_policy.owner_uh_split_rule",
                    "governor_policy.micro_grant_share_warn_bp",
                ]
            )
        }
    }

    @Test("ALLOC-R18 in SKK mode an embete cannot make the forum the recommendation's author")
    func skkAuthor() async throws {
        try await withAllocation { allocation in
            let error = await #expect(throws: DomainError.self) {
                try await allocation.policy.setPolicyConfig(
                    Self.set("skk", governor: Self.governor(year: 2026) { $0.recommendationAuthor = .forum }),
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R18"])
            let skk = try await allocation.policy.setPolicyConfig(
                Self.set("skk2", governor: Self.governor(year: 2026)),
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(skk.governorPolicy?.recommendationAuthor == .governor)
            let before = try await allocation.policy.setPolicyConfig(
                Self.set("pre", governor: Self.governor(year: 2025) { $0.recommendationAuthor = .forum }),
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(before.governorPolicy?.recommendationAuthor == .forum)
        }
    }

    @Test("COM-R5 the Statped record is Udir's and unset numbers take the built-in values")
    func statped() async throws {
        try await withAllocation { allocation in
            let config = try await allocation.policy.setPolicyConfig(
                Self.set("st", statped: .with { $0.smallCellThreshold = 10 }),
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(config.statpedPolicySource == .nationalDefault)
            #expect(config.statped.smallCellThreshold == 10)
            #expect(config.statped.startupMeetingMaxDays == 14)
            await #expect(throws: DomainError.self) {
                try await allocation.policy.setPolicyConfig(
                    Self.set("st2", statped: .with { $0.smallCellThreshold = 3 }),
                    as: TestRegion.caller(.udirAdmin)
                )
            }
        }
    }
}
