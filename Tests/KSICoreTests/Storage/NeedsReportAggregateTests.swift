import Foundation
import KSICore
import KSITestSupport
import SQLKit
import Testing

/// Issue 17: `AggregateNeedsReports` groups and sums the fact rows (`needs_report_facts`) the shared save
/// path writes with every report, on both engines. Known answers from a hand-built set of reports stored
/// through `StoreTransaction` (the path every command takes).
@Suite("Needs report aggregates in SQL on both engines")
struct NeedsReportAggregateTests {
    static let engines = TestDatabase.Engine.allCases
    static let gateway = Caller.system("gateway")

    static func report(
        _ id: String,
        office: String = "agder",
        year: Int32 = 2025,
        status: NeedsReportStatus,
        owner: String = "owner-a",
        network: String = "",
        sectors: [Sector] = [.compulsorySchool],
        requested: Int64,
        submittedAt: Int64 = 0
    ) -> NeedsReport {
        NeedsReport.with {
            $0.id = id
            $0.governorOfficeId = office
            $0.scheme = .ksi
            $0.year = year
            $0.status = status
            $0.leadOwnerId = owner
            $0.networkId = network
            $0.sectors = sectors
            $0.requestedAmountOre = requested
            $0.submittedAt = submittedAt
        }
    }

    /// Three submitted reports of two owners in Agder 2025, one draft, one in another year, one in another embete.
    static let set: [NeedsReport] = [
        report(
            "r1",
            status: .submitted,
            owner: "owner-a",
            sectors: [.compulsorySchool],
            requested: 100,
            submittedAt: 5
        ),
        report(
            "r2",
            status: .submitted,
            owner: "owner-b",
            sectors: [.kindergarten, .compulsorySchool],
            requested: 250,
            submittedAt: 5
        ),
        report("r3", status: .submitted, owner: "owner-a", sectors: [.compulsorySchool], requested: 40, submittedAt: 5),
        report("r4", status: .draft, owner: "owner-b", requested: 7),
        report("r5", year: 2024, status: .submitted, requested: 1_000, submittedAt: 5),
        report("r6", office: "vestland", status: .submitted, requested: 9_000, submittedAt: 5),
    ]

    static func store(_ reports: [NeedsReport], in database: KSIDatabase) async throws {
        try await database.transaction { sql in
            let store = StoreTransaction(sql: sql, context: "needs")
            for report in reports { try await store.insert(report, at: 1_000) }
        }
    }

    static func aggregate(
        _ database: KSIDatabase,
        budget: Int = AggregatePage.defaultBudgetBytes,
        _ configure: (inout AggregateNeedsReportsRequest) -> Void
    ) async throws -> [NeedsReportGroup] {
        let needs = NeedsContext(
            database: database,
            reference: try TestRegion.reference(),
            time: FixedTimeSource(date: LocalDate(year: 2025, month: 6, day: 1))
        )
        var request = AggregateNeedsReportsRequest.with {
            $0.fromYear = 2025
            $0.toYear = 2025
        }
        configure(&request)
        let acting = NeedsServiceActing(needs, as: gateway)
        return try await AggregatePaging.read(request, budget: budget) { try await acting.aggregateNeedsReports($0) }
            .groups
    }

    /// Count and sum per (status, owner) key, for comparing without order.
    static func table(_ groups: [NeedsReportGroup]) -> [String: [Int64]] {
        var table: [String: [Int64]] = [:]
        for group in groups {
            let key =
                "\(group.governorOfficeId)|\(group.year)|\(group.status.name)|\(group.leadOwnerId)|\(group.sectors.map(\.name).joined(separator: "+"))|\(group.unpublished)"
            table[key] = [group.count, group.requestedOre]
        }
        return table
    }

    @Test(
        "groups by embete, year and status, and by owner and sectors when asked, with known counts and sums",
        arguments: engines,
        AggregatePaging.budgets
    )
    func knownAnswers(engine: TestDatabase.Engine, budget: Int) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.store(Self.set, in: database)
            let byStatus = try await Self.aggregate(database, budget: budget) { $0.governorOfficeId = "agder" }
            #expect(
                Self.table(byStatus) == [
                    "agder|2025|submitted|||false": [3, 390],
                    "agder|2025|draft|||true": [1, 7],
                ]
            )
            let byOwnerAndSectors = try await Self.aggregate(database, budget: budget) {
                $0.governorOfficeId = "agder"
                $0.byLeadOwner = true
                $0.bySectors = true
            }
            #expect(
                Self.table(byOwnerAndSectors) == [
                    "agder|2025|submitted|owner-a|compulsorySchool|false": [2, 140],
                    "agder|2025|submitted|owner-b|kindergarten+compulsorySchool|false": [1, 250],
                    "agder|2025|draft|owner-b|compulsorySchool|true": [1, 7],
                ]
            )
            // The draft's group says who may read it (PRIV-R12): its lead owner.
            let draft = try #require(byStatus.first { $0.unpublished })
            #expect(draft.readers?.leadOwnerId == "owner-b")
            #expect(byStatus.first { !$0.unpublished }?.readers == nil)
            // National over two years: every embete and 2024 too.
            let national = try await Self.aggregate(database, budget: budget) { $0.fromYear = 2024 }
            #expect(national.reduce(0) { $0 + $1.count } == 6)
            #expect(national.reduce(0) { $0 + $1.requestedOre } == 10_397)
        }
    }

    @Test(
        "a changed report moves to its new group in the same transaction (the row is replaced, not added)",
        arguments: engines
    )
    func updateMovesTheRow(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.store(Self.set, in: database)
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "needs")
                var draft = try #require(try await store.get(NeedsReport.self, id: "r4"))
                draft.status = .submitted
                draft.submittedAt = 9
                draft.requestedAmountOre = 60
                try await store.update(draft, at: 2_000)
            }
            let groups = try await Self.aggregate(database) { $0.governorOfficeId = "agder" }
            #expect(Self.table(groups) == ["agder|2025|submitted|||false": [4, 450]])
        }
    }

    @Test("the migration fills the fact table from the reports stored before it", arguments: engines)
    func backfill(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine, migrate: false) { database in
            try await Migrator.migrate(database, schema: CoreSchema.name, migrations: CoreSchema.migrations)
            // Stored as before issue 17: the entity row only.
            try await database.transaction { sql in
                for report in Self.set {
                    let index = report.storageIndex
                    try await sql.insert(into: "entities")
                        .columns(
                            "kind",
                            "id",
                            "version",
                            "status",
                            "governor_office_id",
                            "year",
                            "scheme",
                            "created_at",
                            "updated_at",
                            "body"
                        )
                        .values(
                            SQLBind(NeedsReport.entityKind),
                            SQLBind(report.id),
                            SQLBind(Int64(1)),
                            SQLBind(index.status),
                            SQLBind(index.governorOfficeId),
                            SQLBind(index.year.map(Int64.init)),
                            SQLBind(index.scheme.map(Int64.init)),
                            SQLBind(Int64(1)),
                            SQLBind(Int64(1)),
                            SQLBind(Data(try report.wireEncoded()))
                        )
                        .run()
                }
            }
            try await CoreSchema.migrate(database)
            let groups = try await Self.aggregate(database) { $0.governorOfficeId = "agder" }
            #expect(
                Self.table(groups) == ["agder|2025|submitted|||false": [3, 390], "agder|2025|draft|||true": [1, 7]]
            )
        }
    }

    @Test("sums beyond Int64 saturate (LIM-R2) instead of failing or wrapping", arguments: engines)
    func saturates(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Stored data can hold what no command accepts (an import, an older bound).
            try await Self.store(
                [
                    Self.report("big1", status: .submitted, requested: Int64.max / 2 + 10, submittedAt: 1),
                    Self.report("big2", status: .submitted, requested: Int64.max / 2 + 10, submittedAt: 1),
                    Self.report("small", status: .underReview, requested: 3_000_000_000_123, submittedAt: 1),
                ],
                in: database
            )
            let groups = try await Self.aggregate(database) { $0.governorOfficeId = "agder" }
            #expect(groups.first { $0.status == .submitted }?.requestedOre == Money.saturatedOre)
            #expect(groups.first { $0.status == .underReview }?.requestedOre == 3_000_000_000_123)
        }
    }

    @Test(
        "inputs are checked (field + rule) and only the system may read aggregates",
        arguments: [TestDatabase.Engine.sqlite]
    )
    func refusals(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await AggregateRefusals.checkYears(AggregateNeedsReportsRequest.self) { request in
                _ = try await Self.aggregate(database) { $0 = request }
            }
            let needs = NeedsContext(
                database: database,
                reference: try TestRegion.reference(),
                time: FixedTimeSource(date: LocalDate(year: 2025, month: 6, day: 1))
            )
            await AggregateRefusals.checkCallers(
                AggregateNeedsReportsRequest.self,
                inContext: { request, caller in _ = try await needs.queries.aggregateNeedsReports(request, as: caller)
                },
                atGate: { request, caller in
                    _ = try await NeedsServiceActing(needs, as: caller).aggregateNeedsReports(request)
                }
            )
        }
    }
}
