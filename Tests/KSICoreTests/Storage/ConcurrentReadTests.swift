import Foundation
import KSICore
import KSITestSupport
import SQLKit
import Testing

/// Reads run side by side with a write and with each other, each in a snapshot of its own
/// (KSIDatabase.read: SQLite WAL read connections, PostgreSQL REPEATABLE READ READ ONLY).
@Suite("Concurrent reads on both engines", .timeLimit(.minutes(5)))
struct ConcurrentReadTests {
    static let engines = TestDatabase.Engine.allCases

    private static func count(_ sql: any SQLDatabase) async throws -> Int {
        try await StoreTransaction(sql: sql, context: "needs").list(NeedsReport.self, filter: StorageFilter(year: 2025))
            .items.count
    }

    @Test(
        "a read completes while a write transaction is open, and does not see its uncommitted rows",
        arguments: engines
    )
    func readDuringOpenWrite(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let (inserted, insertedSignal) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
            async let write: Void = database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs").insert(StoredReports.report("r1"), at: 1_000)
                insertedSignal.yield()
                for await _ in release { break }
            }
            for await _ in inserted { break }
            // With one connection shared by reads and writes this read would wait for the commit forever.
            let during = try await database.read { sql in try await Self.count(sql) }
            #expect(during == 0)
            releaseSignal.yield()
            try await write
            let after = try await database.read { sql in try await Self.count(sql) }
            #expect(after == 1)
        }
    }

    @Test("every query of one read sees the same snapshot while another write commits", arguments: engines)
    func readIsOneSnapshot(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs").insert(StoredReports.report("r1"), at: 1_000)
            }
            let counts = try await database.read { sql in
                let before = try await Self.count(sql)
                _ = try await database.transaction { write in
                    try await StoreTransaction(sql: write, context: "needs").insert(
                        StoredReports.report("r2"),
                        at: 2_000
                    )
                }
                return [before, try await Self.count(sql)]
            }
            #expect(counts == [1, 1])
            #expect(try await database.read { sql in try await Self.count(sql) } == 2)
        }
    }

    @Test("a write attempted inside a read fails and stores nothing", arguments: engines)
    func readRefusesWrites(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            await #expect(throws: (any Error).self) {
                try await database.read { sql in
                    try await StoreTransaction(sql: sql, context: "needs").insert(StoredReports.report("r1"), at: 1_000)
                }
            }
            let stored = try await database.read { sql in try await Self.count(sql) }
            #expect(stored == 0)
        }
    }

    @Test("many reads at once all answer, with a write between them")
    func manyReadsAtOnce() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs").insert(StoredReports.report("r1"), at: 1_000)
            }
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<64 {
                    if index == 32 {
                        group.addTask {
                            try await database.transaction { sql in
                                try await StoreTransaction(sql: sql, context: "needs").insert(
                                    StoredReports.report("r2"),
                                    at: 2_000
                                )
                            }
                            return -1
                        }
                    }
                    group.addTask { try await database.read { sql in try await Self.count(sql) } }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            let reads = counts.filter { $0 >= 0 }
            #expect(reads.count == 64)
            #expect(reads.allSatisfy { $0 == 1 || $0 == 2 })
            #expect(try await database.read { sql in try await Self.count(sql) } == 2)
        }
    }

    @Test("an in-memory SQLite database reads its own writes (one connection serves both)")
    func inMemoryDatabase() async throws {
        let database = try await KSIDatabase.openSQLite(path: ":memory:")
        try await database.withRunning { database in
            try await CoreSchema.migrate(database)
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs").insert(StoredReports.report("r1"), at: 1_000)
            }
            #expect(try await database.read { sql in try await Self.count(sql) } == 1)
        }
    }

    /// Whether `sql` runs inside a transaction: SQLite refuses a nested `BEGIN`; PostgreSQL reports the
    /// isolation level of the current transaction (`read`'s is REPEATABLE READ, a lone statement's the default).
    private static func insideTransaction(_ sql: any SQLDatabase, _ engine: TestDatabase.Engine) async throws -> Bool {
        switch engine {
        case .sqlite:
            do {
                try await sql.raw("BEGIN").run()
            } catch {
                return true
            }
            try await sql.raw("ROLLBACK").run()
            return false
        case .postgres:
            let row = try await sql.raw("SELECT current_setting('transaction_isolation') AS level").first()
            return try row?.decode(column: "level", as: String.self) == "repeatable read"
        }
    }

    @Test(
        "issue 17 item 2: a one-statement read runs without read's snapshot transaction, yet sees only committed rows while a write is open",
        arguments: engines
    )
    func oneStatementReadHasNoTransaction(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            #expect(try await database.read { sql in try await Self.insideTransaction(sql, engine) })
            #expect(try await database.readStatement { sql in try await Self.insideTransaction(sql, engine) } == false)
            let (inserted, insertedSignal) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
            async let write: Void = database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs").insert(StoredReports.report("r1"), at: 1_000)
                insertedSignal.yield()
                for await _ in release { break }
            }
            for await _ in inserted { break }
            let during = try await database.readStatement { sql in
                try await StoreTransaction(sql: sql, context: "needs").get(NeedsReport.self, id: "r1")
            }
            #expect(during == nil)
            releaseSignal.yield()
            try await write
            let after = try await database.readStatement { sql in
                try await StoreTransaction(sql: sql, context: "needs").get(NeedsReport.self, id: "r1")
            }
            #expect(after?.leadOwnerId == "owner-1")
        }
    }
}
