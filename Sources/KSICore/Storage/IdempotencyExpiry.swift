import SQLKit

/// IDEM-R2 (issue 14): idempotency records expire. A request id is a promise for a retry window, not
/// forever: after `retentionDays` (default 30; `KSI_IDEMPOTENCY_RETENTION_DAYS`) the record is deleted
/// by the services' daily `idempotency-expiry` job and the id may be used again. Within the window a
/// retry replays the first response (IDEM-R1).
///
/// The scheduler's records never expire: they are its "once per entity and deadline" memory (a late
/// report stays late for months, and must not be announced again), one per entity and deadline.
package enum IdempotencyExpiry {
    package static let rule: RuleID = .idempotencyExpiry
    package static let defaultRetentionDays = 30
    /// The longest period the setting accepts (ten years): a bound, so the cutoff cannot overflow.
    package static let maxRetentionDays = 3650

    /// How many records one purge transaction deletes at most: a write transaction holds the one writer, and
    /// on SQLite its statements run on the calling thread (`SQLiteWriter`), so a day's expired records are
    /// deleted in short transactions, not one long one that every write would wait behind.
    package static let purgeChunk = 1000

    /// Deletes the records older than `retentionDays` at `nowMillis`, in transactions of at most `chunk`
    /// records; returns how many.
    @discardableResult
    package static func purge(
        _ database: KSIDatabase,
        retentionDays: Int,
        nowMillis: Int64,
        chunk: Int = purgeChunk
    ) async throws -> Int {
        let days = Int64(min(max(retentionDays, 1), maxRetentionDays))
        let cutoff = nowMillis - days * 86_400_000
        let kept = CommandRunner.idempotencyScope(ScheduledSweep.caller)
        let limit = max(chunk, 1)
        var purged = 0
        while true {
            let deleted = try await database.transaction { sql in
                // Row values with a sub-select: the form both SQLite and PostgreSQL accept.
                try await sql.raw(
                    """
                    DELETE FROM idempotency WHERE (caller_org, request_id) IN (
                      SELECT caller_org, request_id FROM idempotency
                      WHERE created_at < \(bind: cutoff) AND caller_org <> \(bind: kept)
                      ORDER BY created_at LIMIT \(bind: limit)
                    ) RETURNING request_id
                    """
                ).all().count
            }
            purged += deleted
            if deleted < limit { return purged }
        }
    }
}
