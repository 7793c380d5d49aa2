import Foundation
import KSICore
import KSITestSupport
import SQLKit
import Testing

/// One storage suite, run on SQLite and on a real PostgreSQL server (ARCHITECTURE.md: storage).
@Suite("Storage on both engines")
struct StorageSuiteTests {
    static let engines = TestDatabase.Engine.allCases

    private func report(
        _ id: String,
        status: NeedsReportStatus = .draft,
        owner: String = "owner-1",
        year: Int32 = 2025
    ) -> NeedsReport {
        NeedsReport.with {
            $0.id = id
            $0.leadOwnerId = owner
            $0.governorOfficeId = "agder"
            $0.year = year
            $0.scheme = .ksi
            $0.status = status
            $0.requestedAmountOre = 1_000_000_00
            $0.themes = [.inclusivePractice, .autism]
        }
    }

    @Test("an inserted entity reads back equal, at version 1", arguments: engines)
    func insertAndGet(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let stored = try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs").insert(self.report("r1"), at: 1_000)
            }
            #expect(stored.version == 1)
            let read = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "needs").get(NeedsReport.self, id: "r1")
            }
            #expect(read == stored)
        }
    }

    @Test("an update moves the version up and replaces the indexed columns", arguments: engines)
    func updateMovesVersion(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "needs")
                var report = try await store.insert(self.report("r1"), at: 1_000)
                report.status = .submitted
                let updated = try await store.update(report, at: 2_000)
                #expect(updated.version == 2)
            }
            let submitted = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "needs").list(
                    NeedsReport.self,
                    filter: StorageFilter(status: "submitted")
                )
            }
            #expect(submitted.items.map(\.id) == ["r1"])
            #expect(submitted.items.first?.version == 2)
        }
    }

    @Test("listing filters on indexed columns and pages by id", arguments: engines)
    func listFiltersAndPages(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "needs")
                for index in 0..<7 {
                    try await store.insert(
                        self.report("r\(index)", owner: index.isMultiple(of: 2) ? "even" : "odd"),
                        at: 1_000
                    )
                }
                try await store.insert(self.report("old", year: 2023), at: 1_000)
            }
            let read: @Sendable (StorageFilter, Int, String) async throws -> Page<NeedsReport> = {
                filter,
                size,
                token in
                try await database.read { sql in
                    try await StoreTransaction(sql: sql, context: "needs").list(
                        NeedsReport.self,
                        filter: filter,
                        pageSize: size,
                        pageToken: token
                    )
                }
            }
            let even = try await read(StorageFilter(year: 2025, ownerId: "even"), 0, "")
            #expect(even.items.map(\.id) == ["r0", "r2", "r4", "r6"])
            let first = try await read(StorageFilter(year: 2025), 3, "")
            #expect(first.items.map(\.id) == ["r0", "r1", "r2"])
            let second = try await read(StorageFilter(year: 2025), 3, first.nextPageToken)
            #expect(second.items.map(\.id) == ["r3", "r4", "r5"])
            let last = try await read(StorageFilter(year: 2025), 3, second.nextPageToken)
            #expect(last.items.map(\.id) == ["r6"])
            #expect(last.nextPageToken == "")
        }
    }

    @Test("a transaction that throws leaves nothing behind: no entity, audit record or event", arguments: engines)
    func failedTransactionStoresNothing(engine: TestDatabase.Engine) async throws {
        struct Interrupted: Error {}
        try await TestDatabase.with(engine) { database in
            await #expect(throws: Interrupted.self) {
                try await database.transaction { sql in
                    let store = StoreTransaction(
                        sql: sql,
                        context: "needs",
                        registry: ReferenceRegistry(ReferenceData(ReferenceDataSet()))
                    )
                    try await store.insert(self.report("a"), at: 1_000)
                    try await store.insert(self.report("b"), at: 1_000)
                    try await store.audit(
                        AuditEntry(
                            at: 1_000,
                            actorOrg: "974760673",
                            actorPerson: nil,
                            role: "ownerAdmin",
                            action: "CreateNeedsReport",
                            entityKind: "NeedsReport",
                            entityId: "a",
                            beforeState: nil,
                            afterState: "draft"
                        )
                    )
                    try await store.appendEvent(
                        type: "NeedsReportSubmitted",
                        aggregateId: "a",
                        at: 1_000,
                        payload: NeedsEvent()
                    )
                    throw Interrupted()
                }
            }
            let (reports, trail, events) = try await database.read { sql in
                let store = StoreTransaction(
                    sql: sql,
                    context: "needs",
                    registry: ReferenceRegistry(ReferenceData(ReferenceDataSet()))
                )
                return (
                    try await store.list(NeedsReport.self),
                    try await store.auditTrail(entityKind: "NeedsReport", entityId: "a"),
                    try await store.events(after: 0, limit: 10)
                )
            }
            #expect(reports.items.isEmpty)
            #expect(trail.isEmpty)
            #expect(events.isEmpty)
        }
    }

    @Test("events come back in order after a sequence number, per context", arguments: engines)
    func eventsAreOrderedPerContext(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.transaction { sql in
                let needs = StoreTransaction(
                    sql: sql,
                    context: "needs",
                    registry: ReferenceRegistry(ReferenceData(ReferenceDataSet()))
                )
                let other = StoreTransaction(
                    sql: sql,
                    context: "referral",
                    registry: ReferenceRegistry(ReferenceData(ReferenceDataSet()))
                )
                for index in 0..<5 {
                    try await needs.appendEvent(
                        type: "NeedsReportSubmitted",
                        aggregateId: "r\(index)",
                        at: Int64(index),
                        payload: NeedsEvent.with { $0.needsReportId = "r\(index)" }
                    )
                    try await other.appendEvent(
                        type: "ReferralMilestoneReached",
                        aggregateId: "x\(index)",
                        at: Int64(index),
                        payload: NeedsEvent()
                    )
                }
            }
            let events = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "needs").events(after: 0, limit: 100)
            }
            #expect(events.map(\.aggregateId) == ["r0", "r1", "r2", "r3", "r4"])
            let later = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "needs").events(after: events[2].sequence, limit: 100)
            }
            #expect(later.map(\.aggregateId) == ["r3", "r4"])
            #expect(try NeedsEvent(wireBytes: later[0].payload).needsReportId == "r3")
        }
    }

    @Test("a remembered response is found again by caller and request id only", arguments: engines)
    func idempotencyKeysAreScopedToTheCaller(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs").remember(
                    IdempotencyRecord(
                        method: "CreateNeedsReport",
                        response: [1, 2, 3],
                        payloadDigest: nil,
                        createdAt: 5
                    ),
                    callerOrg: "974760673",
                    requestId: "req-1"
                )
            }
            let (mine, theirs) = try await database.read { sql in
                let store = StoreTransaction(sql: sql, context: "needs")
                return (
                    try await store.idempotencyRecord(callerOrg: "974760673", requestId: "req-1"),
                    try await store.idempotencyRecord(callerOrg: "889640782", requestId: "req-1")
                )
            }
            #expect(mine?.method == "CreateNeedsReport")
            #expect(mine?.response == [1, 2, 3])
            #expect(theirs == nil)
        }
    }

    @Test("migrations run once: a second start applies nothing", arguments: engines)
    func migrationsAreIdempotent(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine, migrate: false) { database in
            let first = try await Migrator.migrate(database, schema: CoreSchema.name, migrations: CoreSchema.migrations)
            let second = try await Migrator.migrate(
                database,
                schema: CoreSchema.name,
                migrations: CoreSchema.migrations
            )
            #expect(first == CoreSchema.migrations.map(\.version))
            #expect(second.isEmpty)
        }
    }
}

@Suite("Relay cursors on both engines")
struct RelayCursorTests {
    @Test("a relay cursor starts at 0, then holds the last saved sequence", arguments: TestDatabase.Engine.allCases)
    func cursorRoundTrip(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let start = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "needs").relayCursor(.allocationToNeeds)
            }
            #expect(start == 0)
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "needs")
                try await store.saveRelayCursor(.allocationToNeeds, sequence: 7, at: 1)
                try await store.saveRelayCursor(.allocationToNeeds, sequence: 9, at: 2)
                try await store.saveRelayCursor(.partnershipsToAllocation, sequence: 3, at: 2)
            }
            let (allocation, partnerships) = try await database.read { sql in
                let store = StoreTransaction(sql: sql, context: "needs")
                return (
                    try await store.relayCursor(.allocationToNeeds),
                    try await store.relayCursor(.partnershipsToAllocation)
                )
            }
            #expect(allocation == 9)
            #expect(partnerships == 3)
        }
    }
}
