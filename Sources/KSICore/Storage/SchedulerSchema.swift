import SQLKit

/// The scheduler's own table (issue 13): one row per scheduled job with its lease and its last run.
/// A schema of its own in `ksi_migrations`, run from `CoreSchema.migrate`.
package enum SchedulerSchema {
    package static let name = "scheduler"

    package static let migrations: [Migration] = [
        Migration(version: 1, name: "scheduled jobs with leases") { sql in
            // lease_owner/lease_until: who runs the job now, and until when the lease holds; a replica
            // that crashed mid-run leaves a lease that expires, after which another replica takes the job.
            try await sql.create(table: "scheduler_jobs")
                .column("name", type: .text, .primaryKey(autoIncrement: false))
                .column("next_run_at", type: .bigint, .notNull)
                .column("last_run_at", type: .bigint)
                .column("last_outcome", type: .text)
                .column("last_detail", type: .text)
                .column("runs", type: .bigint, .notNull)
                .column("lease_owner", type: .text)
                .column("lease_until", type: .bigint, .notNull)
                .run()
        }
    ]
}
