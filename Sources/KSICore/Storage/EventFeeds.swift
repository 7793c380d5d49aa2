import Foundation
import SQLKit

/// The audience of every outbox event (issue 13, docs/services.md "Event feeds"): one row per
/// (organisation number, context, sequence), written by `StoreTransaction.appendEvent` in the event's own
/// transaction. The primary key is the feed's index, so a page for one organisation reads only its rows.
///
/// A schema of its own in `ksi_migrations`, run after `CoreSchema`. Events stored before this schema get
/// their audience from `backfill(_:reference:)`, which decodes their payloads: it needs the org registry,
/// so the services run it at start (`CoreSchema.migrate(_:reference:)`), once.
package enum EventFeeds {
    package static let name = "feeds"

    package static let migrations: [Migration] = [
        Migration(version: 1, name: "event audience and the backfill mark") { sql in
            try await sql.create(table: "event_audience")
                .column("org_number", type: .text, .notNull)
                .column("context", type: .text, .notNull)
                .column("seq", type: .bigint, .notNull)
                .primaryKey("org_number", "context", "seq")
                .run()
            // Events up to `through_sequence` were stored before audiences were: `backfill` gives them theirs
            // and sets `done`. Later events get their audience when they are appended.
            try await sql.create(table: "event_audience_backfill")
                .column("id", type: .bigint, .primaryKey(autoIncrement: false))
                .column("through_sequence", type: .bigint, .notNull)
                .column("done", type: .bigint, .notNull)
                .run()
            let last =
                try await sql.select().column(SQLFunction("max", args: SQLIdentifier("seq")), as: "last").from("events")
                .first()?
                .decode(column: "last", as: Int64?.self) ?? nil
            try await sql.insert(into: "event_audience_backfill").columns("id", "through_sequence", "done")
                .values(SQLBind(1), SQLBind(last ?? 0), SQLBind((last ?? 0) == 0 ? 1 : 0)).run()
        }
    ]

    /// Gives every event stored before the feeds schema its audience, decoding each payload with the org
    /// registry in force; does nothing once done. One transaction: all or nothing. Returns how many events it read.
    @discardableResult
    package static func backfill(_ database: KSIDatabase, reference: ReferenceData) async throws -> Int {
        try await database.transaction(movingDataVersion: false) { sql in
            guard
                let mark = try await sql.select().columns("through_sequence", "done").from("event_audience_backfill")
                    .where("id", .equal, SQLBind(1)).first(),
                try mark.decode(column: "done", as: Int64.self) == 0
            else { return 0 }
            let through = try mark.decode(column: "through_sequence", as: Int64.self)
            var after: Int64 = 0
            var read = 0
            while true {
                let rows = try await sql.select().columns("seq", "context", "payload").from("events")
                    .where("seq", .greaterThan, SQLBind(after)).where("seq", .lessThanOrEqual, SQLBind(through))
                    .orderBy("seq").limit(500).all()
                guard !rows.isEmpty else { break }
                for row in rows {
                    let seq = try row.decode(column: "seq", as: Int64.self)
                    let context = try row.decode(column: "context", as: String.self)
                    let payload = [UInt8](try row.decode(column: "payload", as: Data.self))
                    let audience = try StoredEventAudience.audience(
                        context: context,
                        payload: payload,
                        reference: reference
                    )
                    try await insertAudience(sql, audience, context: context, sequence: seq, ifAbsent: true)
                    after = seq
                    read += 1
                }
            }
            try await sql.update("event_audience_backfill").set("done", to: SQLBind(1)).where("id", .equal, SQLBind(1))
                .run()
            return read
        }
    }

    /// Stores an event's audience. `ifAbsent` skips rows already there (the backfill may meet an event
    /// that was given its audience when appended).
    static func insertAudience(
        _ sql: any SQLDatabase,
        _ audience: Set<String>,
        context: String,
        sequence: Int64,
        ifAbsent: Bool = false
    )
        async throws
    {
        guard !audience.isEmpty else { return }
        var insert = sql.insert(into: "event_audience").columns("org_number", "context", "seq")
        for orgNumber in audience.sorted() {
            insert = insert.values(SQLBind(orgNumber), SQLBind(context), SQLBind(sequence))
        }
        if ifAbsent { insert = insert.ignoringConflicts(with: ["org_number", "context", "seq"]) }
        try await insert.run()
    }
}

extension StoreTransaction {
    /// One page of `orgNumber`'s feed in this context: the stored events whose audience holds the
    /// organisation, after `sequence`, oldest first, at most `limit` (read through the audience index).
    package func feedEvents(for orgNumber: String, after sequence: Int64, limit: Int) async throws -> [StoredEvent] {
        let rows = try await sql.select()
            .columns(
                SQLColumn("seq", table: "e"),
                SQLColumn("type", table: "e"),
                SQLColumn("aggregate_id", table: "e"),
                SQLColumn("occurred_at", table: "e"),
                SQLColumn("payload", table: "e")
            )
            .from(SQLAlias(SQLIdentifier("event_audience"), as: SQLIdentifier("a")))
            .join(
                SQLAlias(SQLIdentifier("events"), as: SQLIdentifier("e")),
                method: SQLJoinMethod.inner,
                on: SQLColumn("seq", table: "e"),
                .equal,
                SQLColumn("seq", table: "a")
            )
            .where(SQLColumn("org_number", table: "a"), .equal, SQLBind(orgNumber))
            .where(SQLColumn("context", table: "a"), .equal, SQLBind(context))
            .where(SQLColumn("seq", table: "a"), .greaterThan, SQLBind(sequence))
            .orderBy(SQLColumn("seq", table: "a"))
            .limit(max(1, limit)).all()
        return try rows.map { row in
            StoredEvent(
                sequence: try row.decode(column: "seq", as: Int64.self),
                type: try row.decode(column: "type", as: String.self),
                aggregateId: try row.decode(column: "aggregate_id", as: String.self),
                occurredAt: try row.decode(column: "occurred_at", as: Int64.self),
                payload: [UInt8](try row.decode(column: "payload", as: Data.self))
            )
        }
    }
}
