import Foundation
import SQLKit

/// The tables every bounded context stores into: entities, audit log, event outbox, idempotency
/// keys and the child-data access log. One code path serves SQLite and PostgreSQL.
public enum CoreSchema {
    package static let name = "core"

    package static let migrations: [Migration] = [
        Migration(version: 1, name: "entities, audit, events, idempotency, access log") { sql in
            try await sql.create(table: "entities")
                .column("kind", type: .text, .notNull)
                .column("id", type: .text, .notNull)
                .column("version", type: .bigint, .notNull)
                .column("status", type: .text)
                .column("governor_office_id", type: .text)
                .column("year", type: .bigint)
                .column("scheme", type: .bigint)
                .column("owner_id", type: .text)
                .column("parent_id", type: .text)
                .column("created_at", type: .bigint, .notNull)
                .column("updated_at", type: .bigint, .notNull)
                .column("body", type: .blob, .notNull)
                .primaryKey("kind", "id")
                .run()
            try await sql.create(index: "entities_by_region").on("entities")
                .column("kind").column("governor_office_id").column("year").run()
            try await sql.create(index: "entities_by_parent").on("entities").column("kind").column("parent_id").run()
            try await sql.create(index: "entities_by_owner").on("entities").column("kind").column("owner_id").run()

            try await sql.create(table: "audit_log")
                .column("seq", type: .bigint, .primaryKey(autoIncrement: true))
                .column("at", type: .bigint, .notNull)
                .column("actor_org", type: .text, .notNull)
                .column("actor_person", type: .text)
                .column("role", type: .text, .notNull)
                .column("action", type: .text, .notNull)
                .column("entity_kind", type: .text, .notNull)
                .column("entity_id", type: .text, .notNull)
                .column("before_state", type: .text)
                .column("after_state", type: .text)
                .column("reason", type: .text)
                .column("request_id", type: .text)
                .run()
            try await sql.create(index: "audit_by_entity").on("audit_log").column("entity_kind").column("entity_id")
                .run()

            try await sql.create(table: "events")
                .column("seq", type: .bigint, .primaryKey(autoIncrement: true))
                .column("context", type: .text, .notNull)
                .column("type", type: .text, .notNull)
                .column("aggregate_id", type: .text, .notNull)
                .column("occurred_at", type: .bigint, .notNull)
                .column("payload", type: .blob, .notNull)
                .run()
            try await sql.create(index: "events_by_context").on("events").column("context").column("seq").run()

            try await sql.create(table: "idempotency")
                .column("caller_org", type: .text, .notNull)
                .column("request_id", type: .text, .notNull)
                .column("method", type: .text, .notNull)
                .column("response", type: .blob, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .primaryKey("caller_org", "request_id")
                .run()

            try await sql.create(table: "access_log")
                .column("seq", type: .bigint, .primaryKey(autoIncrement: true))
                .column("at", type: .bigint, .notNull)
                .column("actor_org", type: .text, .notNull)
                .column("actor_person", type: .text)
                .column("role", type: .text, .notNull)
                .column("entity_id", type: .text, .notNull)
                .column("purpose", type: .text, .notNull)
                .run()
        },
        Migration(version: 2, name: "relay cursors") { sql in
            // How far a consumer has applied another service's events (docs/architecture.md: cross-service flow).
            try await sql.create(table: "relay_cursors")
                .column("name", type: .text, .primaryKey(autoIncrement: false))
                .column("sequence", type: .bigint, .notNull)
                .column("updated_at", type: .bigint, .notNull)
                .run()
        },
        Migration(version: 3, name: "data version") { sql in
            // One row counting committed write transactions (KSIDatabase.dataVersion): readers such as
            // the gateway's view cache compare it to know whether what they read is still current. The
            // random epoch tells a recreated or restored database apart from the one a reader knew.
            try await sql.create(table: "ksi_data_version")
                .column("id", type: .bigint, .primaryKey(autoIncrement: false))
                .column("epoch", type: .text, .notNull)
                .column("version", type: .bigint, .notNull)
                .run()
            try await sql.insert(into: "ksi_data_version").columns("id", "epoch", "version")
                .values(SQLBind(1), SQLBind(UUID().uuidString.lowercased()), SQLBind(1)).run()
        },
        Migration(version: 4, name: "idempotency payload digest, first effect, expiry index") { sql in
            // IDEM-R1 (issue 14): a reused request id must carry the same request. Records stored before
            // this migration have no digest and keep replaying. The entity columns name what the first
            // request created or changed, for the refusal's message; the index serves the expiry job (IDEM-R2).
            try await sql.alter(table: "idempotency").column("payload_digest", type: .text).run()
            try await sql.alter(table: "idempotency").column("entity_kind", type: .text).run()
            try await sql.alter(table: "idempotency").column("entity_id", type: .text).run()
            try await sql.create(index: "idempotency_by_created_at").on("idempotency").column("created_at").run()
        },
        Migration(version: 5, name: "entity change stamps") { sql in
            // Issue 17: the data version each entity was last written at (`DataVersionStamp`), so a cache can
            // ask what changed after the version it read (`KSIDatabase.changes(after:)`) instead of reading
            // everything again. Rows written before this migration keep 0: older than any version a cache holds.
            try await sql.alter(table: "entities").column("changed_version", type: .bigint, .notNull, .default(0))
                .run()
            try await sql.create(index: "entities_by_changed_version").on("entities").column("changed_version").run()
            // A changed parent's children are reported too (their scope may come through it): found by parent id alone.
            try await sql.create(index: "entities_by_parent_id").on("entities").column("parent_id").run()
        },
    ]

    /// Brings a database up to the current core schema, with the append-only audit and access logs, and the
    /// tables of issue 13: notification records, the event feeds' audience, the scheduler's job leases and the
    /// relays' dead letters. With `reference`, events stored before the feeds get their audience
    /// (`EventFeeds.backfill`, once): the services pass the org registry in force when they start.
    public static func migrate(_ database: KSIDatabase, reference: ReferenceData? = nil) async throws {
        try await Migrator.migrate(database, schema: name, migrations: migrations)
        try await Migrator.migrate(database, schema: AppendOnlyLogs.name, migrations: AppendOnlyLogs.migrations)
        try await Migrator.migrate(database, schema: NotificationSchema.name, migrations: NotificationSchema.migrations)
        try await Migrator.migrate(database, schema: EventFeeds.name, migrations: EventFeeds.migrations)
        try await Migrator.migrate(database, schema: SchedulerSchema.name, migrations: SchedulerSchema.migrations)
        try await Migrator.migrate(database, schema: DeadLetterSchema.name, migrations: DeadLetterSchema.migrations)
        try await Migrator.migrate(database, schema: FactSchema.name, migrations: FactSchema.migrations)
        if let reference { try await EventFeeds.backfill(database, reference: reference) }
    }
}
