import Foundation
import KSICore
import KSITestSupport
import Testing

/// LIM-R7 on every list RPC of PartnershipService, on SQLite and PostgreSQL. The caller is the agder
/// caseworker: items of the rogaland partnership (i % 4 == 1) are invisible to them (PRIV-R12), and
/// i % 4 == 3 differs in a filtered field.
@Suite("Partnership list paging (LIM-R7)")
struct PartnershipListPagingTests {
    static let engines = TestDatabase.Engine.allCases
    static let caseworker = TestRegion.caller(.sfCaseworker)
    static var ids: Range<Int> { PagingCheck.indices }

    func withPartnerships(
        _ engine: TestDatabase.Engine,
        _ body: @Sendable (PartnershipContext, KSIDatabase) async throws -> Void
    ) async throws {
        try await TestDatabase.with(engine) { database in
            let context = PartnershipContext(
                database: database,
                reference: try TestRegion.reference(),
                time: FixedTimeSource(date: LocalDate(year: 2025, month: 3, day: 1))
            )
            try await PagingCheck.insert(
                [
                    Partnership.with {
                        $0.id = "p-agder"
                        $0.governorOfficeId = TestRegion.governorOfficeId
                        $0.scheme = .ksi
                    },
                    Partnership.with {
                        $0.id = "p-rogaland"
                        $0.governorOfficeId = TestRegion.otherGovernorOfficeId
                        $0.scheme = .ksi
                    },
                ],
                into: database,
                context: "partnerships"
            )
            try await body(context, database)
        }
    }

    static func partnershipId(_ i: Int) -> String { i % 4 == 1 ? "p-rogaland" : "p-agder" }

    @Test(
        "ListPartnerships: the caller's visibility (own embete) and the owner filter apply before the page is cut",
        arguments: engines
    )
    func partnerships(engine: TestDatabase.Engine) async throws {
        try await withPartnerships(engine) { context, database in
            let items = Self.ids.map { i in
                Partnership.with {
                    $0.id = PagingCheck.id("partnership", i)
                    $0.governorOfficeId = i % 4 == 1 ? TestRegion.otherGovernorOfficeId : TestRegion.governorOfficeId
                    $0.scheme = .ksi
                    $0.ownerIds = [i % 4 == 3 ? TestRegion.arendalKommune : TestRegion.kristiansandKommune]
                }
            }
            try await PagingCheck.insert(items, into: database, context: "partnerships")
            let expected = items.filter {
                $0.governorOfficeId == TestRegion.governorOfficeId && $0.ownerIds == [TestRegion.kristiansandKommune]
            }.map(\.id)
            try await PagingCheck.check(
                ListPartnershipsRequest.with { $0.ownerId = TestRegion.kristiansandKommune },
                expected: expected,
                id: \.id
            ) {
                try await context.queries.listPartnerships($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListMeasures: visibility through the partnership and the grant-line filter apply before the page is cut",
        arguments: engines
    )
    func measures(engine: TestDatabase.Engine) async throws {
        try await withPartnerships(engine) { context, database in
            let items = Self.ids.map { i in
                Measure.with {
                    $0.id = PagingCheck.id("measure", i)
                    $0.partnershipId = Self.partnershipId(i)
                    $0.grantLineId = i % 4 == 3 ? "line-b" : "line-a"
                }
            }
            try await PagingCheck.insert(items, into: database, context: "partnerships")
            let expected = items.filter { $0.partnershipId == "p-agder" && $0.grantLineId == "line-a" }.map(\.id)
            try await PagingCheck.check(
                ListMeasuresRequest.with { $0.grantLineId = "line-a" },
                expected: expected,
                id: \.id
            ) {
                try await context.queries.listMeasures($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListThirdPartyContributions: visibility through the partnership and the provider filter apply before the page is cut",
        arguments: engines
    )
    func contributions(engine: TestDatabase.Engine) async throws {
        try await withPartnerships(engine) { context, database in
            let items = Self.ids.map { i in
                ThirdPartyContribution.with {
                    $0.id = PagingCheck.id("contribution", i)
                    $0.partnershipId = Self.partnershipId(i)
                    $0.provider = i % 4 == 3 ? .other : .competenceCentre
                }
            }
            try await PagingCheck.insert(items, into: database, context: "partnerships")
            let expected = items.filter { $0.partnershipId == "p-agder" && $0.provider == .competenceCentre }.map(\.id)
            try await PagingCheck.check(
                ListThirdPartyContributionsRequest.with { $0.provider = .competenceCentre },
                expected: expected,
                id: \.id
            ) {
                try await context.queries.listThirdPartyContributions($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListPartnershipReports: visibility through the partnership and the year filter apply before the page is cut",
        arguments: engines
    )
    func reports(engine: TestDatabase.Engine) async throws {
        try await withPartnerships(engine) { context, database in
            let items = Self.ids.map { i in
                PartnershipReport.with {
                    $0.id = PagingCheck.id("report", i)
                    $0.partnershipId = Self.partnershipId(i)
                    $0.year = i % 4 == 3 ? 2024 : 2025
                    $0.scheme = .ksi
                }
            }
            try await PagingCheck.insert(items, into: database, context: "partnerships")
            let expected = items.filter { $0.partnershipId == "p-agder" && $0.year == 2025 }.map(\.id)
            try await PagingCheck.check(
                ListPartnershipReportsRequest.with { $0.year = 2025 },
                expected: expected,
                id: \.id
            ) {
                try await context.queries.listPartnershipReports($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListConflictCases: visibility through the partnership and the embete filter apply before the page is cut",
        arguments: engines
    )
    func conflicts(engine: TestDatabase.Engine) async throws {
        try await withPartnerships(engine) { context, database in
            let items = Self.ids.map { i in
                ConflictCase.with {
                    $0.id = PagingCheck.id("conflict", i)
                    $0.partnershipId = i % 4 == 3 ? "p-missing" : Self.partnershipId(i)
                }
            }
            try await PagingCheck.insert(items, into: database, context: "partnerships")
            let expected = items.filter { $0.partnershipId == "p-agder" }.map(\.id)
            try await PagingCheck.check(
                ListConflictCasesRequest.with { $0.governorOfficeId = TestRegion.governorOfficeId },
                expected: expected,
                id: \.id
            ) {
                try await context.queries.listConflictCases($0, as: Self.caseworker)
            }
        }
    }

    @Test(
        "ListPartnershipEvents: the embete's visibility and the type filter apply before the page is cut; sizes follow LIM-R7",
        arguments: engines
    )
    func events(engine: TestDatabase.Engine) async throws {
        try await withPartnerships(engine) { context, database in
            let ids = Self.ids.map { PagingCheck.id("event", $0) }
            try await database.transaction { sql in
                let store = StoreTransaction(
                    sql: sql,
                    context: "partnerships",
                    registry: ReferenceRegistry(ReferenceData(ReferenceDataSet()))
                )
                for (i, id) in ids.enumerated() {
                    let type = i % 4 == 3 ? "MeasureCompleted" : "MeasureStarted"
                    let office = i % 4 == 1 ? TestRegion.otherGovernorOfficeId : TestRegion.governorOfficeId
                    try await store.appendEvent(
                        type: type,
                        aggregateId: id,
                        at: 1_000,
                        payload: PartnershipEvent.with {
                            $0.type = type
                            $0.aggregateId = id
                            $0.governorOfficeId = office
                        }
                    )
                }
            }
            let expected = ids.enumerated().filter { $0.offset % 4 == 0 || $0.offset % 4 == 2 }.map(\.element)
            try await PagingCheck.checkEvents(
                ListPartnershipEventsRequest.with { $0.types = ["MeasureStarted"] },
                expected: expected,
                pageSize: \.pageSize,
                after: \.afterSequence,
                {
                    let page = try await context.queries.listPartnershipEvents($0, as: Self.caseworker)
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
        try await withPartnerships(engine) { context, database in
            let expected = try await AuditPagingData.insert(into: database, context: "partnerships")
            try await PagingCheck.check(AuditPagingData.request, expected: expected, id: \.aggregateId) {
                try await context.queries.listAuditRecords($0, as: TestRegion.caller(.udirAdmin))
            }
        }
    }
}
