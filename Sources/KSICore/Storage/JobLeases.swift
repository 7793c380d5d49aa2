import SQLKit

/// What the database knows of one scheduled job (`scheduler_jobs`).
package struct JobState: Sendable, Hashable, Codable {
    package var name: String
    /// When the job is next due, epoch ms.
    package var nextRunAt: Int64
    package var lastRunAt: Int64?
    /// `succeeded` or `failed`; nil before the first run.
    package var lastOutcome: String?
    /// What the last run did, or why it failed.
    package var lastDetail: String?
    package var runs: Int64
    /// The replica that holds the lease, while one does.
    package var leaseOwner: String?
    package var leaseUntil: Int64

    package init(
        name: String,
        nextRunAt: Int64,
        lastRunAt: Int64?,
        lastOutcome: String?,
        lastDetail: String?,
        runs: Int64,
        leaseOwner: String?,
        leaseUntil: Int64
    ) {
        self.name = name
        self.nextRunAt = nextRunAt
        self.lastRunAt = lastRunAt
        self.lastOutcome = lastOutcome
        self.lastDetail = lastDetail
        self.runs = runs
        self.leaseOwner = leaseOwner
        self.leaseUntil = leaseUntil
    }
}

/// The scheduler's leases: one row per job, taken and given back with conditional UPDATEs
/// (compare-and-set on the lease owner and expiry), so among replicas sharing one database exactly
/// one runs a due job. Works the same on SQLite and PostgreSQL (`UPDATE … RETURNING`).
///
/// These writes move no data version: they change no domain data a reader could have cached.
package struct JobLeases: Sendable {
    package let database: KSIDatabase

    package init(database: KSIDatabase) { self.database = database }

    /// Adds the job's row if it has none; a known job keeps its state (restarts resume it).
    package func register(_ name: String, firstRunAt: Int64) async throws {
        try await database.transaction(movingDataVersion: false) { sql in
            try await sql.insert(into: "scheduler_jobs")
                .columns("name", "next_run_at", "runs", "lease_until")
                .values(SQLBind(name), SQLBind(firstRunAt), SQLBind(Int64(0)), SQLBind(Int64(0)))
                .ignoringConflicts(with: ["name"])
                .run()
        }
    }

    /// Takes the lease when the job is due at `now` and nobody holds a live lease; true when taken.
    package func acquire(_ name: String, owner: String, now: Int64, leaseMillis: Int64) async throws -> Bool {
        try await database.transaction(movingDataVersion: false) { sql in
            let rows = try await sql.raw(
                """
                UPDATE scheduler_jobs SET lease_owner = \(bind: owner), lease_until = \(bind: now + leaseMillis)
                WHERE name = \(bind: name) AND next_run_at <= \(bind: now)
                  AND (lease_owner IS NULL OR lease_until <= \(bind: now))
                RETURNING name
                """
            ).all()
            return !rows.isEmpty
        }
    }

    /// Records a run and gives the lease back, if `owner` still holds it; false when the lease was
    /// lost meanwhile (it expired and another replica took the job), and then nothing is recorded.
    package func finish(
        _ name: String,
        owner: String,
        now: Int64,
        outcome: String,
        detail: String,
        nextRunAt: Int64
    ) async throws -> Bool {
        try await database.transaction(movingDataVersion: false) { sql in
            let rows = try await sql.raw(
                """
                UPDATE scheduler_jobs SET last_run_at = \(bind: now), last_outcome = \(bind: outcome),
                  last_detail = \(bind: detail), runs = runs + 1, next_run_at = \(bind: nextRunAt),
                  lease_owner = NULL, lease_until = 0
                WHERE name = \(bind: name) AND lease_owner = \(bind: owner)
                RETURNING name
                """
            ).all()
            return !rows.isEmpty
        }
    }

    /// Every job's state, by name.
    package func list() async throws -> [JobState] {
        try await database.read { sql in
            let rows = try await sql.select().column("*").from("scheduler_jobs").orderBy("name").all()
            return try rows.map { row in
                JobState(
                    name: try row.decode(column: "name", as: String.self),
                    nextRunAt: try row.decode(column: "next_run_at", as: Int64.self),
                    lastRunAt: try row.decode(column: "last_run_at", as: Int64?.self),
                    lastOutcome: try row.decode(column: "last_outcome", as: String?.self),
                    lastDetail: try row.decode(column: "last_detail", as: String?.self),
                    runs: try row.decode(column: "runs", as: Int64.self),
                    leaseOwner: try row.decode(column: "lease_owner", as: String?.self),
                    leaseUntil: try row.decode(column: "lease_until", as: Int64.self)
                )
            }
        }
    }
}
