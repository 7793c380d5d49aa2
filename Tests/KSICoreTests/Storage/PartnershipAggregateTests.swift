import Foundation
import KSICore
import KSITestSupport
import SQLKit
import Testing

/// Issue 17: `AggregatePartnerships` counts the fact rows (`partnership_facts`, `measure_facts`) the shared
/// save path writes with every partnership and measure, on both engines. Known answers from a hand-built set
/// stored through `StoreTransaction` (the path every command takes).
@Suite("Partnership and measure aggregates in SQL on both engines")
struct PartnershipAggregateTests {
    static let engines = TestDatabase.Engine.allCases
    static let gateway = Caller.system("gateway")

    static func noon(_ year: Int32, _ month: Int32, _ day: Int32) -> Int64 {
        OsloCalendar.millis(atNoonOn: LocalDate(year: year, month: month, day: day))
    }

    static func agreement(_ from: Int32?, _ to: Int32?) -> PartnershipAgreement {
        PartnershipAgreement.with {
            if let from { $0.validFrom = LocalDate(year: from, month: 1, day: 1) }
            if let to { $0.validTo = LocalDate(year: to, month: 12, day: 31) }
        }
    }

    static func partnership(
        _ id: String,
        office: String = "agder",
        status: PartnershipStatus,
        activated: Int64 = 0,
        terminated: Int64 = 0,
        expired: Int64 = 0,
        agreement: PartnershipAgreement? = nil,
        previous: [PartnershipAgreement] = [],
        owners: [String]
    ) -> Partnership {
        Partnership.with {
            $0.id = id
            $0.governorOfficeId = office
            $0.scheme = .ksi
            $0.status = status
            $0.activatedAt = activated
            $0.terminatedAt = terminated
            $0.expiredAt = expired
            $0.agreement = agreement
            $0.previousAgreements = previous
            $0.ownerIds = owners
            $0.uhInstitutionIds = ["uh-\(id)"]
        }
    }

    static func measure(
        _ id: String,
        partnership: String,
        status: MeasureStatus,
        start: LocalDate? = nil,
        end: LocalDate? = nil,
        units: [String],
        sectors: [Sector] = [.compulsorySchool]
    ) -> Measure {
        Measure.with {
            $0.id = id
            $0.partnershipId = partnership
            $0.governorOfficeId = "agder"
            $0.scheme = .ksi
            $0.status = status
            $0.startDate = start
            $0.endDate = end
            $0.participatingUnitIds = units
            $0.sectors = sectors
        }
    }

    /// Agder: p1 and p3 activated in 2023 with agreements 2023–2026 (one group unless split by owners), p2
    /// activated 2024, p4 terminated in 2024, p5 a draft, p6 expired in 2026 after two agreements, p8 activated
    /// only in 2027; p7 in Vestland.
    static let partnerships: [Partnership] = [
        partnership(
            "p1",
            status: .active,
            activated: noon(2023, 3, 1),
            agreement: agreement(2023, 2026),
            owners: ["o-b", "o-a"]
        ),
        partnership(
            "p2",
            status: .active,
            activated: noon(2024, 5, 1),
            agreement: agreement(2024, 2027),
            owners: ["o-a"]
        ),
        partnership(
            "p3",
            status: .active,
            activated: noon(2023, 6, 10),
            agreement: agreement(2023, 2026),
            owners: ["o-c"]
        ),
        partnership(
            "p4",
            status: .terminated,
            activated: noon(2021, 1, 5),
            terminated: noon(2024, 2, 1),
            agreement: agreement(2021, 2024),
            owners: ["o-a"]
        ),
        partnership("p5", status: .draft, owners: ["o-a"]),
        partnership(
            "p6",
            status: .expired,
            activated: noon(2020, 2, 2),
            expired: noon(2026, 1, 10),
            agreement: agreement(2023, 2025),
            previous: [agreement(2020, 2022)],
            owners: ["o-b"]
        ),
        partnership("p7", office: "vestland", status: .active, activated: noon(2022, 1, 1), owners: ["o-v"]),
        partnership("p8", status: .active, activated: noon(2027, 1, 4), owners: ["o-a"]),
    ]

    /// m1 and m2 share everything but sectors; m3 has no dates; m4 belongs to the draft p5; m5 ended in 2024;
    /// m6 names a partnership that is not stored.
    static let measures: [Measure] = [
        measure(
            "m1",
            partnership: "p1",
            status: .inProgress,
            start: LocalDate(year: 2024, month: 8, day: 1),
            end: LocalDate(year: 2025, month: 6, day: 30),
            units: ["u2", "u1"]
        ),
        measure(
            "m2",
            partnership: "p1",
            status: .inProgress,
            start: LocalDate(year: 2024, month: 9, day: 1),
            end: LocalDate(year: 2025, month: 12, day: 31),
            units: ["u1", "u2", "u1"],
            sectors: [.kindergarten, .compulsorySchool]
        ),
        measure("m3", partnership: "p3", status: .aborted, units: ["u3"]),
        measure(
            "m4",
            partnership: "p5",
            status: .planned,
            start: LocalDate(year: 2025, month: 1, day: 1),
            end: LocalDate(year: 2025, month: 12, day: 1),
            units: ["u1"]
        ),
        measure(
            "m5",
            partnership: "p1",
            status: .completed,
            start: LocalDate(year: 2023, month: 8, day: 1),
            end: LocalDate(year: 2024, month: 6, day: 1),
            units: ["u4"]
        ),
        measure(
            "m6",
            partnership: "ghost",
            status: .planned,
            start: LocalDate(year: 2025, month: 2, day: 1),
            units: []
        ),
    ]

    static func store(in database: KSIDatabase) async throws {
        try await database.transaction { sql in
            let store = StoreTransaction(sql: sql, context: "partnerships")
            for partnership in Self.partnerships { try await store.insert(partnership, at: 1_000) }
            for measure in Self.measures { try await store.insert(measure, at: 1_000) }
        }
    }

    static func context(_ database: KSIDatabase) throws -> PartnershipContext {
        PartnershipContext(
            database: database,
            reference: try TestRegion.reference(),
            time: FixedTimeSource(date: LocalDate(year: 2025, month: 6, day: 1))
        )
    }

    static func aggregate(
        _ database: KSIDatabase,
        budget: Int = AggregatePage.defaultBudgetBytes,
        _ configure: (inout AggregatePartnershipsRequest) -> Void
    ) async throws -> AggregatePartnershipsResponse {
        var request = AggregatePartnershipsRequest.with {
            $0.fromYear = 2025
            $0.toYear = 2025
        }
        configure(&request)
        let acting = PartnershipServiceActing(try context(database), as: gateway)
        return try await AggregatePaging.read(request, budget: budget) { try await acting.aggregatePartnerships($0) }
    }

    /// Count per partnership group key, for comparing without order.
    static func table(_ groups: [PartnershipGroup]) -> [String: Int64] {
        var table: [String: Int64] = [:]
        for group in groups {
            let spans = group.agreementYears.map { "\($0.fromYear)-\($0.toYear)" }.joined(separator: ",")
            let key =
                "\(group.governorOfficeId)|\(group.status.name)|\(group.activatedYear)|\(group.endedYear)|\(spans)|\(group.ownerIds.joined(separator: "+"))"
            table[key, default: 0] += group.count
        }
        return table
    }

    /// Count per measure group key, for comparing without order.
    static func table(_ groups: [MeasureGroup]) -> [String: Int64] {
        var table: [String: Int64] = [:]
        for group in groups {
            let key =
                "\(group.status.name)|\(group.startYear)|\(group.endYear)|\(group.draftPartnershipId)|\(group.participatingUnitIds.joined(separator: "+"))|\(group.sectors.map(\.name).joined(separator: "+"))"
            table[key, default: 0] += group.count
        }
        return table
    }

    @Test(
        "groups partnerships and measures active in the years, with known counts, in one page or one group per page",
        arguments: engines,
        AggregatePaging.budgets
    )
    func knownAnswers(engine: TestDatabase.Engine, budget: Int) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.store(in: database)
            let agder = try await Self.aggregate(database, budget: budget) { $0.governorOfficeId = "agder" }
            #expect(
                Self.table(agder.partnerships) == [
                    "agder|active|2023|9999|2023-2026|": 2,
                    "agder|active|2024|9999|2024-2027|": 1,
                    "agder|expired|2020|2026|2020-2022,2023-2025|": 1,
                ]
            )
            #expect(
                Self.table(agder.measures) == [
                    "inProgress|2024|2025||u1+u2|": 2,
                    "aborted|0|9999||u3|": 1,
                    "planned|2025|2025|p5|u1|": 1,
                    "planned|2025|9999|||": 1,
                ]
            )
            // The draft the measure groups name, with who may read it (PRIV-R12) and nothing else.
            #expect(agder.draftPartnerships.map(\.id) == ["p5"])
            #expect(agder.draftPartnerships.first?.ownerIds == ["o-a"])
            #expect(agder.draftPartnerships.first?.uhInstitutionIds == ["uh-p5"])
            #expect(agder.draftPartnerships.first?.status == .draft)

            let split = try await Self.aggregate(database, budget: budget) {
                $0.governorOfficeId = "agder"
                $0.byOwners = true
                $0.bySectors = true
            }
            #expect(
                Self.table(split.partnerships) == [
                    "agder|active|2023|9999|2023-2026|o-a+o-b": 1,
                    "agder|active|2023|9999|2023-2026|o-c": 1,
                    "agder|active|2024|9999|2024-2027|o-a": 1,
                    "agder|expired|2020|2026|2020-2022,2023-2025|o-b": 1,
                ]
            )
            #expect(
                Self.table(split.measures) == [
                    "inProgress|2024|2025||u1+u2|compulsorySchool": 1,
                    "inProgress|2024|2025||u1+u2|kindergarten+compulsorySchool": 1,
                    "aborted|0|9999||u3|compulsorySchool": 1,
                    "planned|2025|2025|p5|u1|compulsorySchool": 1,
                    "planned|2025|9999|||compulsorySchool": 1,
                ]
            )

            // 2024: p4 (terminated in 2024) and m5 (ended in 2024) count, m4 and m6 (from 2025) do not.
            let earlier = try await Self.aggregate(database, budget: budget) {
                $0.governorOfficeId = "agder"
                $0.fromYear = 2024
                $0.toYear = 2024
            }
            #expect(
                Self.table(earlier.partnerships) == [
                    "agder|active|2023|9999|2023-2026|": 2,
                    "agder|active|2024|9999|2024-2027|": 1,
                    "agder|terminated|2021|2024|2021-2024|": 1,
                    "agder|expired|2020|2026|2020-2022,2023-2025|": 1,
                ]
            )
            #expect(
                Self.table(earlier.measures) == [
                    "inProgress|2024|2025||u1+u2|": 2,
                    "aborted|0|9999||u3|": 1,
                    "completed|2023|2024||u4|": 1,
                ]
            )
            #expect(earlier.draftPartnerships.isEmpty)

            // National, 2025–2027: Vestland's p7 and p8 (activated 2027) too.
            let national = try await Self.aggregate(database, budget: budget) { $0.toYear = 2027 }
            #expect(national.partnerships.reduce(0) { $0 + $1.count } == 6)
            #expect(national.measures.reduce(0) { $0 + $1.count } == 5)
        }
    }

    @Test(
        "a draft partnership activated later no longer hides its measures; a changed measure moves to its new group",
        arguments: engines
    )
    func updatesMoveTheRows(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.store(in: database)
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "partnerships")
                var draft = try #require(try await store.get(Partnership.self, id: "p5"))
                draft.status = .active
                draft.activatedAt = Self.noon(2025, 3, 3)
                try await store.update(draft, at: 2_000)
                var measure = try #require(try await store.get(Measure.self, id: "m3"))
                measure.status = .completed
                measure.participatingUnitIds = ["u1", "u2"]
                measure.startDate = LocalDate(year: 2024, month: 1, day: 1)
                measure.endDate = LocalDate(year: 2025, month: 1, day: 1)
                try await store.update(measure, at: 2_000)
            }
            let agder = try await Self.aggregate(database) { $0.governorOfficeId = "agder" }
            #expect(
                Self.table(agder.partnerships) == [
                    "agder|active|2023|9999|2023-2026|": 2,
                    "agder|active|2024|9999|2024-2027|": 1,
                    "agder|active|2025|9999||": 1,
                    "agder|expired|2020|2026|2020-2022,2023-2025|": 1,
                ]
            )
            #expect(
                Self.table(agder.measures) == [
                    "inProgress|2024|2025||u1+u2|": 2,
                    "completed|2024|2025||u1+u2|": 1,
                    "planned|2025|2025||u1|": 1,
                    "planned|2025|9999|||": 1,
                ]
            )
            #expect(agder.draftPartnerships.isEmpty)
        }
    }

    @Test(
        "the migrations fill the fact tables from the partnerships and measures stored before them",
        arguments: engines
    )
    func backfill(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine, migrate: false) { database in
            try await Migrator.migrate(database, schema: CoreSchema.name, migrations: CoreSchema.migrations)
            // Stored as before issue 17: the entity rows only.
            try await database.transaction { sql in
                try await Self.insertEntityRows(Self.partnerships, sql: sql)
                try await Self.insertEntityRows(Self.measures, sql: sql)
            }
            try await CoreSchema.migrate(database)
            let agder = try await Self.aggregate(database) { $0.governorOfficeId = "agder" }
            #expect(agder.partnerships.reduce(0) { $0 + $1.count } == 4)
            #expect(
                Self.table(agder.measures) == [
                    "inProgress|2024|2025||u1+u2|": 2,
                    "aborted|0|9999||u3|": 1,
                    "planned|2025|2025|p5|u1|": 1,
                    "planned|2025|9999|||": 1,
                ]
            )
        }
    }

    static func insertEntityRows<E: StoredEntity>(_ entities: [E], sql: any SQLDatabase) async throws {
        for entity in entities {
            let index = entity.storageIndex
            try await sql.insert(into: "entities")
                .columns(
                    "kind",
                    "id",
                    "version",
                    "status",
                    "governor_office_id",
                    "year",
                    "scheme",
                    "parent_id",
                    "created_at",
                    "updated_at",
                    "body"
                )
                .values(
                    SQLBind(E.entityKind),
                    SQLBind(entity.id),
                    SQLBind(Int64(1)),
                    SQLBind(index.status),
                    SQLBind(index.governorOfficeId),
                    SQLBind(index.year.map(Int64.init)),
                    SQLBind(index.scheme.map(Int64.init)),
                    SQLBind(index.parentId),
                    SQLBind(Int64(1)),
                    SQLBind(Int64(1)),
                    SQLBind(Data(try entity.wireEncoded()))
                )
                .run()
        }
    }

    @Test(
        "inputs are checked (field + rule) and only the system may read aggregates",
        arguments: [TestDatabase.Engine.sqlite]
    )
    func refusals(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await AggregateRefusals.checkYears(AggregatePartnershipsRequest.self) { request in
                _ = try await Self.aggregate(database) { $0 = request }
            }
            let context = try Self.context(database)
            await AggregateRefusals.checkCallers(
                AggregatePartnershipsRequest.self,
                inContext: { request, caller in _ = try await context.queries.aggregatePartnerships(request, as: caller)
                },
                atGate: { request, caller in
                    _ = try await PartnershipServiceActing(context, as: caller).aggregatePartnerships(request)
                }
            )
        }
    }
}
