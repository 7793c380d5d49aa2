import KSICore
import KSITestSupport
import Testing

@Suite("Committees, competence networks and long-term plans")
struct GovernanceBodiesTests {
    let reference: ReferenceData
    init() throws { reference = try TestRegion.reference() }

    func withForum(_ body: @Sendable (AllocationContext, CollaborationForum) async throws -> Void) async throws {
        let reference = self.reference
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
            let forum = try await allocation.governance.createCollaborationForum(
                .with {
                    $0.requestId = "forum"
                    $0.content = GovernanceFixtures.forumContent()
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            try await body(allocation, forum)
        }
    }

    @Test("a forum chair sets up a committee of the forum and a caseworker changes it; it cannot move forum")
    func committees() async throws {
        try await withForum { allocation, forum in
            let committee = try await allocation.governance.createCommittee(
                .with {
                    $0.requestId = "c1"
                    $0.content = .with {
                        $0.forumId = forum.id
                        $0.kind = .working
                        $0.name = "Arbeidsutvalg"
                        $0.memberPersonIds = ["p1"]
                    }
                },
                as: TestRegion.caller(.forumChair)
            )
            #expect(committee.forumId == forum.id)
            let changed = try await allocation.governance.updateCommittee(
                .with {
                    $0.requestId = "c2"
                    $0.committeeId = committee.id
                    $0.expectedVersion = 1
                    $0.content = .with {
                        $0.kind = .subject
                        $0.sector = .kindergarten
                        $0.name = "Fagutvalg barnehage"
                    }
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(changed.kind == .subject && changed.sector == .kindergarten && changed.version == 2)
            await #expect(throws: DomainError.self) {
                try await allocation.governance.updateCommittee(
                    .with {
                        $0.requestId = "c3"
                        $0.committeeId = committee.id
                        $0.expectedVersion = committee.version
                        $0.content = .with {
                            $0.forumId = "another"
                            $0.kind = .subject
                            $0.name = "x"
                        }
                    },
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            let list = try await allocation.governance.listCommittees(
                .with { $0.forumId = forum.id },
                as: TestRegion.caller(.committeeMember)
            )
            #expect(list.items.map(\.id) == [committee.id])
            #expect(
                try await allocation.governance.getCommittee(
                    .with { $0.id = committee.id },
                    as: TestRegion.caller(.forumMember)
                )
                    == changed
            )
        }
    }

    @Test("a committee needs a kind and a name, and only the embete's staff or chair may set it up")
    func committeeRules() async throws {
        try await withForum { allocation, forum in
            let error = await #expect(throws: DomainError.self) {
                try await allocation.governance.createCommittee(
                    .with {
                        $0.requestId = "c1"
                        $0.content = .with { $0.forumId = forum.id }
                    },
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(error?.violations.map(\.field) == ["content.kind", "content.name"])
            let denied = await #expect(throws: DomainError.self) {
                try await allocation.governance.createCommittee(
                    .with {
                        $0.requestId = "c2"
                        $0.content = .with {
                            $0.forumId = forum.id
                            $0.kind = .working
                            $0.name = "AU"
                        }
                    },
                    as: TestRegion.caller(.otherSfCaseworker)
                )
            }
            #expect(denied?.code == .notPermitted)
        }
    }

    @Test("COM-R6 a network takes municipalities in force in its embete; its coordinator may change it")
    func networks() async throws {
        try await withForum { allocation, _ in
            let network = try await allocation.governance.createCompetenceNetwork(
                .with {
                    $0.requestId = "n1"
                    $0.content = GovernanceFixtures.networkContent(municipalities: [
                        TestRegion.kristiansand, TestRegion.aseral, TestRegion.kristiansand,
                    ])
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(network.municipalityIds == [TestRegion.kristiansand, TestRegion.aseral])
            let error = await #expect(throws: DomainError.self) {
                try await allocation.governance.createCompetenceNetwork(
                    .with {
                        $0.requestId = "n2"
                        $0.content = GovernanceFixtures.networkContent(municipalities: ["0301", "9999"])
                    },
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(error?.violations.count == 2)
            var coordinator = TestRegion.caller(.networkCoordinator)
            coordinator.grants = [RoleGrant(.networkCoordinator, scope: network.id)]
            let changed = try await allocation.governance.updateCompetenceNetwork(
                .with {
                    $0.requestId = "n3"
                    $0.competenceNetworkId = network.id
                    $0.expectedVersion = 1
                    $0.content = GovernanceFixtures.networkContent(
                        name: "Sør og øst",
                        municipalities: [TestRegion.kristiansand, TestRegion.arendal]
                    )
                },
                as: coordinator
            )
            #expect(changed.name == "Sør og øst")
            await #expect(throws: DomainError.self) {
                try await allocation.governance.updateCompetenceNetwork(
                    .with {
                        $0.requestId = "n4"
                        $0.competenceNetworkId = network.id
                        $0.expectedVersion = network.version
                        $0.content = GovernanceFixtures.networkContent()
                    },
                    as: TestRegion.caller(.networkCoordinator)
                )  // coordinator of another network
            }
            let byMunicipality = try await allocation.governance.listCompetenceNetworks(
                .with { $0.municipalityId = TestRegion.arendal },
                as: TestRegion.caller(.kristiansandOwnerAdmin)
            )
            #expect(byMunicipality.items.map(\.id) == [network.id])
            let none = try await allocation.governance.listCompetenceNetworks(
                .with { $0.municipalityId = TestRegion.aseral },
                as: TestRegion.caller(.kristiansandOwnerAdmin)
            )
            #expect(none.items.isEmpty)
            #expect(
                try await allocation.governance.getCompetenceNetwork(
                    .with { $0.id = network.id },
                    as: TestRegion.caller(.sfCaseworker)
                ).version == 2
            )
        }
    }

    @Test("a long-term plan gives its goals ids, keeps them on update and lists by the years it covers")
    func longTermPlans() async throws {
        try await withForum { allocation, forum in
            let goal = LongTermPlanGoal.with {
                $0.title = "Tidlig innsats"
                $0.themes = [.earlyIntervention]
            }
            let plan = try await allocation.governance.createLongTermPlan(
                .with {
                    $0.requestId = "p1"
                    $0.content = .with {
                        $0.forumId = forum.id
                        $0.period = .with {
                            $0.fromYear = 2025
                            $0.toYear = 2027
                        }
                        $0.goals = [goal]
                    }
                },
                as: TestRegion.caller(.forumChair)
            )
            let goalId = try #require(plan.goals.first?.id)
            #expect(!goalId.isEmpty)
            var kept = plan.goals[0]
            kept.description = "Lesing og skriving"
            let updated = try await allocation.governance.updateLongTermPlan(
                .with {
                    $0.requestId = "p2"
                    $0.longTermPlanId = plan.id
                    $0.expectedVersion = 1
                    $0.content = .with {
                        $0.period = .with {
                            $0.fromYear = 2025
                            $0.toYear = 2028
                        }
                        $0.goals = [kept, .with { $0.title = "Inkludering" }]
                    }
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(updated.goals.first?.id == goalId)
            #expect(updated.goals.count == 2)
            #expect(
                try await allocation.governance.listLongTermPlans(
                    .with {
                        $0.forumId = forum.id
                        $0.year = 2028
                    },
                    as: TestRegion.caller(.forumMember)
                ).items.count == 1
            )
            #expect(
                try await allocation.governance.listLongTermPlans(
                    .with { $0.year = 2029 },
                    as: TestRegion.caller(.forumMember)
                )
                .items.isEmpty
            )
            #expect(
                try await allocation.governance.getLongTermPlan(
                    .with { $0.id = plan.id },
                    as: TestRegion.caller(.forumMember)
                )
                    == updated
            )
            let error = await #expect(throws: DomainError.self) {
                try await allocation.governance.createLongTermPlan(
                    .with {
                        $0.requestId = "p3"
                        $0.content = .with {
                            $0.forumId = forum.id
                            $0.period = .with {
                                $0.fromYear = 2027
                                $0.toYear = 2025
                            }
                            $0.goals = [.with { $0.title = "" }]
                        }
                    },
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(error?.violations.map(\.field) == ["content.period", "content.goals[0].title"])
        }
    }
}
