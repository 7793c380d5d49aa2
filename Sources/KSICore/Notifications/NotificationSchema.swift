import SQLKit

/// The notification records (issue 13; docs/operations.md "Notifications and e-mail"): one row per
/// (outbox event, recipient organisation), derived from the service's own outbox by `Notifier` and
/// sent by the delivery service. A schema of its own in `ksi_migrations`, run from `CoreSchema.migrate`.
public enum NotificationSchema {
    /// The schema's name in `ksi_migrations`.
    public static let name = "notifications"

    package static let migrations: [Migration] = [
        Migration(version: 1, name: "notification records") { sql in
            try await sql.create(table: "notifications")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("context", type: .text, .notNull)
                .column("event_sequence", type: .bigint, .notNull)
                .column("event_type", type: .text, .notNull)
                .column("kind", type: .text, .notNull)
                .column("recipient_org_id", type: .text, .notNull)
                .column("recipient_org_number", type: .text, .notNull)
                .column("email", type: .text, .notNull)
                .column("subject", type: .text, .notNull)
                .column("body", type: .text, .notNull)
                .column("entity_type", type: .text, .notNull)
                .column("entity_id", type: .text, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .column("status", type: .text, .notNull)
                .column("attempts", type: .bigint, .notNull)
                .column("next_attempt_at", type: .bigint, .notNull)
                .column("last_error", type: .text)
                .column("sent_at", type: .bigint)
                .run()
            // One record per (event, recipient): a replay of the outbox never duplicates one.
            try await sql.create(index: "notifications_per_event_recipient").unique().on("notifications")
                .column("context").column("event_sequence").column("recipient_org_id").run()
            try await sql.create(index: "notifications_due").on("notifications").column("status").column(
                "next_attempt_at"
            ).run()
        }
    ]
}
