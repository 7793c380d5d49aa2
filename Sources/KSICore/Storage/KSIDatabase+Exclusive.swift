import SQLKit
import Synchronization

#if PostgreSQL
import PostgresKit
#endif

/// Work that one process at a time may do on a database (issue 17): an event relay's batch, which several
/// replicas of a service sharing one database would otherwise fetch and apply side by side.
///
/// - PostgreSQL: a session advisory lock, `pg_try_advisory_lock(7213, hashtext(name))` (the two-key space, apart
///   from the write transactions' `pg_advisory_xact_lock(7212)`), held on one pooled connection while `body`
///   runs and released after it. A replica that dies or loses its connection loses the lock with it, so
///   nothing waits for a lease to expire.
/// - SQLite: one process owns the file; replicas in one process (tests) share a lock per file and name.
extension KSIDatabase {
    /// Runs `body` when no other holder runs work of `name` on this database; nil, at once, when one does.
    package func exclusively<R: Sendable>(
        _ name: String,
        _ body: @Sendable () async throws -> R
    ) async throws -> R? {
        switch backend {
        case .sqlite:
            let key = "\(location)\u{0}\(name)"
            guard ExclusiveNames.shared.take(key) else { return nil }
            defer { ExclusiveNames.shared.give(key) }
            return try await body()
        #if PostgreSQL
        case .postgres(let client):
            return try await client.withConnection { connection in
                let sql = connection.sql()
                let row = try await sql.raw("SELECT pg_try_advisory_lock(7213, hashtext(\(bind: name))) AS taken")
                    .first()
                guard try row?.decode(column: "taken", as: Bool.self) == true else { return nil }
                let result: Result<R, any Error>
                do {
                    result = .success(try await body())
                } catch {
                    result = .failure(error)
                }
                // A failed unlock means a broken connection, whose session (and lock) PostgreSQL ends.
                _ = try? await sql.raw("SELECT pg_advisory_unlock(7213, hashtext(\(bind: name)))").run()
                return try result.get()
            }
        #endif
        }
    }
}

/// The names held in this process, for SQLite.
private final class ExclusiveNames: Sendable {
    static let shared = ExclusiveNames()
    private let held = Mutex<Set<String>>([])

    func take(_ key: String) -> Bool { held.withLock { $0.insert(key).inserted } }
    func give(_ key: String) { _ = held.withLock { $0.remove(key) } }
}
