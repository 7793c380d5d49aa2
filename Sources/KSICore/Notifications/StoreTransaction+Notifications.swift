import SQLKit

/// Reading and changing notification records (`NotificationSchema`).
extension StoreTransaction {
    static let notificationColumns = [
        "id", "context", "event_sequence", "event_type", "kind", "recipient_org_id", "recipient_org_number", "email",
        "subject",
        "body", "entity_type", "entity_id", "created_at", "status", "attempts", "next_attempt_at", "last_error",
        "sent_at",
    ]

    /// Stores a record unless one for the same (event, recipient) exists; returns whether it was new.
    @discardableResult
    public func insertNotification(_ record: NotificationRecord) async throws -> Bool {
        let existing = try await sql.select().column("id").from("notifications")
            .where("context", .equal, record.context).where("event_sequence", .equal, record.eventSequence)
            .where("recipient_org_id", .equal, record.recipientOrgId).first()
        guard existing == nil else { return false }
        try await sql.insert(into: "notifications").columns(Self.notificationColumns)
            .values(
                SQLBind(record.id),
                SQLBind(record.context),
                SQLBind(record.eventSequence),
                SQLBind(record.eventType),
                SQLBind(record.kind),
                SQLBind(record.recipientOrgId),
                SQLBind(record.recipientOrgNumber),
                SQLBind(record.email),
                SQLBind(record.subject),
                SQLBind(record.body),
                SQLBind(record.entityType),
                SQLBind(record.entityId),
                SQLBind(record.createdAt),
                SQLBind(record.status.rawValue),
                SQLBind(record.attempts),
                SQLBind(record.nextAttemptAt),
                SQLBind(record.lastError),
                SQLBind(record.sentAt)
            )
            .run()
        return true
    }

    /// Records of this context, oldest event first (optionally one status only).
    public func notifications(status: NotificationStatus? = nil, limit: Int = 1000) async throws -> [NotificationRecord]
    {
        var query = sql.select().columns(Self.notificationColumns.map { SQLIdentifier($0) }).from("notifications")
            .where("context", .equal, context)
        if let status { query = query.where("status", .equal, status.rawValue) }
        let rows = try await query.orderBy("event_sequence").orderBy("id").limit(max(1, min(limit, 10_000))).all()
        return try rows.map { try NotificationRecord(row: $0) }
    }

    /// The record with this id, if any.
    public func notification(id: String) async throws -> NotificationRecord? {
        try await sql.select().columns(Self.notificationColumns.map { SQLIdentifier($0) }).from("notifications")
            .where("id", .equal, id).first().map { try NotificationRecord(row: $0) }
    }

    /// Pending records of this context whose next attempt is due at `millis`, oldest first.
    public func dueNotifications(at millis: Int64, limit: Int) async throws -> [NotificationRecord] {
        let rows = try await sql.select().columns(Self.notificationColumns.map { SQLIdentifier($0) }).from(
            "notifications"
        )
        .where("context", .equal, context).where("status", .equal, NotificationStatus.pending.rawValue)
        .where("next_attempt_at", .lessThanOrEqual, millis)
        .orderBy("next_attempt_at").orderBy("id").limit(max(1, min(limit, 1000))).all()
        return try rows.map { try NotificationRecord(row: $0) }
    }

    /// Moves a record's next attempt (a claim by a delivery replica, or a retry after backoff).
    public func scheduleNotification(id: String, nextAttemptAt millis: Int64) async throws {
        try await sql.update("notifications").set("next_attempt_at", to: SQLBind(millis)).where("id", .equal, id).run()
    }

    /// Records a successful send.
    public func markNotificationSent(id: String, attempts: Int64, at millis: Int64) async throws {
        try await sql.update("notifications")
            .set("status", to: SQLBind(NotificationStatus.sent.rawValue)).set("attempts", to: SQLBind(attempts))
            .set("sent_at", to: SQLBind(millis)).set("last_error", to: SQLBind(String?.none))
            .where("id", .equal, id).run()
    }

    /// Records a failed attempt: the next one at `nextAttemptAt`, or none (`failed`) when `giveUp`.
    public func markNotificationAttemptFailed(
        id: String,
        attempts: Int64,
        error: String,
        nextAttemptAt: Int64,
        giveUp: Bool
    ) async throws {
        try await sql.update("notifications")
            .set("status", to: SQLBind((giveUp ? NotificationStatus.failed : .pending).rawValue))
            .set("attempts", to: SQLBind(attempts)).set("last_error", to: SQLBind(String(error.prefix(1000))))
            .set("next_attempt_at", to: SQLBind(nextAttemptAt))
            .where("id", .equal, id).run()
    }

    /// How many records of this context are in each status.
    public func notificationCounts() async throws -> [NotificationStatus: Int] {
        let rows = try await sql.select().column("status").column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from("notifications").where("context", .equal, context).groupBy("status").all()
        var counts: [NotificationStatus: Int] = [:]
        for row in rows {
            guard let status = NotificationStatus(rawValue: try row.decode(column: "status", as: String.self)) else {
                continue
            }
            counts[status] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}

extension KSIDatabase {
    /// A transaction for notification bookkeeping (records, cursor, delivery state). It does not move
    /// the data version: nothing a reader caches (views, entities) changes, so the gateway's caches stay valid.
    public func notificationTransaction<R: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        try await transaction(movingDataVersion: false, body)
    }
}
