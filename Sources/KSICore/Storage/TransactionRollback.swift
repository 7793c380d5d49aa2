import Logging
import SQLKit

/// The one way a database rolls a transaction back after a failure (`KSIDatabase`, `CommitQueue`): a ROLLBACK
/// that fails itself is logged, never swallowed, because the connection may then still be inside the
/// transaction (`KSIDatabase.begin` repairs an SQLite connection left so on its next use).
struct TransactionRollback: Sendable {
    let logger: Logger
    /// The database's description for logs (`KSIDatabase.location`).
    let location: String

    /// Runs `ROLLBACK` on `sql`. When it fails, logs at error level the database, `context` (why the
    /// transaction is rolled back), the error that caused it (`cause`, when there is one) and the ROLLBACK's
    /// own error, and returns that error; nil when the ROLLBACK ran.
    ///
    /// The ROLLBACK runs in a task of its own: when the caller's task was cancelled (a client gone, a view's
    /// reader stopped), the driver refuses every statement of the cancelled task with `CancellationError`, and
    /// a ROLLBACK run there would leave the pooled connection inside the transaction.
    @discardableResult
    func run(on sql: any SQLDatabase, context: String, cause: (any Error)? = nil) async -> (any Error)? {
        do {
            try await sql.runUncancelled("ROLLBACK")
            return nil
        } catch {
            var metadata: Logger.Metadata = [
                "database": "\(location)", "context": "\(context)", "rollback_error": "\(error)",
            ]
            if let cause { metadata["error"] = "\(cause)" }
            logger.error("ROLLBACK failed", metadata: metadata)
            return error
        }
    }
}

extension SQLDatabase {
    /// Runs a statement of a transaction's own bookkeeping (`COMMIT`, `ROLLBACK`, a savepoint) in a task of its
    /// own. The drivers refuse every statement of a cancelled task with `CancellationError`; run there, a
    /// ROLLBACK would leave the pooled connection inside the transaction, and a group commit's COMMIT or a
    /// member's savepoint would fail the whole batch for callers that were not cancelled.
    ///
    /// A statement SQLite's writer runs on the calling thread (`SQLiteWriter.runsInline`) never looks at
    /// cancellation, so it runs here directly: a task for each savepoint was two thread hand-offs per command
    /// on a group commit's serial path.
    func runUncancelled(_ statement: String) async throws {
        if runsOnCallingThread(statement) {
            try await raw(SQLQueryString(statement)).run()
        } else {
            try await Task { try await self.raw(SQLQueryString(statement)).run() }.value
        }
    }
}
