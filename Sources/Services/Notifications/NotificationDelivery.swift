import KSICore
import Logging
import Metrics

/// Sends a service's pending notification records (issue 13). State lives in the database, so a
/// restart loses nothing:
/// - a batch is first claimed (its next attempt moved `claimMillis` ahead), so a second replica on the
///   same PostgreSQL does not send it too; a replica that dies after claiming leaves it to be retried;
/// - a sent record is marked `sent` and never sent again; a crash between send and mark gives at most
///   one duplicate, with the same Message-ID (`MailMessage.messageId`) so the receiver can drop it;
/// - a failed attempt counts up and waits `retry.delay(after:)` (exponential backoff) before the next;
///   after `retry.maxAttempts` the record is `failed` and stays for the operator (docs/operations.md).
public struct NotificationDelivery: Sendable {
    /// Exponential backoff of failed sends.
    public struct RetryPolicy: Sendable {
        public var baseMillis: Int64
        public var maxMillis: Int64
        public var maxAttempts: Int64
        /// How long a claimed record is left to its sender before another may try it.
        public var claimMillis: Int64

        public init(
            baseMillis: Int64 = 30_000,
            maxMillis: Int64 = 3_600_000,
            maxAttempts: Int64 = 20,
            claimMillis: Int64 = 300_000
        ) {
            self.baseMillis = baseMillis
            self.maxMillis = maxMillis
            self.maxAttempts = maxAttempts
            self.claimMillis = claimMillis
        }

        /// The wait after the `attempts`-th failed attempt: base, 2×base, 4×base, … up to `maxMillis`.
        public func delay(after attempts: Int64) -> Int64 {
            let doublings = max(0, min(attempts - 1, 40))
            let (delay, overflow) = baseMillis.multipliedReportingOverflow(by: Int64(1) << doublings)
            return overflow ? maxMillis : min(delay, maxMillis)
        }
    }

    /// What one round of sending did.
    public struct Outcome: Sendable, Equatable {
        public var sent: Int
        public var failed: Int

        public init(sent: Int = 0, failed: Int = 0) {
            self.sent = sent
            self.failed = failed
        }
    }

    public let context: String
    let database: KSIDatabase
    let transport: any MailTransport
    let sender: String
    let time: any TimeSource
    public let retry: RetryPolicy
    let logger: Logger

    public init(
        context: String,
        database: KSIDatabase,
        transport: any MailTransport,
        sender: String,
        time: any TimeSource,
        retry: RetryPolicy = RetryPolicy(),
        logger: Logger
    ) {
        self.context = context
        self.database = database
        self.transport = transport
        self.sender = sender
        self.time = time
        self.retry = retry
        self.logger = logger
    }

    /// Sends the records due now (at most `limit`) once each.
    @discardableResult
    public func runOnce(limit: Int = 50) async throws -> Outcome {
        let context = self.context
        let now = time.nowMillis()
        let claim = now + retry.claimMillis
        let due = try await database.notificationTransaction { sql in
            let store = StoreTransaction(sql: sql, context: context)
            let due = try await store.dueNotifications(at: now, limit: limit)
            for record in due { try await store.scheduleNotification(id: record.id, nextAttemptAt: claim) }
            return due
        }
        var outcome = Outcome()
        for record in due {
            let attempts = record.attempts + 1
            do {
                try await transport.send(MailMessage(notification: record, from: sender, at: time.nowMillis()))
                try await database.notificationTransaction { sql in
                    try await StoreTransaction(sql: sql, context: context).markNotificationSent(
                        id: record.id,
                        attempts: attempts,
                        at: self.time.nowMillis()
                    )
                }
                outcome.sent += 1
                Counter(label: "ksi_notifications_sent_total", dimensions: [("service", context)]).increment()
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let giveUp = attempts >= retry.maxAttempts
                let next = time.nowMillis() + retry.delay(after: attempts)
                try await database.notificationTransaction { sql in
                    try await StoreTransaction(sql: sql, context: context).markNotificationAttemptFailed(
                        id: record.id,
                        attempts: attempts,
                        error: "\(error)",
                        nextAttemptAt: next,
                        giveUp: giveUp
                    )
                }
                outcome.failed += 1
                Counter(label: "ksi_notifications_failed_total", dimensions: [("service", context)]).increment()
                logger.log(
                    level: giveUp ? .error : .warning,
                    giveUp ? "Notification not delivered; giving up" : "Notification not delivered; will retry",
                    metadata: [
                        "ksi.notification": "\(record.id)", "ksi.attempts": "\(attempts)", "ksi.error": "\(error)",
                    ]
                )
            }
        }
        return outcome
    }
}
