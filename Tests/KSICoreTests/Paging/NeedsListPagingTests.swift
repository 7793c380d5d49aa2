import Foundation
import KSICore
import KSITestSupport
import Testing

/// LIM-R7 on every list RPC of NeedsService, on SQLite and PostgreSQL (PagingCheck describes the data sets).
@Suite("Needs list paging (LIM-R7)")
struct NeedsListPagingTests {
    static let engines = TestDatabase.Engine.allCases
    static let caseworker = TestRegion.caller(.sfCaseworker)

    func withNeeds(
        _ engine: TestDatabase.Engine,
        _ body: @Sendable (NeedsContext, KSIDatabase) async throws -> Void
    ) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try NeedsFixture(database: database)
            try await body(fixture.needs, database)
        }
    }

    @Test("ListNeedsRounds: the embete and year filters apply before the page is cut", arguments: engines)
    func rounds(engine: TestDatabase.Engine) async throws {
        try await withNeeds(engine) { needs, database in
            let rounds = PagingCheck.indices.map { i in
                NeedsRound.with {
                    $0.id = PagingCheck.id("round", i)
                    $0.governorOfficeId = i % 4 == 1 ? TestRegion.otherGovernorOfficeId : TestRegion.governorOfficeId
                    $0.year = i % 4 == 3 ? 2024 : 2025
                    $0.scheme = .ksi
                }
            }
            try await PagingCheck.insert(rounds, into: database, context: "needs")
            let expected = rounds.filter { $0.governorOfficeId == TestRegion.governorOfficeId && $0.year == 2025 }.map(
                \.id
            )
            try await PagingCheck.check(
                ListNeedsRoundsRequest.with {
                    $0.governorOfficeId = TestRegion.governorOfficeId
                    $0.year = 2025
                },
                expected: expected,
                id: \.id
            ) { try await needs.rounds.listNeedsRounds($0, as: Self.caseworker) }
        }
    }

    @Test("ListNeedsReports: the caller's visibility (own embete) applies before the page is cut", arguments: engines)
    func reports(engine: TestDatabase.Engine) async throws {
        try await withNeeds(engine) { needs, database in
            let reports = PagingCheck.indices.map { i in
                NeedsReport.with {
                    $0.id = PagingCheck.id("report", i)
                    $0.leadOwnerId = TestRegion.kristiansandKommune
                    $0.governorOfficeId = i % 4 == 1 ? TestRegion.otherGovernorOfficeId : TestRegion.governorOfficeId
                    $0.year = i % 4 == 3 ? 2024 : 2025
                    $0.scheme = .ksi
                    $0.status = .submitted
                }
            }
            try await PagingCheck.insert(reports, into: database, context: "needs")
            // PRIV-R12: an embete's caseworker reads the reports of their own embete.
            let expected = reports.filter { $0.governorOfficeId == TestRegion.governorOfficeId && $0.year == 2025 }.map(
                \.id
            )
            try await PagingCheck.check(ListNeedsReportsRequest.with { $0.year = 2025 }, expected: expected, id: \.id) {
                try await needs.queries.listNeedsReports($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListNeedsAssessments: the owner's visibility and the unit filter apply before the page is cut",
        arguments: engines
    )
    func assessments(engine: TestDatabase.Engine) async throws {
        try await withNeeds(engine) { needs, database in
            let assessments = PagingCheck.indices.map { i in
                NeedsAssessment.with {
                    $0.id = PagingCheck.id("assessment", i)
                    $0.ownerId = i % 4 == 1 ? TestRegion.arendalKommune : TestRegion.kristiansandKommune
                    $0.unitIds = [i % 4 == 3 ? "unit-b" : "unit-a"]
                }
            }
            try await PagingCheck.insert(assessments, into: database, context: "needs")
            // An owner's admin reads its own assessments only.
            let expected = assessments.filter {
                $0.ownerId == TestRegion.kristiansandKommune && $0.unitIds == ["unit-a"]
            }.map(\.id)
            try await PagingCheck.check(
                ListNeedsAssessmentsRequest.with { $0.unitId = "unit-a" },
                expected: expected,
                id: \.id
            ) {
                try await needs.assessments.listNeedsAssessments($0, as: TestRegion.caller(.kristiansandOwnerAdmin))
            }
        }
    }

    @Test(
        "ListDecisionBases: the round's embete and the network filter apply before the page is cut",
        arguments: engines
    )
    func decisionBases(engine: TestDatabase.Engine) async throws {
        try await withNeeds(engine) { needs, database in
            try await PagingCheck.insert(
                [
                    NeedsRound.with {
                        $0.id = "round-agder"
                        $0.governorOfficeId = TestRegion.governorOfficeId
                        $0.year = 2025
                    },
                    NeedsRound.with {
                        $0.id = "round-rogaland"
                        $0.governorOfficeId = TestRegion.otherGovernorOfficeId
                        $0.year = 2025
                    },
                ],
                into: database,
                context: "needs"
            )
            let bases = PagingCheck.indices.map { i in
                DecisionBasis.with {
                    $0.id = PagingCheck.id("basis", i)
                    $0.roundId = i % 4 == 1 ? "round-rogaland" : "round-agder"
                    $0.networkId = i % 4 == 3 ? "network-b" : "network-a"
                }
            }
            try await PagingCheck.insert(bases, into: database, context: "needs")
            let expected = bases.filter { $0.roundId == "round-agder" && $0.networkId == "network-a" }.map(\.id)
            try await PagingCheck.check(
                ListDecisionBasesRequest.with { $0.networkId = "network-a" },
                expected: expected,
                id: \.id
            ) {
                try await needs.reports.listDecisionBases($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListNeedsEvents: the type filter and the caseworker's own embete (PRIV-R12) apply before the page is cut; sizes follow LIM-R7",
        arguments: engines
    )
    func events(engine: TestDatabase.Engine) async throws {
        try await withNeeds(engine) { needs, database in
            let ids = PagingCheck.indices.map { PagingCheck.id("event", $0) }
            try await database.transaction { sql in
                let store = StoreTransaction(
                    sql: sql,
                    context: "needs",
                    registry: ReferenceRegistry(ReferenceData(ReferenceDataSet()))
                )
                for (i, id) in ids.enumerated() {
                    let type = i % 2 == 0 ? "NeedsReportSubmitted" : "NeedsReportWithdrawn"
                    let office = i % 3 == 2 ? TestRegion.otherGovernorOfficeId : TestRegion.governorOfficeId
                    try await store.appendEvent(
                        type: type,
                        aggregateId: id,
                        at: 1_000,
                        payload: NeedsEvent.with {
                            $0.type = type
                            $0.aggregateId = id
                            $0.governorOfficeId = office
                        }
                    )
                }
            }
            let expected = ids.enumerated().filter { $0.offset % 2 == 0 && $0.offset % 3 != 2 }.map(\.element)
            try await PagingCheck.checkEvents(
                ListNeedsEventsRequest.with { $0.types = ["NeedsReportSubmitted"] },
                expected: expected,
                pageSize: \.pageSize,
                after: \.afterSequence,
                {
                    let page = try await needs.queries.listNeedsEvents($0, as: Self.caseworker)
                    return (page.events, page.lastSequence)
                },
                key: { ($0.aggregateId, $0.sequence) }
            )
        }
    }

    @Test("ListAuditRecords: the aggregate filter applies in SQL; sizes and tokens follow LIM-R7", arguments: engines)
    func auditRecords(engine: TestDatabase.Engine) async throws {
        try await withNeeds(engine) { needs, database in
            let expected = try await AuditPagingData.insert(into: database, context: "needs")
            try await PagingCheck.check(AuditPagingData.request, expected: expected, id: \.aggregateId) {
                try await needs.queries.listAuditRecords($0, as: TestRegion.caller(.udirAdmin))
            }
        }
    }
}

/// The audit data set shared by the four services' `ListAuditRecords` checks: every other record is
/// of another aggregate type, one in four of another organisation.
enum AuditPagingData {
    static let request = ListAuditRecordsRequest.with {
        $0.aggregateType = "Thing"
        $0.actorOrgNumber = "org-a"
    }

    /// Inserts the records and returns the aggregate ids the request should list, in order.
    static func insert(into database: KSIDatabase, context: String) async throws -> [String] {
        var expected: [String] = []
        try await database.transaction { sql in
            let store = StoreTransaction(sql: sql, context: context)
            for i in PagingCheck.indices {
                let id = PagingCheck.id("aggregate", i)
                let kind = i % 4 == 3 ? "OtherThing" : "Thing"
                let org = i % 4 == 1 ? "org-b" : "org-a"
                try await store.audit(
                    AuditEntry(
                        at: Int64(1_000 + i),
                        actorOrg: org,
                        actorPerson: nil,
                        role: "udirAdmin",
                        action: "Test",
                        entityKind: kind,
                        entityId: id,
                        beforeState: nil,
                        afterState: nil
                    )
                )
            }
        }
        for i in PagingCheck.indices where i % 4 == 0 || i % 4 == 2 { expected.append(PagingCheck.id("aggregate", i)) }
        return expected
    }
}
