import Foundation
import KSITestSupport
import SQLKit
import Testing

@testable import KSICore

/// A pooled SQLite connection left inside a transaction — a ROLLBACK that could not run after a failure; seen
/// once in CI as "cannot start a transaction within a transaction" on a read — is repaired by the next
/// transaction on it instead of failing every later use (`KSIDatabase.begin`). What the left transaction
/// held was never committed, so it is rolled back.
@Suite("A connection left inside a transaction is repaired (SQLite)", .timeLimit(.minutes(5)))
struct LeftOpenTransactionTests {
    private static func ids(_ sql: any SQLDatabase) async throws -> [String] {
        try await StoreTransaction(sql: sql, context: "needs").list(NeedsReport.self, filter: StorageFilter(year: 2025))
            .items.map(\.id).sorted()
    }

    /// The database's pooled connections, each as an SQLDatabase of its own (the writer, the readers).
    private static func connections(
        _ database: KSIDatabase
    ) throws -> (
        writer: any SQLDatabase, readers: [any SQLDatabase]
    ) {
        guard case .sqlite(let writer, let readers?) = database.backend else {
            throw DomainError.invalidArgument(field: "engine", "the test needs an SQLite file with read connections")
        }
        return (writer.resources[0].sql(), readers.resources.map { $0.sql() })
    }

    @Test("a read whose task is cancelled inside its transaction rolls back and leaves no connection inside it")
    func cancelledReadRollsBack() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (_, readers) = try Self.connections(database)
            let inside = Barrier(count: 2)
            let read = Task {
                try await database.read { sql in
                    _ = try await Self.ids(sql)
                    await inside.arriveAndWait()
                    // Waits until cancelled: the body then throws CancellationError inside the transaction.
                    while true { try await Task.sleep(for: .seconds(1)) }
                }
            }
            await inside.arriveAndWait()
            read.cancel()
            await #expect(throws: CancellationError.self) { try await read.value }
            // Every read connection is outside any transaction: a BEGIN on it starts one (then rolled back).
            for connection in readers {
                try await connection.raw("BEGIN").run()
                try await connection.raw("ROLLBACK").run()
            }
        }
    }

    @Test("every read connection left inside a read transaction serves the next reads, which see new commits")
    func readConnectionsRepaired() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (_, readers) = try Self.connections(database)
            // Leave each read connection inside a read transaction holding a snapshot without any report.
            for connection in readers {
                try await connection.raw("BEGIN").run()
                _ = try await connection.raw("SELECT COUNT(*) FROM ksi_data_version").all()
            }
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs").insert(StoredReports.report("r1"), at: 1_000)
            }
            // As many reads at once as there are read connections, each holding its connection until all have
            // started, so every connection serves one; each sees the commit (the old snapshot was let go).
            let started = Barrier(count: readers.count)
            let seen = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in readers {
                    group.addTask {
                        try await database.read { sql in
                            let ids = try await Self.ids(sql)
                            await started.arriveAndWait()
                            return ids
                        }
                    }
                }
                return try await group.reduce(into: [[String]]()) { $0.append($1) }
            }
            #expect(seen == Array(repeating: ["r1"], count: readers.count))
            #expect(try await database.dataVersion().version >= 1)
        }
    }

    @Test("the writer left inside a write transaction commits the next command, and the left one's rows are gone")
    func writerRepaired() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (writer, _) = try Self.connections(database)
            // An uncommitted write left on the writer: never acknowledged, so it must not survive.
            try await writer.raw("BEGIN IMMEDIATE").run()
            try await StoreTransaction(sql: writer, context: "needs").insert(StoredReports.report("lost"), at: 1_000)
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs").insert(StoredReports.report("kept"), at: 2_000)
            }
            let seen = try await database.read { sql in try await Self.ids(sql) }
            #expect(seen == ["kept"])
        }
    }

    @Test("a ROLLBACK that fails is logged at error level with the database, its context and both errors")
    func failedRollbackIsLogged() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (writer, _) = try Self.connections(database)
            let log = CapturedLog()
            let rollback = TransactionRollback(logger: log.logger(), location: "left-open.sqlite")
            // No transaction is open on the writer, so SQLite refuses the ROLLBACK.
            let failure = await rollback.run(
                on: writer,
                context: "the command that opened a write batch failed",
                cause: DomainError.invalidArgument(field: "amount_ore", "a test failure")
            )
            #expect(failure != nil)
            #expect(log.all.count == 1)
            let record = try #require(log.all.first)
            #expect(record.level == .error)
            #expect(record.message == "ROLLBACK failed")
            #expect(record.metadata["database"] == "left-open.sqlite")
            #expect(record.metadata["context"] == "the command that opened a write batch failed")
            #expect(record.metadata["error"]?.contains("a test failure") == true)
            #expect(record.metadata["rollback_error"]?.isEmpty == false)
            // A ROLLBACK that runs logs nothing and returns no error.
            try await writer.raw("BEGIN IMMEDIATE").run()
            #expect(await rollback.run(on: writer, context: "a read transaction failed") == nil)
            #expect(log.all.count == 1)
        }
    }
}

/// Lets `count` tasks wait until all of them have arrived.
private actor Barrier {
    private let count: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { self.count = count }

    func arriveAndWait() async {
        arrived += 1
        if arrived >= count {
            for continuation in waiting { continuation.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
