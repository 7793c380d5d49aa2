#if PostgreSQL
import PostgresNIO

extension PostgresClient {
    /// Lends a pooled connection to `body`, which runs preferring the connection's event loop
    /// (`EventLoopTaskExecutor`, issue 17): each statement is sent and its answer resumes `body` on that
    /// loop's thread, without a hand-off to Swift's pool and back. `body` is given the executor, so a task it
    /// starts for the same connection can prefer it too.
    func withConnectionOnItsEventLoop<R: Sendable>(
        _ body: (PostgresConnection, any TaskExecutor) async throws -> R
    ) async throws -> R {
        try await withConnection { connection in
            let executor = EventLoopTaskExecutor(connection.eventLoop)
            return try await withTaskExecutorPreference(executor) { try await body(connection, executor) }
        }
    }
}
#endif
