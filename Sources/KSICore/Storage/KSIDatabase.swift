import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit

#if PostgreSQL
import PostgresKit
#endif

/// A service's database: SQLite (a file, WAL) or PostgreSQL (a URL), behind one SQLKit code path.
///
/// PostgreSQL is there when the package trait `PostgreSQL` is on (the default); a build with
/// `traits: []` has SQLite only, and `postgres(url:)` throws ``postgresNotBuilt`` (issue 16).
///
/// Write transactions are serialised per database: SQLite has one writer anyway, and on PostgreSQL a
/// transaction-scoped advisory lock keeps event sequence numbers in commit order, so a consumer that
/// polls "events after N" never skips one (see docs/storage.md). Concurrent write transactions are
/// group-committed (`CommitQueue`, issue 17): they share one engine transaction, each in a savepoint of
/// its own, and one COMMIT. Reads run side by side: on SQLite each on one of a few WAL read connections,
/// in a snapshot of its own; on PostgreSQL on the pool.
public final class KSIDatabase: Sendable {
    /// Which engine is behind the database.
    public enum Engine: String, Sendable {
        /// SQLite (a file or in memory).
        case sqlite
        /// PostgreSQL (the `PostgreSQL` trait).
        case postgres
    }

    enum Backend: Sendable {
        /// The writer (a pool of one) and the read connections; for an in-memory database, which a
        /// second connection could not see, the writer serves the reads too.
        case sqlite(writer: AsyncPool<SQLiteWriter>, readers: AsyncPool<SQLiteConnection>?)
        #if PostgreSQL
        case postgres(PostgresClient)
        #endif
    }

    let backend: Backend
    let logger: Logger
    /// A short description for logs: the file path or host/database, never a password.
    public let location: String
    /// Where write transactions wait to share a commit.
    let commits: CommitQueue

    /// Which engine is behind the database.
    public var engine: Engine {
        switch backend {
        case .sqlite: .sqlite
        #if PostgreSQL
        case .postgres: .postgres
        #endif
        }
    }

    init(backend: Backend, location: String, logger: Logger) {
        self.backend = backend
        self.location = location
        self.logger = logger
        self.commits = CommitQueue(
            limits: CommitQueue.processDefault,
            writer: { use in try await Self.withWriter(backend, use) },
            begin: { sql in try await Self.beginWrite(backend, sql, logger: logger, location: location) },
            rollback: TransactionRollback(logger: logger, location: location)
        )
    }

    /// How many read connections an SQLite database opens by default.
    public static let defaultSQLiteReadConnections = 4

    /// Opens (creating if needed) an SQLite database file in WAL mode, with one writer connection and
    /// `readConnections` read-only ones (`:memory:` gets the writer only).
    public static func openSQLite(
        path: String,
        readConnections: Int = defaultSQLiteReadConnections,
        logger: Logger = Logger(label: "ksi.storage")
    ) async throws -> KSIDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let writer = try await SQLiteWriter.open(path: path, logger: logger)
        let sql = writer.sql()
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await sql.raw("PRAGMA synchronous=FULL").run()
        try await sql.raw("PRAGMA foreign_keys=ON").run()
        // A group commit's savepoints journal the pages they change so `ROLLBACK TO` can undo them; in memory
        // that is no write to a temporary file per command (the journal is as large as one command's pages).
        try await sql.raw("PRAGMA temp_store=MEMORY").run()
        var readers: [SQLiteConnection] = []
        if path != ":memory:" && !path.isEmpty {
            for _ in 0..<max(0, readConnections) {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                // query_only: a read that tries to write fails instead of bypassing the writer's lock.
                try await reader.sql().raw("PRAGMA query_only=ON").run()
                try await reader.sql().raw("PRAGMA busy_timeout=5000").run()
                readers.append(reader)
            }
        }
        return KSIDatabase(
            backend: .sqlite(writer: AsyncPool([writer]), readers: readers.isEmpty ? nil : AsyncPool(readers)),
            location: path,
            logger: logger
        )
    }

    /// A PostgreSQL database from a URL (`postgres://user:pass@host:port/db?sslmode=disable`).
    ///
    /// The connection pool works only while `run()` runs (a lifecycle service, or `withPostgres`).
    /// Without the `PostgreSQL` package trait it throws ``postgresNotBuilt``.
    public static func postgres(url: String, logger: Logger = Logger(label: "ksi.storage")) throws -> KSIDatabase {
        #if PostgreSQL
        let configuration = try PostgresURL(url).clientConfiguration()
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return KSIDatabase(backend: .postgres(client), location: PostgresURL.redacted(url), logger: logger)
        #else
        throw postgresNotBuilt
        #endif
    }

    /// Whether this build has the PostgreSQL engine (the package trait `PostgreSQL`, on by default).
    public static var hasPostgreSQL: Bool {
        #if PostgreSQL
        true
        #else
        false
        #endif
    }

    /// The error of a PostgreSQL URL in a build without the `PostgreSQL` trait: the field and why.
    public static let postgresNotBuilt = DomainError.invalidArgument(
        field: "postgres_url",
        "this build of KSICore has no PostgreSQL engine (package trait PostgreSQL is off); use an SQLite file"
    )

    /// Runs what the engine needs in the background (PostgreSQL's pool) until cancelled.
    public func run() async {
        switch backend {
        case .sqlite:
            // Nothing runs in the background; wait to be cancelled so the database lives as long as its group.
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(3600))
            }
        #if PostgreSQL
        case .postgres(let client):
            await client.run()
        #endif
        }
    }

    /// Closes an SQLite connection (PostgreSQL closes when `run()` is cancelled).
    public func close() async throws {
        if case .sqlite(let writer, let readers) = backend {
            // The future-based close runs on the thread pool even when this task is cancelled (a
            // service group shutting down); the async overload may throw first and leave it open.
            // The connections are taken from their pools first, so no query is running on them.
            for connection in await readers?.takeAll() ?? [] {
                let closed: EventLoopFuture<Void> = connection.close()
                try await closed.get()
            }
            for connection in await writer.takeAll() {
                try await connection.close()
            }
        }
    }

    /// Runs `body` in one transaction: all of it is stored, or none of it. The transaction also moves
    /// the data version on (`dataVersion()`), so a reader that cached what it read sees the change.
    package func transaction<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await transaction(movingDataVersion: true, body)
    }

    /// The transaction, with or without moving the data version (the migrator runs before its table exists).
    ///
    /// Group commit (issue 17): `body` runs in a savepoint of a transaction it may share with other
    /// callers waiting at the same moment (`CommitQueue`); it is undone alone when it throws, and this
    /// returns only after the shared COMMIT. Each caller still moves the data version by one.
    func transaction<R: Sendable>(
        movingDataVersion: Bool,
        _ body: @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        let holdsWrites = engine == .postgres
        return try await commits.perform { sql in
            // PostgreSQL: the writes nobody reads go to the server together (`DeferredWrites`); what is still held
            // when the work ends is sent before its savepoint is released or the transaction commits.
            let writes: any SQLDatabase = holdsWrites ? DeferredWrites(sql) : sql
            let result = try await body(writes)
            if movingDataVersion { try await Self.moveDataVersion(writes) }
            if let deferred = writes as? DeferredWrites { try await deferred.flush() }
            return result
        }
    }

    /// How many group-committed transactions this database committed and how many write transactions
    /// (commands) they held.
    package var commitStatistics: (transactions: Int, commands: Int) {
        let committed = commits.committed
        return (committed.transactions, committed.commands)
    }

    /// How many write transactions wait for the writer now (for tests).
    package var writersWaiting: Int { commits.waitingCount }

    /// The bounds of a group-committed batch: at most `maxCommands` write transactions, admitted for at
    /// most `maxAdmission` after the batch began (`CommitQueue.Limits.standard` unless set).
    package var commitLimits: CommitQueue.Limits {
        get { commits.limits }
        set { commits.limits = newValue }
    }

    /// The batch bounds of every database opened later in this process (benchmarks compare a batch of one,
    /// each write committing alone, with the standard bounds).
    package static var defaultCommitLimits: CommitQueue.Limits {
        get { CommitQueue.processDefault }
        set { CommitQueue.processDefault = newValue }
    }

    /// Lends the writer connection: SQLite's single writer, or a pooled PostgreSQL connection.
    private static func withWriter(
        _ backend: Backend,
        _ use: @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        switch backend {
        case .sqlite(let writer, _):
            try await writer.withResource { connection in try await use(connection.sql()) }
        #if PostgreSQL
        case .postgres(let client):
            try await client.withConnection { connection in try await use(connection.sql()) }
        #endif
        }
    }

    /// Begins a write transaction: SQLite takes the write lock at once (`BEGIN IMMEDIATE`); PostgreSQL
    /// takes the advisory lock that serialises writers, so event sequence numbers commit in order.
    private static func beginWrite(
        _ backend: Backend,
        _ sql: any SQLDatabase,
        logger: Logger,
        location: String
    ) async throws {
        switch backend {
        case .sqlite:
            try await begin(sql, "BEGIN IMMEDIATE", logger: logger, location: location)
        #if PostgreSQL
        case .postgres:
            try await sql.raw("BEGIN").run()
            try await sql.raw("SELECT pg_advisory_xact_lock(7212)").run()
        #endif
        }
    }

    /// Runs read-only queries in one read-only transaction, so every query of `body` sees the same
    /// snapshot whatever commits meanwhile (SQLite: a WAL read transaction on a read connection;
    /// PostgreSQL: REPEATABLE READ). A write inside fails.
    package func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch backend {
        case .sqlite(let writer, nil):
            return try await writer.withResource { connection in try await body(connection.sql()) }
        case .sqlite(_, let readers?):
            return try await readers.withResource { connection in
                try await self.inTransaction(connection.sql(), begin: "BEGIN", body)
            }
        #if PostgreSQL
        case .postgres(let client):
            return try await client.withConnection { connection in
                try await self.inTransaction(
                    connection.sql(),
                    begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                    body
                )
            }
        #endif
        }
    }

    /// Runs ONE read-only statement without `read`'s snapshot transaction (issue 17 item 2): a single
    /// statement is consistent on its own (SQLite's implicit read transaction, PostgreSQL's autocommit
    /// statement), so `BEGIN` and `COMMIT` would only add two round trips. Use it only through callers that
    /// run exactly one statement (`StoreTransaction.require` in `CommandRunner.readEntity`); two queries that
    /// must agree belong in `read`.
    package func readStatement<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch backend {
        case .sqlite(let writer, nil):
            return try await writer.withResource { connection in try await body(connection.sql()) }
        case .sqlite(_, let readers?):
            return try await readers.withResource { connection in try await body(connection.sql()) }
        #if PostgreSQL
        case .postgres(let client):
            return try await client.withConnection { connection in try await body(connection.sql()) }
        #endif
        }
    }

    /// `begin`, then `body`, then `COMMIT`; `ROLLBACK` and rethrow when anything fails.
    private func inTransaction<R: Sendable>(
        _ sql: any SQLDatabase,
        begin: String,
        _ body: @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        try await Self.begin(sql, begin, logger: logger, location: location)
        do {
            let result = try await body(sql)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            await TransactionRollback(logger: logger, location: location)
                .run(on: sql, context: "a read transaction failed", cause: error)
            throw error
        }
    }

    /// Runs `statement` (a BEGIN). An SQLite connection found still inside a transaction — a ROLLBACK that
    /// could not run after an earlier failure left it so (seen once in CI as "cannot start a transaction
    /// within a transaction") — is rolled back first: what that transaction held was never committed, so no
    /// caller was told it was stored, and without this every later use of the connection would fail.
    /// (PostgreSQL answers such a BEGIN with a warning, not an error; its pool closes a broken connection.)
    private static func begin(
        _ sql: any SQLDatabase,
        _ statement: String,
        logger: Logger,
        location: String
    ) async throws {
        do {
            try await sql.raw(SQLQueryString(statement)).run()
        } catch  where isStillInTransaction(error) {
            logger.error(
                "a connection was still inside a transaction; rolling it back before this one",
                metadata: ["database": "\(location)"]
            )
            let rollback = TransactionRollback(logger: logger, location: location)
            if let failure = await rollback.run(on: sql, context: "a connection was left inside a transaction") {
                throw failure
            }
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    /// SQLite's answer to a BEGIN on a connection already inside a transaction (a read connection's
    /// sqlite-nio error, or the writer's own).
    private static func isStillInTransaction(_ error: any Error) -> Bool {
        switch error {
        case let error as SQLiteError: error.message.contains("within a transaction")
        case let error as SQLiteWriterError: error.message.contains("within a transaction")
        default: false
        }
    }

    /// Runs statements that may not run inside a transaction (`CREATE DATABASE`, `DROP DATABASE`),
    /// each committing on its own; for administration and test set-up, never for domain data.
    package func outsideTransaction<R: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        switch backend {
        case .sqlite(let writer, _):
            return try await writer.withResource { connection in try await body(connection.sql()) }
        #if PostgreSQL
        case .postgres(let client):
            return try await client.withConnection { connection in try await body(connection.sql()) }
        #endif
        }
    }
}

extension KSIDatabase {
    /// Opens a database for the scope of `body` and runs its background work meanwhile; for tests
    /// and for embedders that want no lifecycle of their own.
    public func withRunning<R: Sendable>(_ body: @Sendable (KSIDatabase) async throws -> R) async throws -> R {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.run() }
            do {
                let result = try await body(self)
                group.cancelAll()
                try await close()
                return result
            } catch {
                group.cancelAll()
                try? await close()
                throw error
            }
        }
    }
}
