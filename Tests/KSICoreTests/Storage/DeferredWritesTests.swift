import Foundation
import KSITestSupport
import Logging
import NIOCore
import SQLKit
import Synchronization
import Testing

@testable import KSICore

/// A PostgreSQL write transaction holds the writes whose outcome its command does not read and sends them as one
/// statement (`DeferredWrites`, issue 17). What a command reads and what is stored must be exactly as if each write
/// had run at once: on both engines (SQLite runs them at once), with hand-chosen entities and expected values.
@Suite("Writes held and sent together on PostgreSQL", .timeLimit(.minutes(5)))
struct DeferredWritesTests {
    static let engines = TestDatabase.Engine.allCases

    static func report(_ id: String, amount: Int64 = 1_000_00) -> NeedsReport {
        StoredReports.report(id, status: .draft, amount: amount)
    }

    static func audit(_ id: String, _ after: String) -> AuditEntry {
        AuditEntry(
            at: 1_000,
            actorOrg: "974760673",
            actorPerson: nil,
            role: "ownerAdmin",
            action: "Test",
            entityKind: NeedsReport.entityKind,
            entityId: id,
            beforeState: nil,
            afterState: after
        )
    }

    static func count(_ sql: any SQLDatabase, _ table: String) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self)
            ?? 0
    }

    @Test(
        "inside one transaction a read sees every earlier write: an insert, then an update of the same entity, then a second update",
        arguments: engines
    )
    func readsSeeEarlierWrites(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let before = try await database.dataVersion()
            let seen = try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "needs")
                var report = try await store.insert(Self.report("r1"), at: 1_000)
                try await store.audit(Self.audit("r1", "draft"))
                let afterInsert = try await store.get(NeedsReport.self, id: "r1")
                report.requestedAmountOre = 2_000_00
                report = try await store.update(report, at: 2_000)
                report.status = .submitted
                report.requestedAmountOre = 3_000_00
                try await store.update(report, at: 3_000)
                let afterUpdates = try await store.get(NeedsReport.self, id: "r1")
                let audits = try await Self.count(sql, "audit_log")
                let facts = try await sql.raw("SELECT requested_ore, status FROM needs_report_facts WHERE id = 'r1'")
                    .first()
                return (
                    afterInsert?.version, afterUpdates?.version, afterUpdates?.requestedAmountOre, audits,
                    try facts?.decode(column: "requested_ore", as: Int64.self)
                )
            }
            #expect(seen.0 == 1)
            #expect(seen.1 == 3)
            #expect(seen.2 == 3_000_00)
            #expect(seen.3 == 1)
            #expect(seen.4 == 3_000_00)
            // Committed as the command left it, and the data version moved once, for the one transaction.
            let stored = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "needs").get(NeedsReport.self, id: "r1")
            }
            #expect(stored?.version == 3)
            #expect(stored?.status == .submitted)
            #expect(try await database.dataVersion().version == before.version + 1)
            let stamp = try await database.read { sql in
                try await sql.raw("SELECT changed_version FROM entities WHERE id = 'r1'").first()?
                    .decode(column: "changed_version", as: Int64.self)
            }
            #expect(stamp == before.version + 1)
        }
    }

    @Test(
        "a held write that breaks a constraint fails its command with the engine's error; nothing of the command is stored, and the next command commits",
        arguments: engines
    )
    func failingHeldWriteFailsItsCommand(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.transaction { sql in
                _ = try await StoreTransaction(sql: sql, context: "needs").insert(Self.report("taken"), at: 1_000)
            }
            let before = try await database.dataVersion()
            await #expect(throws: (any Error).self) {
                try await database.transaction { sql in
                    let store = StoreTransaction(sql: sql, context: "needs")
                    try await store.audit(Self.audit("taken", "draft"))
                    try await store.insert(Self.report("new"), at: 2_000)
                    // The same id again: the entity's primary key refuses it, now (SQLite) or when sent (PostgreSQL).
                    try await store.insert(Self.report("taken", amount: 9_999_00), at: 2_000)
                }
            }
            let (audits, entities, amount) = try await database.read { sql in
                (
                    try await Self.count(sql, "audit_log"), try await Self.count(sql, "entities"),
                    try await sql.raw("SELECT requested_ore FROM needs_report_facts WHERE id = 'taken'").first()?
                        .decode(column: "requested_ore", as: Int64.self)
                )
            }
            #expect(audits == 0)
            #expect(entities == 1)
            #expect(amount == 1_000_00)
            #expect(try await database.dataVersion() == before)
            try await database.transaction { sql in
                _ = try await StoreTransaction(sql: sql, context: "needs").insert(Self.report("next"), at: 3_000)
            }
            let afterNext = try await database.read { sql in try await Self.count(sql, "entities") }
            #expect(afterNext == 2)
        }
    }

    /// Counts the statements sent to the connection and keeps their text.
    final class CountingSQL: SQLDatabase {
        let base: any SQLDatabase
        let sent = Mutex<[String]>([])

        init(_ base: any SQLDatabase) { self.base = base }

        var logger: Logger { base.logger }
        var eventLoop: any EventLoop { base.eventLoop }
        var dialect: any SQLDialect { base.dialect }

        func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
            let text = base.serialize(query).sql
            sent.withLock { $0.append(text) }
            try await base.execute(sql: query, onRow)
        }

        func execute(
            sql query: any SQLExpression,
            _ onRow: @escaping @Sendable (any SQLRow) -> Void
        ) -> EventLoopFuture<Void> {
            eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
        }

        func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
            try await closure(self)
        }
    }

    @Test("on PostgreSQL a command's entity, fact row, audit record and version move reach the server as one statement")
    func oneStatementForTheHeldWrites() async throws {
        try await TestDatabase.with(.postgres) { database in
            let sent = try await database.transaction(movingDataVersion: false) { sql in
                // The transaction's own wrapper sits over the connection; a second one over a counter shows what
                // reaches the connection.
                let connection = try #require(sql as? DeferredWrites).base
                let counting = CountingSQL(connection)
                let writes = DeferredWrites(counting)
                let store = StoreTransaction(sql: writes, context: "needs")
                try await store.insert(Self.report("r1"), at: 1_000)
                try await store.audit(Self.audit("r1", "draft"))
                try await KSIDatabase.moveDataVersion(writes)
                #expect(counting.sent.withLock { $0.count } == 0)
                let read = try await store.get(NeedsReport.self, id: "r1")
                #expect(read?.version == 1)
                try await writes.flush()
                return counting.sent.withLock { $0 }
            }
            // The four writes in one statement, then the read; nothing left to send at the end.
            #expect(sent.count == 2)
            #expect(sent.first?.hasPrefix("WITH ksi_w0 AS (INSERT INTO entities") == true)
            #expect(sent.first?.contains("UPDATE ksi_data_version") == true)
            #expect(sent.last?.contains("SELECT") == true)
            let counts = try await database.read { sql in
                [
                    try await Self.count(sql, "entities"), try await Self.count(sql, "needs_report_facts"),
                    try await Self.count(sql, "audit_log"),
                ]
            }
            #expect(counts == [1, 1, 1])
        }
    }
}
