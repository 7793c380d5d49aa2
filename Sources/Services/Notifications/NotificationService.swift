import KSICore
import Logging
import Metrics
import ServiceLifecycle

/// The lifecycle service of notifications in one KSI service (issue 13): turns the outbox into
/// notification records (`Notifier`) and sends the due ones (`NotificationDelivery`), every
/// `pollInterval`. Without a mail transport (no KSI_SMTP_URL, no KSI_MAIL_DIRECTORY) the records
/// are kept and nothing is sent; that is logged once. Gauges: `ksi_notifications_pending`,
/// `ksi_notifications_undeliverable` (failed for good), per service.
public struct NotificationService: Service {
    let notifier: Notifier
    let delivery: NotificationDelivery?
    let database: KSIDatabase
    let pollInterval: Duration
    let ready: @Sendable () -> Bool
    let logger: Logger

    public init(
        notifier: Notifier,
        delivery: NotificationDelivery?,
        database: KSIDatabase,
        pollInterval: Duration = .seconds(2),
        logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true }
    ) {
        self.notifier = notifier
        self.delivery = delivery
        self.database = database
        self.pollInterval = pollInterval
        self.ready = ready
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            try await loop()
        }
    }

    private func loop() async throws {
        while !ready() { try await Task.sleep(for: .milliseconds(50)) }
        if delivery == nil {
            logger.notice(
                "No mail transport configured (KSI_SMTP_URL or KSI_MAIL_DIRECTORY): notifications are recorded, not e-mailed"
            )
        }
        let context = notifier.context
        let pending = Gauge(label: "ksi_notifications_pending", dimensions: [("service", context)])
        let undeliverable = Gauge(label: "ksi_notifications_undeliverable", dimensions: [("service", context)])
        while !Task.isCancelled {
            do {
                try await roundOnce()
                let counts = try await database.read { sql in
                    try await StoreTransaction(sql: sql, context: context).notificationCounts()
                }
                pending.record(counts[.pending] ?? 0)
                undeliverable.record(counts[.failed] ?? 0)
            } catch is CancellationError {
                return
            } catch {
                logger.warning("Notifications could not be processed; retrying", metadata: ["ksi.error": "\(error)"])
            }
            try await Task.sleep(for: pollInterval)
        }
    }

    /// Records the new events' notifications, then sends what is due.
    public func roundOnce() async throws {
        try await notifier.catchUp()
        if let delivery {
            while try await delivery.runOnce().sent > 0 {}
        }
    }
}
