import Foundation
import SQLKit

/// Relay dead letters (issue 13): an event another service emitted that this service's relay could not
/// apply because the consumer refused it (a `DomainError` other than `unavailable`). The relay's cursor
/// still moves, so one bad event does not stop the flow; the event waits here, visible to operators, until
/// it is retried with success or dropped with a reason (`DeadLetterDesk`).
///
/// A schema of its own in `ksi_migrations` (`deadletters`), run from `CoreSchema.migrate`.
package enum DeadLetterSchema {
    package static let name = "deadletters"

    package static let migrations: [Migration] = [
        Migration(version: 1, name: "relay dead letters") { sql in
            try await sql.create(table: "relay_dead_letters")
                .column("relay", type: .text, .notNull)
                .column("sequence", type: .bigint, .notNull)
                .column("event_type", type: .text, .notNull)
                .column("payload", type: .blob, .notNull)
                .column("error_code", type: .text, .notNull)
                .column("error_message", type: .text, .notNull)
                // JSON array of {rule, field, message}: the rules the consumer named.
                .column("error_rules", type: .text, .notNull)
                .column("first_failed_at", type: .bigint, .notNull)
                .column("last_failed_at", type: .bigint, .notNull)
                .column("attempts", type: .bigint, .notNull)
                .primaryKey("relay", "sequence")
                .run()
        }
    ]
}

/// One stored dead letter.
package struct StoredDeadLetter: Sendable, Hashable {
    package var relay: String
    package var sequence: Int64
    package var eventType: String
    package var payload: [UInt8]
    package var error: DomainError
    package var firstFailedAt: Int64
    package var lastFailedAt: Int64
    package var attempts: Int64

    /// The wire form the operator RPCs return (the payload stays in the database).
    package var message: DeadLetter {
        DeadLetter.with {
            $0.relay = relay
            $0.sequence = sequence
            $0.eventType = eventType
            $0.errorCode = error.code.description
            $0.errorMessage = error.message
            $0.violations = error.violations.map { violation in
                DeadLetterViolation.with {
                    $0.ruleId = violation.rule.value
                    $0.field = violation.field
                    $0.message = violation.message
                }
            }
            $0.firstFailedAt = firstFailedAt
            $0.lastFailedAt = lastFailedAt
            $0.attempts = attempts
        }
    }
}

extension StoreTransaction {
    private struct StoredViolation: Codable {
        var rule: String
        var field: String
        var message: String
    }

    /// Records that `relay` could not apply the event at `sequence`: a new row, or one more attempt with
    /// the latest error on the existing row.
    package func recordDeadLetter(
        relay: String,
        sequence: Int64,
        eventType: String,
        payload: [UInt8],
        error: DomainError,
        at millis: Int64
    ) async throws {
        let rules = String(
            decoding: try JSONEncoder().encode(
                error.violations.map {
                    StoredViolation(rule: $0.rule.value, field: $0.field, message: $0.message)
                }
            ),
            as: UTF8.self
        )
        let updated = try await sql.update("relay_dead_letters")
            .set("error_code", to: SQLBind(error.code.description)).set("error_message", to: SQLBind(error.message))
            .set("error_rules", to: SQLBind(rules)).set("last_failed_at", to: SQLBind(millis))
            .set("attempts", to: SQLRaw("attempts + 1"))
            .where("relay", .equal, relay).where("sequence", .equal, sequence)
            .returning("relay").all()
        guard updated.isEmpty else { return }
        try await sql.insert(into: "relay_dead_letters")
            .columns(
                "relay",
                "sequence",
                "event_type",
                "payload",
                "error_code",
                "error_message",
                "error_rules",
                "first_failed_at",
                "last_failed_at",
                "attempts"
            )
            .values(
                SQLBind(relay),
                SQLBind(sequence),
                SQLBind(eventType),
                SQLBind(Data(payload)),
                SQLBind(error.code.description),
                SQLBind(error.message),
                SQLBind(rules),
                SQLBind(millis),
                SQLBind(millis),
                SQLBind(Int64(1))
            )
            .run()
    }

    /// The dead letter of `relay` at `sequence`, if any.
    package func deadLetter(relay: String, sequence: Int64) async throws -> StoredDeadLetter? {
        let row = try await sql.select().columns("*").from("relay_dead_letters")
            .where("relay", .equal, relay).where("sequence", .equal, sequence).first()
        return try row.map(Self.deadLetter(row:))
    }

    /// Dead letters of the given relays, by relay then sequence, after `after` (relay, sequence).
    package func deadLetters(
        relays: [String],
        after: (relay: String, sequence: Int64)?,
        limit: Int
    ) async throws -> [StoredDeadLetter] {
        guard !relays.isEmpty else { return [] }
        var query = sql.select().columns("*").from("relay_dead_letters").where("relay", .in, relays)
        if let after {
            query = query.where(group: { group in
                group.where("relay", .greaterThan, after.relay)
                    .orWhere(group: { both in
                        both.where("relay", .equal, after.relay).where("sequence", .greaterThan, after.sequence)
                    })
            })
        }
        let rows = try await query.orderBy("relay").orderBy("sequence").limit(limit).all()
        return try rows.map(Self.deadLetter(row:))
    }

    /// Removes a dead letter; returns whether there was one.
    @discardableResult
    package func removeDeadLetter(relay: String, sequence: Int64) async throws -> Bool {
        let removed = try await sql.delete(from: "relay_dead_letters")
            .where("relay", .equal, relay).where("sequence", .equal, sequence).returning("relay").all()
        return !removed.isEmpty
    }

    /// How many dead letters `relay` has pending.
    package func deadLetterCount(relay: String) async throws -> Int64 {
        let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "pending")
            .from("relay_dead_letters").where("relay", .equal, relay).first()
        return try row?.decode(column: "pending", as: Int64.self) ?? 0
    }

    private static func deadLetter(row: any SQLRow) throws -> StoredDeadLetter {
        let rules = try JSONDecoder().decode(
            [StoredViolation].self,
            from: Data(try row.decode(column: "error_rules", as: String.self).utf8)
        )
        let code = try row.decode(column: "error_code", as: String.self)
        return StoredDeadLetter(
            relay: try row.decode(column: "relay", as: String.self),
            sequence: try row.decode(column: "sequence", as: Int64.self),
            eventType: try row.decode(column: "event_type", as: String.self),
            payload: [UInt8](try row.decode(column: "payload", as: Data.self)),
            error: DomainError(
                DomainError.Code(named: code) ?? .illegalTransition,
                try row.decode(column: "error_message", as: String.self),
                violations: rules.map { RuleViolation(field: $0.field, rule: RuleID($0.rule), message: $0.message) }
            ),
            firstFailedAt: try row.decode(column: "first_failed_at", as: Int64.self),
            lastFailedAt: try row.decode(column: "last_failed_at", as: Int64.self),
            attempts: try row.decode(column: "attempts", as: Int64.self)
        )
    }
}

extension DomainError.Code {
    /// The code whose `description` is `name` (how dead letters store it).
    init?(named name: String) {
        let all: [DomainError.Code] = [
            .ruleViolation, .notFound, .notPermitted, .illegalTransition, .versionConflict, .invalidArgument,
            .unavailable,
        ]
        guard let code = all.first(where: { $0.description == name }) else { return nil }
        self = code
    }
}
