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
    @discardableResult
    func run(on sql: any SQLDatabase, context: String, cause: (any Error)? = nil) async -> (any Error)? {
        do {
            try await sql.raw("ROLLBACK").run()
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
