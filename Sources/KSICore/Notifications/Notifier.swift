import Foundation

/// Turns a service's own outbox events into notification records (issue 13): reads the events after
/// its cursor (`relay_cursors`, `RelayName.notifications`), maps them (`NotificationRules`), addresses each
/// draft from the registry in force (`NotificationDirectory`) and stores the records and the moved
/// cursor in one transaction. A record is unique per (event, recipient), so a replay of the outbox
/// (a cursor reset, a crash) never duplicates one.
public struct Notifier: Sendable {
    /// The notifier's cursor in `relay_cursors`.
    public static let cursorName = RelayName.notifications
    /// The outbox's context name: "allocation", "needs", "partnerships" or "referral".
    public let context: String
    let database: KSIDatabase
    let registry: ReferenceRegistry
    let time: any TimeSource

    /// `context` is the outbox's context name: "allocation", "needs", "partnerships" or "referral".
    public init(context: String, database: KSIDatabase, registry: ReferenceRegistry, time: any TimeSource) {
        self.context = context
        self.database = database
        self.registry = registry
        self.time = time
    }

    /// Reads one batch of events and stores their notifications; returns how many events it read.
    @discardableResult
    public func runOnce(batchSize: Int = 200) async throws -> Int {
        let context = self.context
        let reference = registry.current
        let now = time.nowMillis()
        // Most polls find nothing: a read says so without taking the writer.
        let waiting = try await database.read { sql in
            let store = StoreTransaction(sql: sql, context: context)
            return try await !store.events(after: store.relayCursor(Self.cursorName), limit: 1).isEmpty
        }
        guard waiting else { return 0 }
        return try await database.notificationTransaction { sql in
            let store = StoreTransaction(sql: sql, context: context)
            let cursor = try await store.relayCursor(Self.cursorName)
            let events = try await store.events(after: cursor, limit: batchSize)
            for event in events {
                let directory = NotificationDirectory(
                    reference: reference,
                    on: OsloCalendar.localDate(atMillis: event.occurredAt)
                )
                for draft in try await Self.drafts(for: event, context: context, directory: directory, store: store) {
                    try await store.insertNotification(
                        Self.record(draft, event: event, context: context, directory: directory, now: now)
                    )
                }
            }
            if let last = events.last {
                try await store.saveRelayCursor(Self.cursorName, sequence: last.sequence, at: now)
            }
            return events.count
        }
    }

    /// Reads events until the outbox is exhausted; returns how many it read.
    @discardableResult
    public func catchUp() async throws -> Int {
        var total = 0
        while true {
            let read = try await runOnce()
            total += read
            if read == 0 { return total }
        }
    }

    static func drafts(
        for event: StoredEvent,
        context: String,
        directory: NotificationDirectory,
        store: StoreTransaction
    ) async throws
        -> [NotificationDraft]
    {
        switch BoundedContext(rawValue: context) {
        case .allocation:
            return try await NotificationRules.allocation(
                AllocationEvent(wireBytes: event.payload),
                directory: directory,
                store: store
            )
        case .needs:
            return try await NotificationRules.needs(
                NeedsEvent(wireBytes: event.payload),
                directory: directory,
                store: store
            )
        case .partnerships:
            return NotificationRules.partnerships(try PartnershipEvent(wireBytes: event.payload), directory: directory)
        case .referral where ReferralEventType(name: event.type) == .referralMilestoneReached:
            return NotificationRules.referral(
                try ReferralMilestoneReached(wireBytes: event.payload),
                directory: directory
            )
        default:
            return []
        }
    }

    /// Addresses a draft: the organisation and its `notification_email` in the registry at this time.
    static func record(
        _ draft: NotificationDraft,
        event: StoredEvent,
        context: String,
        directory: NotificationDirectory,
        now: Int64
    )
        -> NotificationRecord
    {
        let organisation = directory.organisation(recordId: draft.recipientId)
        let registered = organisation?.notificationEmail.trimmingCharacters(in: .whitespaces) ?? ""
        let email = MailAddress.isValid(registered) ? registered : ""
        let missing =
            registered.isEmpty
            ? "the organisation has no notification_email in the registry"
            : "the registry's notification_email is not a valid address"
        return NotificationRecord(
            id: NotificationRecord.id(context: context, sequence: event.sequence, recipientId: draft.recipientId),
            context: context,
            eventSequence: event.sequence,
            eventType: event.type,
            kind: draft.kind,
            recipientOrgId: draft.recipientId,
            recipientOrgNumber: organisation?.orgNumber ?? "",
            email: email,
            subject: draft.subject,
            body: draft.body,
            entityType: draft.entityType,
            entityId: draft.entityId,
            createdAt: now,
            status: email.isEmpty ? .noAddress : .pending,
            attempts: 0,
            nextAttemptAt: now,
            lastError: email.isEmpty ? missing : nil,
            sentAt: nil
        )
    }
}
