import Foundation
import KSICore
import KSITestSupport
import Testing

/// LIM-R7 on every list RPC of AllocationService, on SQLite and PostgreSQL (PagingCheck describes the
/// data sets: i % 4 == 1 is another embete or organisation, i % 4 == 3 another year, scheme or filter value).
@Suite("Allocation list paging (LIM-R7)")
struct AllocationListPagingTests {
    static let engines = TestDatabase.Engine.allCases
    static let agder = TestRegion.governorOfficeId
    static let rogaland = TestRegion.otherGovernorOfficeId
    static let caseworker = TestRegion.caller(.sfCaseworker)

    func withAllocation(
        _ engine: TestDatabase.Engine,
        _ body: @Sendable (AllocationContext, KSIDatabase) async throws -> Void
    ) async throws {
        try await TestDatabase.with(engine) { database in
            try await body(AllocationMoneyFixture(database: database).allocation, database)
        }
    }

    static func office(_ i: Int) -> String { i % 4 == 1 ? rogaland : agder }
    static func year(_ i: Int) -> Int32 { i % 4 == 3 ? 2024 : 2025 }
    static var ids: Range<Int> { PagingCheck.indices }

    @Test("ListNationalBudgets: the year filter applies before the page is cut", arguments: engines)
    func nationalBudgets(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                NationalBudget.with {
                    $0.id = PagingCheck.id("budget", i)
                    $0.year = i % 4 == 1 || i % 4 == 3 ? 2024 : 2025
                    $0.scheme = .ksi
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            try await PagingCheck.check(
                ListNationalBudgetsRequest.with { $0.year = 2025 },
                expected: items.filter { $0.year == 2025 }.map(\.id),
                id: \.id
            ) {
                try await allocation.budgets.listNationalBudgets($0, as: Self.caseworker)
            }
        }
    }

    @Test("ListRegionalFrames: the embete and year filters apply before the page is cut", arguments: engines)
    func regionalFrames(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                RegionalFrame.with {
                    $0.id = PagingCheck.id("frame", i)
                    $0.governorOfficeId = Self.office(i)
                    $0.year = Self.year(i)
                    $0.scheme = .ksi
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            let expected = items.filter { $0.governorOfficeId == Self.agder && $0.year == 2025 }.map(\.id)
            try await PagingCheck.check(
                ListRegionalFramesRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.year = 2025
                },
                expected: expected,
                id: \.id
            ) {
                try await allocation.budgets.listRegionalFrames($0, as: Self.caseworker)
            }
        }
    }

    @Test("ListSubFrames: the frame filter applies before the page is cut", arguments: engines)
    func subFrames(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                SubFrame.with {
                    $0.id = PagingCheck.id("sub", i)
                    $0.regionalFrameId = i % 4 == 1 || i % 4 == 3 ? "frame-b" : "frame-a"
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            try await PagingCheck.check(
                ListSubFramesRequest.with { $0.regionalFrameId = "frame-a" },
                expected: items.filter { $0.regionalFrameId == "frame-a" }.map(\.id),
                id: \.id
            ) {
                try await allocation.budgets.listSubFrames($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListCollaborationForums: the embete filter (SQL) and the scheme filter (repeated field) apply before the page is cut",
        arguments: engines
    )
    func forums(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                CollaborationForum.with {
                    $0.id = PagingCheck.id("forum", i)
                    $0.governorOfficeId = Self.office(i)
                    $0.schemes = i % 4 == 3 ? [.dekom] : [.dekom, .ksi]
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            let expected = items.filter { $0.governorOfficeId == Self.agder && $0.schemes.contains(.ksi) }.map(\.id)
            try await PagingCheck.check(
                ListCollaborationForumsRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.scheme = .ksi
                },
                expected: expected,
                id: \.id
            ) {
                try await allocation.governance.listCollaborationForums($0, as: Self.caseworker)
            }
        }
    }

    @Test("ListCommittees: the forum filter applies before the page is cut", arguments: engines)
    func committees(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                Committee.with {
                    $0.id = PagingCheck.id("committee", i)
                    $0.forumId = i % 2 == 1 ? "forum-b" : "forum-a"
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            try await PagingCheck.check(
                ListCommitteesRequest.with { $0.forumId = "forum-a" },
                expected: items.filter { $0.forumId == "forum-a" }.map(\.id),
                id: \.id
            ) {
                try await allocation.governance.listCommittees($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListCompetenceNetworks: the municipality filter (repeated field) applies before the page is cut",
        arguments: engines
    )
    func networks(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                CompetenceNetwork.with {
                    $0.id = PagingCheck.id("network", i)
                    $0.governorOfficeId = Self.office(i)
                    $0.municipalityIds =
                        i % 4 == 3 ? [TestRegion.arendal] : [TestRegion.arendal, TestRegion.kristiansand]
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            let expected = items.filter {
                $0.governorOfficeId == Self.agder && $0.municipalityIds.contains(TestRegion.kristiansand)
            }.map(\.id)
            try await PagingCheck.check(
                ListCompetenceNetworksRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.municipalityId = TestRegion.kristiansand
                },
                expected: expected,
                id: \.id
            ) { try await allocation.governance.listCompetenceNetworks($0, as: Self.caseworker) }
        }
    }

    @Test(
        "ListLongTermPlans: the forum filter (SQL) and the covered year apply before the page is cut",
        arguments: engines
    )
    func longTermPlans(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                LongTermPlan.with {
                    $0.id = PagingCheck.id("plan", i)
                    $0.forumId = i % 4 == 1 ? "forum-b" : "forum-a"
                    $0.period = PlanPeriod.with {
                        $0.fromYear = i % 4 == 3 ? 2020 : 2024
                        $0.toYear = i % 4 == 3 ? 2023 : 2027
                    }
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            let expected = items.filter {
                $0.forumId == "forum-a" && $0.period!.fromYear <= 2025 && 2025 <= $0.period!.toYear
            }.map(\.id)
            try await PagingCheck.check(
                ListLongTermPlansRequest.with {
                    $0.forumId = "forum-a"
                    $0.year = 2025
                },
                expected: expected,
                id: \.id
            ) {
                try await allocation.governance.listLongTermPlans($0, as: Self.caseworker)
            }
        }
    }

    @Test("ListRecommendations: the embete and year filters apply before the page is cut", arguments: engines)
    func recommendations(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                Recommendation.with {
                    $0.id = PagingCheck.id("rec", i)
                    $0.governorOfficeId = Self.office(i)
                    $0.year = Self.year(i)
                    $0.scheme = .ksi
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            let expected = items.filter { $0.governorOfficeId == Self.agder && $0.year == 2025 }.map(\.id)
            try await PagingCheck.check(
                ListRecommendationsRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.year = 2025
                },
                expected: expected,
                id: \.id
            ) {
                try await allocation.recommendations.listRecommendations($0, as: Self.caseworker)
            }
        }
    }

    @Test("ListGrantDecisions: the embete (SQL) and line filter apply before the page is cut", arguments: engines)
    func grantDecisions(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                GrantDecision.with {
                    $0.id = PagingCheck.id("decision", i)
                    $0.governorOfficeId = Self.office(i)
                    $0.year = 2025
                    $0.scheme = .ksi
                    $0.lineId = i % 4 == 3 ? "line-b" : "line-a"
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            let expected = items.filter { $0.governorOfficeId == Self.agder && $0.lineId == "line-a" }.map(\.id)
            try await PagingCheck.check(
                ListGrantDecisionsRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.lineId = "line-a"
                },
                expected: expected,
                id: \.id
            ) {
                try await allocation.recommendations.listGrantDecisions($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListGrants: the embete (SQL) and partnership filter (repeated lines) apply before the page is cut",
        arguments: engines
    )
    func grants(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                Grant.with {
                    $0.id = PagingCheck.id("grant", i)
                    $0.governorOfficeId = Self.office(i)
                    $0.year = 2025
                    $0.scheme = .ksi
                    $0.lineAmounts = [
                        GrantLineAmount.with { $0.partnershipId = i % 4 == 3 ? "partnership-b" : "partnership-a" }
                    ]
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            let expected = items.filter {
                $0.governorOfficeId == Self.agder && $0.lineAmounts.contains { $0.partnershipId == "partnership-a" }
            }.map(\.id)
            try await PagingCheck.check(
                ListGrantsRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.partnershipId = "partnership-a"
                },
                expected: expected,
                id: \.id
            ) {
                try await allocation.grants.listGrants($0, as: Self.caseworker)
            }
        }
    }

    /// Two grants: agder 2025 (in scope) and rogaland 2025; the items of grant-owned lists alternate
    /// between them, and one in four belongs to an agder 2024 grant.
    static func grantScope(_ database: KSIDatabase) async throws {
        try await PagingCheck.insert(
            [
                Grant.with {
                    $0.id = "grant-agder-2025"
                    $0.governorOfficeId = agder
                    $0.year = 2025
                    $0.scheme = .ksi
                },
                Grant.with {
                    $0.id = "grant-rogaland-2025"
                    $0.governorOfficeId = rogaland
                    $0.year = 2025
                    $0.scheme = .ksi
                },
                Grant.with {
                    $0.id = "grant-agder-2024"
                    $0.governorOfficeId = agder
                    $0.year = 2024
                    $0.scheme = .dekom
                },
            ],
            into: database,
            context: "allocation"
        )
    }

    static func grantId(_ i: Int) -> String {
        i % 4 == 1 ? "grant-rogaland-2025" : i % 4 == 3 ? "grant-agder-2024" : "grant-agder-2025"
    }

    @Test("ListDisbursements: the embete and year (through the grant) apply before the page is cut", arguments: engines)
    func disbursements(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            try await Self.grantScope(database)
            let items = Self.ids.map { i in
                Disbursement.with {
                    $0.id = PagingCheck.id("disbursement", i)
                    $0.grantId = Self.grantId(i)
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            try await PagingCheck.check(
                ListDisbursementsRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.year = 2025
                },
                expected: items.filter { $0.grantId == "grant-agder-2025" }.map(\.id),
                id: \.id
            ) {
                try await allocation.grants.listDisbursements($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListCoFinancingPledges: the embete and year (through the grant) apply before the page is cut",
        arguments: engines
    )
    func pledges(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            try await Self.grantScope(database)
            let items = Self.ids.map { i in
                CoFinancingPledge.with {
                    $0.id = PagingCheck.id("pledge", i)
                    $0.grantId = Self.grantId(i)
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            try await PagingCheck.check(
                ListCoFinancingPledgesRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.year = 2025
                },
                expected: items.filter { $0.grantId == "grant-agder-2025" }.map(\.id),
                id: \.id
            ) {
                try await allocation.grants.listCoFinancingPledges($0, as: Self.caseworker)
            }
        }
    }

    @Test("ListReclaimCases: the embete and year (through the grant) apply before the page is cut", arguments: engines)
    func reclaims(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            try await Self.grantScope(database)
            let items = Self.ids.map { i in
                ReclaimCase.with {
                    $0.id = PagingCheck.id("reclaim", i)
                    $0.grantId = Self.grantId(i)
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            try await PagingCheck.check(
                ListReclaimCasesRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.year = 2025
                },
                expected: items.filter { $0.grantId == "grant-agder-2025" }.map(\.id),
                id: \.id
            ) {
                try await allocation.grants.listReclaimCases($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListMultiYearCommitments: the embete and scheme (through the grant) apply before the page is cut",
        arguments: engines
    )
    func commitments(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            try await Self.grantScope(database)
            let items = Self.ids.map { i in
                MultiYearCommitment.with {
                    $0.id = PagingCheck.id("commitment", i)
                    $0.grantId = Self.grantId(i)
                    $0.year = 2026
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            try await PagingCheck.check(
                ListMultiYearCommitmentsRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.scheme = .ksi
                },
                expected: items.filter { $0.grantId == "grant-agder-2025" }.map(\.id),
                id: \.id
            ) {
                try await allocation.grants.listMultiYearCommitments($0, as: Self.caseworker)
            }
        }
    }

    @Test("ListAppeals: the embete and appellant filters apply before the page is cut", arguments: engines)
    func appeals(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                Appeal.with {
                    $0.id = PagingCheck.id("appeal", i)
                    $0.governorOfficeId = Self.office(i)
                    $0.appellantOrgId = i % 4 == 3 ? TestRegion.arendalKommune : TestRegion.kristiansandKommune
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            let expected = items.filter {
                $0.governorOfficeId == Self.agder && $0.appellantOrgId == TestRegion.kristiansandKommune
            }.map(\.id)
            try await PagingCheck.check(
                ListAppealsRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.appellantOrgId = TestRegion.kristiansandKommune
                },
                expected: expected,
                id: \.id
            ) { try await allocation.appeals.listAppeals($0, as: Self.caseworker) }
        }
    }

    @Test("ListGovernorAnnualReports: the embete and year filters apply before the page is cut", arguments: engines)
    func annualReports(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let items = Self.ids.map { i in
                GovernorAnnualReport.with {
                    $0.id = PagingCheck.id("annual", i)
                    $0.governorOfficeId = Self.office(i)
                    $0.year = Self.year(i)
                    $0.scheme = .ksi
                }
            }
            try await PagingCheck.insert(items, into: database, context: "allocation")
            let expected = items.filter { $0.governorOfficeId == Self.agder && $0.year == 2025 }.map(\.id)
            try await PagingCheck.check(
                ListGovernorAnnualReportsRequest.with {
                    $0.governorOfficeId = Self.agder
                    $0.year = 2025
                },
                expected: expected,
                id: \.id
            ) {
                try await allocation.governance.listGovernorAnnualReports($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListAllocationEvents: the type filter applies before the page is cut; sizes follow LIM-R7",
        arguments: engines
    )
    func events(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let ids = Self.ids.map { PagingCheck.id("event", $0) }
            try await database.transaction { sql in
                let store = StoreTransaction(
                    sql: sql,
                    context: "allocation",
                    registry: ReferenceRegistry(ReferenceData(ReferenceDataSet()))
                )
                for (i, id) in ids.enumerated() {
                    let type = i % 2 == 0 ? "GrantDecisionSigned" : "RegionalFramePublished"
                    try await store.appendEvent(
                        type: type,
                        aggregateId: id,
                        at: 1_000,
                        payload: AllocationEvent.with {
                            $0.type = type
                            $0.aggregateId = id
                        }
                    )
                }
            }
            let expected = ids.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            try await PagingCheck.checkEvents(
                ListAllocationEventsRequest.with { $0.types = ["GrantDecisionSigned"] },
                expected: expected,
                pageSize: \.pageSize,
                after: \.afterSequence,
                {
                    let page = try await allocation.listAllocationEvents($0, as: Self.caseworker)
                    return (page.events, page.lastSequence)
                },
                key: { ($0.aggregateId, $0.sequence) }
            )
        }
    }

    @Test(
        "ListAuditRecords: the aggregate and organisation filters apply in SQL; sizes and tokens follow LIM-R7",
        arguments: engines
    )
    func auditRecords(engine: TestDatabase.Engine) async throws {
        try await withAllocation(engine) { allocation, database in
            let expected = try await AuditPagingData.insert(into: database, context: "allocation")
            try await PagingCheck.check(AuditPagingData.request, expected: expected, id: \.aggregateId) {
                try await allocation.listAuditRecords($0, as: TestRegion.caller(.udirAdmin))
            }
        }
    }
}
