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

    /// Deletes the records older than `retentionDays` at `nowMillis`; returns how many.
    @discardableResult
    package static func purge(_ database: KSIDatabase, retentionDays: Int, nowMillis: Int64) async throws -> Int {
        let days = Int64(min(max(retentionDays, 1), maxRetentionDays))
        let cutoff = nowMillis - days * 86_400_000
        let kept = CommandRunner.idempotencyScope(ScheduledSweep.caller)
        return try await database.transaction { sql in
            let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(
                "idempotency"
            )
            .where("created_at", .lessThan, cutoff).where("caller_org", .notEqual, kept).first()
            let count = try row?.decode(column: "n", as: Int.self) ?? 0
            if count > 0 {
                try await sql.delete(from: "idempotency")
                    .where("created_at", .lessThan, cutoff).where("caller_org", .notEqual, kept).run()
            }
            return count
        }
    }
}
