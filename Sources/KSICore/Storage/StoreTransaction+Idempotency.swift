import Foundation
import SQLKit

/// A remembered command response (the `idempotency` table): what a retry with the same request id gets.
package struct IdempotencyRecord: Sendable, Hashable {
    package var method: String
    package var response: [UInt8]
    /// `RequestFingerprint.digest` of the first request; nil for a record stored before IDEM-R1 (issue 14)
    /// or by a system step whose request id names its whole payload (the scheduler, the relays).
    package var payloadDigest: String?
    /// When the first request ran (ms since 1970).
    package var createdAt: Int64
    /// The first entity the first request created or changed (its first audit record), if any.
    package var entityKind: String?
    package var entityId: String?

    package init(
        method: String,
        response: [UInt8],
        payloadDigest: String?,
        createdAt: Int64,
        entityKind: String? = nil,
        entityId: String? = nil
    ) {
        self.method = method
        self.response = response
        self.payloadDigest = payloadDigest
        self.createdAt = createdAt
        self.entityKind = entityKind
        self.entityId = entityId
    }
}

extension StoreTransaction {
    /// The record of a request id this caller used before, if any.
    package func idempotencyRecord(callerOrg: String, requestId: String) async throws -> IdempotencyRecord? {
        let row = try await sql.select()
            .columns("method", "response", "payload_digest", "created_at", "entity_kind", "entity_id")
            .from("idempotency")
            .where("caller_org", .equal, callerOrg).where("request_id", .equal, requestId).first()
        guard let row else { return nil }
        return IdempotencyRecord(
            method: try row.decode(column: "method", as: String.self),
            response: [UInt8](try row.decode(column: "response", as: Data.self)),
            payloadDigest: try row.decode(column: "payload_digest", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            entityKind: try row.decode(column: "entity_kind", as: String?.self),
            entityId: try row.decode(column: "entity_id", as: String?.self)
        )
    }

    /// Remembers a response so that a retry with the same request id gets it again.
    package func remember(_ record: IdempotencyRecord, callerOrg: String, requestId: String) async throws {
        try await sql.write(
            WriteStatement.insert(
                into: "idempotency",
                [
                    "caller_org", "request_id", "method", "response", "created_at", "payload_digest", "entity_kind",
                    "entity_id",
                ],
                [
                    SQLBind(callerOrg),
                    SQLBind(requestId),
                    SQLBind(record.method),
                    SQLBind(Data(record.response)),
                    SQLBind(record.createdAt),
                    SQLBind(record.payloadDigest),
                    SQLBind(record.entityKind),
                    SQLBind(record.entityId),
                ]
            ),
            table: "idempotency"
        )
    }
}
