import Foundation
import KSITestSupport
import SQLKit
import SQLiteKit
import Testing

@testable import KSICore

/// SQLite's writer connection driven by KSI (`SQLiteWriter`, issue 17): statements inside an open write
/// transaction run on the calling thread, everything else on the thread pool; prepared statements are kept by
/// text; values round-trip exactly; a failed statement leaves the connection usable. On a real file.
@Suite("SQLite writer connection", .timeLimit(.minutes(5)))
struct SQLiteWriterTests {
    /// Opens a writer on a fresh file with one table, runs `body`, closes and removes the file.
    private static func withWriter(_ body: (SQLiteWriter) async throws -> Void) async throws {
        let dir = try RepositoryPaths.temporaryDirectory("sqlite-writer")
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try await SQLiteWriter.open(
            path: dir.appendingPathComponent("w.sqlite").path,
            logger: .init(label: "test")
        )
        do {
            try await writer.sql().raw("PRAGMA journal_mode=WAL").run()
            try await writer.sql().raw(
                "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, weight REAL, data BLOB)"
            )
            .run()
            try await body(writer)
        } catch {
            try await writer.close()
            throw error
        }
        try await writer.close()
    }

    private static func names(_ sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("SELECT name FROM t ORDER BY id").all().map { try $0.decode(column: "name", as: String.self) }
    }

    @Test("only statements inside an open transaction, other than its COMMIT, run on the calling thread")
    func inlineOnlyInsideATransaction() async throws {
        try await Self.withWriter { writer in
            #expect(!writer.runsInline("INSERT INTO t (name) VALUES ('a')"))
            try await writer.sql().raw("BEGIN IMMEDIATE").run()
            #expect(writer.runsInline("INSERT INTO t (name) VALUES ('a')"))
            #expect(writer.runsInline("SAVEPOINT ksi_command"))
            #expect(writer.runsInline("ROLLBACK"))
            for commit in ["COMMIT", "commit", "END", "end transaction", "Commit Transaction"] {
                #expect(!writer.runsInline(commit), "\(commit) waits for the disk")
            }
            // A savepoint of a group commit runs without a task of its own; the COMMIT in one.
            #expect(writer.sql().runsOnCallingThread("SAVEPOINT ksi_command"))
            #expect(!writer.sql().runsOnCallingThread("COMMIT"))
            try await writer.sql().raw("COMMIT").run()
            #expect(!writer.runsInline("INSERT INTO t (name) VALUES ('a')"))
        }
    }

    @Test("integers, reals, text, blobs and NULL come back as they were bound")
    func valuesRoundTrip() async throws {
        try await Self.withWriter { writer in
            let sql = writer.sql()
            let text = "Kristiansand – «spesialpedagogikk» ✓ \u{0}etter null"
            let bytes: [UInt8] = [0, 1, 2, 255, 0, 42]
            try await sql.raw("BEGIN IMMEDIATE").run()
            try await sql.raw(
                "INSERT INTO t (id, name, weight, data) VALUES (\(bind: Int64.max), \(bind: text), \(bind: 0.1), \(bind: Data(bytes)))"
            ).run()
            try await sql.raw("INSERT INTO t (id, name, weight, data) VALUES (\(bind: -7), 'tom', NULL, NULL)").run()
            let inside = try await sql.raw("SELECT id, name, weight, data FROM t ORDER BY id").all()
            try await sql.raw("COMMIT").run()
            let outside = try await sql.raw("SELECT id, name, weight, data FROM t ORDER BY id").all()
            for rows in [inside, outside] {
                #expect(rows.count == 2)
                #expect(try rows[0].decode(column: "id", as: Int64.self) == -7)
                #expect(try rows[0].decodeNil(column: "weight"))
                #expect(try rows[0].decode(column: "data", as: Data?.self) == nil)
                #expect(try rows[1].decode(column: "id", as: Int64.self) == Int64.max)
                #expect(try rows[1].decode(column: "name", as: String.self) == text)
                #expect(try rows[1].decode(column: "weight", as: Double.self) == 0.1)
                #expect(try rows[1].decode(column: "data", as: Data.self) == Data(bytes))
                #expect(rows[1].allColumns == ["id", "name", "weight", "data"])
                #expect(!rows[1].contains(column: "missing"))
                #expect(throws: SQLiteWriterMissingColumn.self) { try rows[1].decode(column: "missing", as: Int.self) }
            }
        }
    }

    @Test("an empty text and an empty blob come back empty, not NULL")
    func emptyValues() async throws {
        try await Self.withWriter { writer in
            let sql = writer.sql()
            try await sql.raw("BEGIN IMMEDIATE").run()
            try await sql.raw("INSERT INTO t (id, name, data) VALUES (1, \(bind: ""), \(bind: Data()))").run()
            let row = try #require(try await sql.raw("SELECT name, data FROM t WHERE id = 1").first())
            try await sql.raw("COMMIT").run()
            #expect(try row.decode(column: "name", as: String.self) == "")
            #expect(try !row.decodeNil(column: "data"))
            #expect(try row.decode(column: "data", as: Data.self) == Data())
        }
    }

    @Test("a result with two columns of one name answers the first, as sqlite-nio's rows do")
    func duplicateColumnNames() async throws {
        try await Self.withWriter { writer in
            let row = try #require(try await writer.sql().raw("SELECT 1 AS x, 2 AS x").first())
            #expect(try row.decode(column: "x", as: Int.self) == 1)
            #expect(row.allColumns == ["x", "x"])
        }
    }

    @Test("a statement that fails inside the transaction leaves the connection and the kept statement usable")
    func failedStatementLeavesTheConnectionUsable() async throws {
        try await Self.withWriter { writer in
            let sql = writer.sql()
            try await sql.raw("BEGIN IMMEDIATE").run()
            try await sql.raw("INSERT INTO t (name) VALUES (\(bind: "a"))").run()
            // The same text again breaks UNIQUE: the error names the constraint, and the statement is reset.
            await #expect {
                try await sql.raw("INSERT INTO t (name) VALUES (\(bind: "a"))").run()
            } throws: { error in
                "\(error)".contains("UNIQUE constraint failed: t.name")
            }
            try await sql.raw("INSERT INTO t (name) VALUES (\(bind: "b"))").run()
            await #expect(throws: SQLiteWriterError.self) { try await sql.raw("INSERT INTO nowhere VALUES (1)").run() }
            try await sql.raw("COMMIT").run()
            #expect(try await Self.names(sql) == ["a", "b"])
            // A rolled-back transaction leaves nothing.
            try await sql.raw("BEGIN IMMEDIATE").run()
            try await sql.raw("INSERT INTO t (name) VALUES (\(bind: "c"))").run()
            try await sql.raw("ROLLBACK").run()
            #expect(try await Self.names(sql) == ["a", "b"])
        }
    }

    @Test(
        "a text that holds no statement is refused with an error, outside and inside a transaction, and nothing else changes"
    )
    func textWithoutStatementIsRefused() async throws {
        try await Self.withWriter { writer in
            let sql = writer.sql()
            let empty = ["", "   ", "\n\t", "-- only a comment", "/* a comment */", ";"]
            for text in empty {
                await #expect(throws: SQLiteWriterError.self, "\(text.debugDescription)") {
                    try await sql.raw(SQLQueryString(text)).run()
                }
            }
            try await sql.raw("BEGIN IMMEDIATE").run()
            try await sql.raw("INSERT INTO t (name) VALUES (\(bind: "a"))").run()
            for text in empty {
                await #expect(throws: SQLiteWriterError.self, "\(text.debugDescription)") {
                    try await sql.raw(SQLQueryString(text)).run()
                }
            }
            try await sql.raw("INSERT INTO t (name) VALUES (\(bind: "b"))").run()
            try await sql.raw("COMMIT").run()
            #expect(try await Self.names(sql) == ["a", "b"])
        }
    }

    @Test("more distinct statements than the cache keeps all run, and the first ones again after the cache restarted")
    func statementCacheBeyondItsLimit() async throws {
        try await Self.withWriter { writer in
            let sql = writer.sql()
            let count = SQLiteWriter.statementCacheLimit + 10
            try await sql.raw("BEGIN IMMEDIATE").run()
            for index in 0..<count {
                // Distinct texts (the literal differs), so each is a statement of its own in the cache.
                try await sql.raw("INSERT INTO t (name) VALUES ('n\(unsafeRaw: String(index))')").run()
            }
            for index in 0..<3 {
                let row = try #require(
                    try await sql.raw("SELECT count(*) AS c FROM t WHERE name = 'n\(unsafeRaw: String(index))'").first()
                )
                #expect(try row.decode(column: "c", as: Int.self) == 1)
            }
            try await sql.raw("COMMIT").run()
            #expect(try await Self.names(sql) == (0..<count).map { "n\($0)" })
        }
    }

    @Test("a closed writer refuses statements with an error instead of touching a closed handle")
    func closedWriterRefuses() async throws {
        let dir = try RepositoryPaths.temporaryDirectory("sqlite-writer-closed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try await SQLiteWriter.open(
            path: dir.appendingPathComponent("w.sqlite").path,
            logger: .init(label: "test")
        )
        try await writer.close()
        try await writer.close()
        #expect(!writer.runsInline("SELECT 1"))
        await #expect(throws: SQLiteWriterError.self) { try await writer.sql().raw("SELECT 1").run() }
    }

    @Test("what the writer commits, a read connection of the same file sees")
    func readersSeeTheWritersCommits() async throws {
        let dir = try RepositoryPaths.temporaryDirectory("sqlite-writer-readers")
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try await KSIDatabase.openSQLite(path: dir.appendingPathComponent("d.sqlite").path)
        try await database.withRunning { database in
            try await database.transaction(movingDataVersion: false) { sql in
                try await sql.raw("CREATE TABLE t (name TEXT NOT NULL)").run()
            }
            try await database.transaction(movingDataVersion: false) { sql in
                for name in ["x", "y"] { try await sql.raw("INSERT INTO t (name) VALUES (\(bind: name))").run() }
            }
            let read = try await database.read { sql in
                try await sql.raw("SELECT name FROM t ORDER BY name").all().map {
                    try $0.decode(column: "name", as: String.self)
                }
            }
            #expect(read == ["x", "y"])
        }
    }
}
