import SQLKit

/// Where a notification stands in its delivery.
public enum NotificationStatus: String, Sendable, CaseIterable {
    /// Waiting to be sent (or to be retried at `nextAttemptAt`).
    case pending
    /// Handed to the mail server (or written to the dev mail folder).
    case sent
    /// Retried `maxAttempts` times without success; kept for the operator (docs/operations.md).
    case failed
    /// The organisation has no `notification_email` in the registry: it is told through its event feed only.
    case noAddress = "no_address"
}

/// What a notification says about which entity, before it is addressed: the outcome of mapping one
/// outbox event (`NotificationRules`). The recipient is a registry id (`Organisation.record_id`).
public struct NotificationDraft: Sendable, Hashable {
    /// Registry id of the organisation to notify (`Organisation.record_id`).
    public var recipientId: String
    /// The notice's kind, named after its event (e.g. `grantDecided`).
    public var kind: String
    /// The e-mail subject, in Norwegian.
    public var subject: String
    /// The e-mail body, in Norwegian.
    public var body: String
    /// The kind of entity the notice is about (e.g. `grant`, `grantDecision`).
    public var entityType: String
    /// The id of that entity.
    public var entityId: String

    /// A draft with every part given.
    public init(recipientId: String, kind: String, subject: String, body: String, entityType: String, entityId: String)
    {
        self.recipientId = recipientId
        self.kind = kind
        self.subject = subject
        self.body = body
        self.entityType = entityType
        self.entityId = entityId
    }
}

/// A stored notification: who (organisation and address at the time), what (kind, Norwegian subject
/// and body), about which entity, when (created, the event's sequence), and its delivery state.
public struct NotificationRecord: Sendable, Hashable {
    /// Stable per (context, event, recipient): see `id(context:sequence:recipientId:)`.
    public var id: String
    /// The outbox's context: "allocation", "needs", "partnerships" or "referral".
    public var context: String
    /// The sequence of the event in that outbox.
    public var eventSequence: Int64
    /// The event's wire name (e.g. `GrantDecided`).
    public var eventType: String
    /// The notice's kind, named after its event (e.g. `grantDecided`).
    public var kind: String
    /// Registry id of the notified organisation.
    public var recipientOrgId: String
    /// Its organisation number when the record was made.
    public var recipientOrgNumber: String
    /// Empty when the organisation has no address (`status == .noAddress`).
    public var email: String
    /// The e-mail subject, in Norwegian.
    public var subject: String
    /// The e-mail body, in Norwegian.
    public var body: String
    /// The kind of entity the notice is about (e.g. `grant`, `grantDecision`).
    public var entityType: String
    /// The id of that entity.
    public var entityId: String
    /// When the record was made (epoch milliseconds, UTC).
    public var createdAt: Int64
    /// Where its delivery stands.
    public var status: NotificationStatus
    /// How many times sending it has been tried.
    public var attempts: Int64
    /// When the next try is due (epoch milliseconds, UTC).
    public var nextAttemptAt: Int64
    /// The last sending error; nil when none.
    public var lastError: String?
    /// When it was sent (epoch milliseconds, UTC); nil until then.
    public var sentAt: Int64?

    /// The record id: stable for an (event, recipient), so a replay finds the same row and the
    /// e-mail's Message-ID (`MailMessage`) is the same on a resend.
    public static func id(context: String, sequence: Int64, recipientId: String) -> String {
        let safe = recipientId.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
        return "\(context)-\(sequence)-\(String(safe))"
    }

    /// A record with every field given.
    public init(
        id: String,
        context: String,
        eventSequence: Int64,
        eventType: String,
        kind: String,
        recipientOrgId: String,
        recipientOrgNumber: String,
        email: String,
        subject: String,
        body: String,
        entityType: String,
        entityId: String,
        createdAt: Int64,
        status: NotificationStatus,
        attempts: Int64,
        nextAttemptAt: Int64,
        lastError: String?,
        sentAt: Int64?
    ) {
        self.id = id
        self.context = context
        self.eventSequence = eventSequence
        self.eventType = eventType
        self.kind = kind
        self.recipientOrgId = recipientOrgId
        self.recipientOrgNumber = recipientOrgNumber
        self.email = email
        self.subject = subject
        self.body = body
        self.entityType = entityType
        self.entityId = entityId
        self.createdAt = createdAt
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.sentAt = sentAt
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        context = try row.decode(column: "context", as: String.self)
        eventSequence = try row.decode(column: "event_sequence", as: Int64.self)
        eventType = try row.decode(column: "event_type", as: String.self)
        kind = try row.decode(column: "kind", as: String.self)
        recipientOrgId = try row.decode(column: "recipient_org_id", as: String.self)
        recipientOrgNumber = try row.decode(column: "recipient_org_number", as: String.self)
        email = try row.decode(column: "email", as: String.self)
        subject = try row.decode(column: "subject", as: String.self)
        body = try row.decode(column: "body", as: String.self)
        entityType = try row.decode(column: "entity_type", as: String.self)
        entityId = try row.decode(column: "entity_id", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        let statusName = try row.decode(column: "status", as: String.self)
        status = NotificationStatus(rawValue: statusName) ?? .failed
        attempts = try row.decode(column: "attempts", as: Int64.self)
        nextAttemptAt = try row.decode(column: "next_attempt_at", as: Int64.self)
        lastError = try row.decode(column: "last_error", as: String?.self)
        sentAt = try row.decode(column: "sent_at", as: Int64?.self)
    }
}

/// A plain e-mail address check for registry addresses: one `@`, a dot in the domain, printable ASCII
/// without spaces, angle brackets, quotes or line breaks (so an address can never add a mail header).
public enum MailAddress {
    /// The longest address accepted, in bytes (RFC 5321).
    public static let maxLength = 254

    /// Whether `address` passes the check above and is at most `maxLength` bytes.
    public static func isValid(_ address: String) -> Bool {
        guard !address.isEmpty, address.utf8.count <= maxLength else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix(".")
        else {
            return false
        }
        return address.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value < 0x7F && !"<>\"(),;:[]\\".unicodeScalars.contains($0)
        }
    }
}
