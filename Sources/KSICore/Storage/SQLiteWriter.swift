import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteKit
// sqlite-nio's vendored SQLite (symbols prefixed `sqlite_nio_`). The writer must use the same copy of the
// library as the read connections: two copies of SQLite in one process do not see each other's POSIX locks
// on the same file, which can corrupt it.
import VaporCSQLite

/// SQLite's one writer connection, opened on sqlite-nio's vendored library but driven by KSI (issue 17,
/// group commit).
///
/// sqlite-nio runs every statement as a round trip to its thread pool and back; a write command runs about
/// ten statements one after another on the one writer, so a batch's serial path was ten thread hand-offs per
/// command while the CPU stood half idle. Here a statement inside an open write transaction runs on the
/// calling thread: the transaction already holds SQLite's write lock (`BEGIN IMMEDIATE`), so such a
/// statement waits neither for a lock nor for the disk (WAL writes without fsync until the commit) and takes
/// microseconds. What can wait — `BEGIN` (the lock, up to `busy_timeout`), `COMMIT` (the fsync, a WAL
/// checkpoint), and everything outside a transaction — runs on NIO's blocking thread pool as before.
///
/// Prepared statements are kept by SQL text (at most `statementCacheLimit`), so a command's statements are
/// compiled once per process, not once per call.
///
/// Thread-safety: one statement at a time under `lock`; the connection is opened in SQLite's serialized mode
/// too. The database hands the writer to one transaction at a time (`AsyncPool` of one, `CommitQueue`).
final class SQLiteWriter: @unchecked Sendable {
    // @unchecked: `handle`, `statements` and `closed` are only touched under `lock`.
    private let handle: OpaquePointer
    private let lock = NSLock()
    private var statements: [String: OpaquePointer] = [:]
    private var closed = false
    let logger: Logger

    /// How many prepared statements are kept; beyond that the cache starts again (statements whose text
    /// varies, such as `IN` lists of different lengths, would otherwise grow it without bound).
    static let statementCacheLimit = 256

    /// How long `BEGIN IMMEDIATE` waits for another process's write lock (set when the writer opens).
    static let busyTimeoutMilliseconds: Int32 = 5000

    private init(handle: OpaquePointer, logger: Logger) {
        self.handle = handle
        self.logger = logger
    }

    deinit {
        if !closed { closeHandle() }
    }

    /// Opens (creating if needed) the database file for writing, on the thread pool.
    static func open(path: String, logger: Logger) async throws -> SQLiteWriter {
        try await NIOThreadPool.singleton.runIfActive {
            initializeLibrary
            var handle: OpaquePointer?
            let flags =
                SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI
                | SQLITE_OPEN_EXRESCODE
            let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
            guard opened == SQLITE_OK, let handle else {
                let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
                if let handle { sqlite_nio_sqlite3_close_v2(handle) }
                throw SQLiteWriterError(code: opened, message: "cannot open \(path): \(message)")
            }
            sqlite_nio_sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
            return SQLiteWriter(handle: handle, logger: logger)
        }
    }

    /// `sqlite3_initialize` once, before the first open (sqlite-nio does the same for its connections; it is
    /// idempotent, and the lazy global makes the first call race-free).
    private static let initializeLibrary: Void = {
        _ = sqlite_nio_sqlite3_initialize()
    }()

    /// Whether `sql` may run on the calling thread: inside an open transaction, and not the statement that
    /// commits it.
    func runsInline(_ sql: String) -> Bool {
        let inTransaction = lock.withLock { !closed && sqlite_nio_sqlite3_get_autocommit(handle) == 0 }
        return inTransaction && !Self.endsTransaction(sql)
    }

    /// `COMMIT` or `END` (SQLite's synonym): the statement that writes the transaction to disk.
    static func endsTransaction(_ sql: String) -> Bool {
        let head = sql.utf8.prefix(6).map { $0 | 0x20 }
        return head.starts(with: Array("commit".utf8)) || head.starts(with: Array("end".utf8))
    }

    /// Runs one statement with its binds on the calling thread; `onRow` gets each row.
    func run(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteWriterRow) -> Void) throws {
        try lock.withLock {
            guard !closed else { throw SQLiteWriterError(code: SQLITE_MISUSE, message: "the writer is closed") }
            let statement = try prepared(sql)
            defer {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            }
            try bind(binds, to: statement)
            var columns: SQLiteWriterRow.Columns?
            while true {
                let step = sqlite_nio_sqlite3_step(statement)
                if step == SQLITE_DONE { return }
                guard step == SQLITE_ROW else { throw error(step) }
                let names = columns ?? SQLiteWriterRow.Columns(statement)
                columns = names
                onRow(SQLiteWriterRow(columns: names, values: try Self.values(of: statement, count: names.count)))
            }
        }
    }

    /// Runs one statement on NIO's blocking thread pool (for statements that may wait for a lock or the disk).
    func runOffloaded(
        _ sql: String,
        _ binds: [SQLiteData],
        _ onRow: @escaping @Sendable (SQLiteWriterRow) -> Void
    )
        async throws
    {
        try await NIOThreadPool.singleton.runIfActive { try self.run(sql, binds, onRow) }
    }

    /// Finalizes the kept statements and closes the connection, on the thread pool (closing checkpoints the
    /// WAL). The future-based submission runs even when the calling task is cancelled (a service group shutting
    /// down), where the async one would throw first and leave the file open.
    func close() async throws {
        let closing = NIOThreadPool.singleton.runIfActive(eventLoop: MultiThreadedEventLoopGroup.singleton.any()) {
            self.lock.withLock {
                guard !self.closed else { return }
                self.closeHandle()
                self.closed = true
            }
        }
        try await closing.get()
    }

    // MARK: Statements

    private func closeHandle() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
        sqlite_nio_sqlite3_close_v2(handle)
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.statementCacheLimit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements = [:]
        }
        var statement: OpaquePointer?
        let prepared = sqlite_nio_sqlite3_prepare_v3(
            handle,
            sql,
            -1,
            UInt32(SQLITE_PREPARE_PERSISTENT),
            &statement,
            nil
        )
        guard prepared == SQLITE_OK else { throw error(prepared) }
        // An empty text (only a comment or whitespace) prepares to no statement.
        guard let statement else { throw SQLiteWriterError(code: SQLITE_MISUSE, message: "no statement in the text") }
        statements[sql] = statement
        return statement
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let bound: Int32
            switch value {
            case .integer(let integer):
                bound = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
            case .float(let double):
                bound = sqlite_nio_sqlite3_bind_double(statement, index, double)
            case .text(let text):
                bound = sqlite_nio_sqlite3_bind_text64(
                    statement,
                    index,
                    text,
                    UInt64(text.utf8.count),
                    transient,
                    UInt8(SQLITE_UTF8)
                )
            case .blob(let buffer):
                bound = buffer.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient)
                }
            case .null:
                bound = sqlite_nio_sqlite3_bind_null(statement, index)
            }
            guard bound == SQLITE_OK else { throw error(bound) }
        }
    }

    private static func values(of statement: OpaquePointer, count: Int) throws -> [SQLiteData] {
        var values: [SQLiteData] = []
        values.reserveCapacity(count)
        for column in 0..<Int32(count) {
            switch sqlite_nio_sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER:
                values.append(.integer(Int(sqlite_nio_sqlite3_column_int64(statement, column))))
            case SQLITE_FLOAT:
                values.append(.float(sqlite_nio_sqlite3_column_double(statement, column)))
            case SQLITE_TEXT:
                guard let text = sqlite_nio_sqlite3_column_text(statement, column) else {
                    throw SQLiteWriterError(code: SQLITE_NOMEM, message: "no text for column \(column)")
                }
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                values.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self)))
            case SQLITE_BLOB:
                // The pointer first, then its length (SQLite's recommended order).
                let bytes = sqlite_nio_sqlite3_column_blob(statement, column)
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                var buffer = ByteBufferAllocator().buffer(capacity: length)
                if let bytes { buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length)) }
                values.append(.blob(buffer))
            default:
                values.append(.null)
            }
        }
        return values
    }

    private func error(_ code: Int32) -> SQLiteWriterError {
        SQLiteWriterError(code: code, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }
}

/// SQLite's destructor constant telling it to copy a bound text or blob.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A failed SQLite call on the writer: SQLite's (extended) result code and its message.
struct SQLiteWriterError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }
}
