import Logging
import NIOCore
import SQLKit
import Synchronization

/// A PostgreSQL write transaction's statements, with the writes whose outcome the command does not read held back
/// and sent together (issue 17).
///
/// A group-committed command on PostgreSQL ran about nine statements one after another, each a network round trip
/// under the advisory lock that serialises writers: the entity's `INSERT` or `UPDATE`, its fact row, the audit
/// record, the idempotency record and the data version's `UPDATE` were five of them, and no later statement of the
/// command reads what they return. Held here (`SQLDatabase.write(_:table:)`), they are sent as one statement of
/// data-modifying common table expressions (`WITH ksi_w0 AS (INSERT …), … UPDATE …`) before the next statement
/// that is not such a write, and at the end of the command: one round trip instead of five.
///
/// What a reader of the command would see is unchanged:
/// - every other statement first sends what is held, so a read sees every earlier write (the statements of one
///   `WITH` see one snapshot, so they never read each other);
/// - at most one held write per table: a second write to a table sends the first before it is held, so an `INSERT`
///   and a later `UPDATE` of the same row, or two upserts of one fact row, run in order;
/// - a held write that fails (a constraint) fails the statement that sends it, inside the same command, whose
///   transaction (or savepoint) is then undone as before; PostgreSQL refuses every later statement of a failed
///   transaction, so nothing after it is stored either.
///
/// SQLite runs the statements of a write transaction on the calling thread (`SQLiteWriter`) and is not wrapped.
final class DeferredWrites: SQLDatabase {
    private struct Held {
        var table: String
        var statement: SQLQueryString
    }

    let base: any SQLDatabase
    private let held = Mutex<[Held]>([])

    init(_ base: any SQLDatabase) {
        self.base = base
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    /// Holds `statement`, a write to `table` whose outcome nobody reads; sends what is held first when it holds a
    /// write to the same table.
    func hold(_ statement: SQLQueryString, table: String) async throws {
        if held.withLock({ $0.contains { $0.table == table } }) { try await flush() }
        held.withLock { $0.append(Held(table: table, statement: statement)) }
    }

    /// Sends what is held, as one statement.
    func flush() async throws {
        let writes = held.withLock { held in
            defer { held = [] }
            return held
        }
        guard let last = writes.last else { return }
        try await base.execute(sql: CommonTableWrites(held: writes.dropLast().map(\.statement), last: last.statement)) {
            _ in
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await flush()
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

/// `WITH ksi_w0 AS (held 0), ksi_w1 AS (held 1), … last`, or `last` alone when nothing else is held: PostgreSQL runs every data-modifying statement of a `WITH`
/// exactly once, whether or not anything reads it, in one snapshot.
private struct CommonTableWrites: SQLExpression {
    let held: [SQLQueryString]
    let last: SQLQueryString

    func serialize(to serializer: inout SQLSerializer) {
        // One write alone is sent as it is.
        for (index, statement) in held.enumerated() {
            serializer.write(index == 0 ? "WITH " : ", ")
            serializer.write("ksi_w\(index) AS (")
            statement.serialize(to: &serializer)
            serializer.write(") ")
        }
        last.serialize(to: &serializer)
    }
}

extension SQLDatabase {
    /// Runs a write to `table` whose outcome the caller does not read (no rows, no count): inside a PostgreSQL write
    /// transaction it is held and sent with the transaction's next statement (`DeferredWrites`); elsewhere it runs
    /// now.
    func write(_ statement: SQLQueryString, table: String) async throws {
        if let deferred = self as? DeferredWrites {
            try await deferred.hold(statement, table: table)
        } else {
            try await raw(statement).run()
        }
    }
}
