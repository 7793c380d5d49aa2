import KSICore
import Logging
import Metrics
import ServiceLifecycle

/// Carries another service's events into this one: polls the producer's `List…Events` over gRPC
/// and applies each event to the local context, then moves a cursor kept in the local database.
///
/// - No lost updates: the cursor moves only after an event is applied, and it lives in the
///   consumer's database, so a restart resumes where it stopped.
/// - No double application: each apply carries a request id derived from the event's sequence, so a
///   replay after a crash between "applied" and "cursor saved" is answered from the idempotency table.
/// - Producer down: fetch errors back off exponentially (up to `maxBackoff`) and retry.
/// - An event the consumer rejects for good (a domain error other than `unavailable`) becomes a dead
///   letter (`DeadLetterSchema`) in the same transaction that moves the cursor past it, so one bad event
///   cannot stop the flow and none is skipped for ever: operators list, retry or drop it through the
///   service's `…DeadLetter(s)` RPCs (docs/operations.md). It is logged at error level and counted in
///   `ksi_relay_rejected_total`; `ksi_relay_dead_letters` is the number pending per relay. Transient
///   failures (`unavailable`, transport errors) are not dead letters: the batch stops and is retried.
/// - Replicas (issue 17): every replica of a service runs its relays, and one at a time runs a relay's batch
///   (`KSIDatabase.exclusively`: a PostgreSQL session advisory lock per relay), so an event is fetched and applied
///   by one replica; the others skip that poll. The cursor only moves forward, in the transaction that records
///   the event's outcome; should two replicas ever overlap (a lock lost with its connection), the one behind
///   finds the cursor past its event, records nothing and stops its batch. `ksi_relay_applied_total` counts
///   the events a replica applied.
public struct EventRelay<Event: Sendable>: Service, EventRelaying {
    public let name: RelayName
    let database: KSIDatabase
    let fetch: @Sendable (_ after: Int64) async throws -> [Event]
    let sequence: @Sendable (Event) -> Int64
    let apply: @Sendable (Event) async throws -> Void
    /// The event's type and wire bytes, kept with a dead letter so it can be applied again.
    let encode: @Sendable (Event) throws -> (type: String, payload: [UInt8])
    let time: any TimeSource
    let pollInterval: Duration
    let maxBackoff: Duration
    let logger: Logger
    /// Whether the local service is ready (migrated); the relay waits until it is.
    let ready: @Sendable () -> Bool
    let metrics: any MetricsFactory

    public init(
        name: RelayName,
        database: KSIDatabase,
        pollInterval: Duration = .seconds(1),
        maxBackoff: Duration = .seconds(30),
        logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true },
        time: any TimeSource = SystemTimeSource(),
        metrics: any MetricsFactory = MetricsSystem.factory,
        fetch: @escaping @Sendable (Int64) async throws -> [Event],
        sequence: @escaping @Sendable (Event) -> Int64,
        encode: @escaping @Sendable (Event) throws -> (type: String, payload: [UInt8]),
        apply: @escaping @Sendable (Event) async throws -> Void
    ) {
        self.name = name
        self.database = database
        self.fetch = fetch
        self.sequence = sequence
        self.apply = apply
        self.encode = encode
        self.time = time
        self.pollInterval = pollInterval
        self.maxBackoff = maxBackoff
        self.logger = logger
        self.ready = ready
        self.metrics = metrics
    }

    public func run() async throws {
        // Graceful shutdown cancels the loop; a cancelled sleep is the normal way out, not a failure.
        try? await cancelWhenGracefulShutdown {
            try await loop()
        }
    }

    private func loop() async throws {
        while !ready() { try await Task.sleep(for: .milliseconds(50)) }
        var backoff = SourceBackoff(maxBackoff: maxBackoff)
        while !Task.isCancelled {
            do {
                let applied = try await runOnce()
                if backoff.succeeded() {
                    logger.info("Event relay reached its source again", metadata: ["ksi.relay": "\(name.rawValue)"])
                }
                if applied == 0 { try await Task.sleep(for: pollInterval) }
            } catch is CancellationError {
                return
            } catch {
                let (level, wait) = backoff.failed()
                logger.log(
                    level: level,
                    "Event relay waiting for its source",
                    metadata: ["ksi.relay": "\(name.rawValue)", "ksi.error": "\(error)"]
                )
                try await Task.sleep(for: wait)
            }
        }
    }

    /// Fetches and applies one batch; returns how many events it applied or set aside as dead letters (0 while
    /// another replica runs this relay).
    @discardableResult
    public func runOnce() async throws -> Int {
        let handled = try await database.exclusively("relay:\(name.rawValue)") { try await runBatch() }
        try await publishPending()
        return handled ?? 0
    }

    /// One batch, while this replica alone runs the relay.
    private func runBatch() async throws -> Int {
        let name = self.name
        let cursor = try await database.read { sql in
            try await StoreTransaction(sql: sql, context: "relay").relayCursor(name)
        }
        let events = try await fetch(cursor)
        var handled = 0
        for event in events {
            let sequence = sequence(event)
            var rejection: DomainError?
            do {
                try await apply(event)
            } catch let error as DomainError where error.code != .unavailable {
                rejection = error
            }
            let deadLetter = try rejection.map { error in (error: error, event: try encode(event)) }
            let now = time.nowMillis()
            let moved = try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "relay")
                guard try await store.advanceRelayCursor(name, to: sequence, at: now) else { return false }
                if let deadLetter {
                    try await store.recordDeadLetter(
                        relay: name.rawValue,
                        sequence: sequence,
                        eventType: deadLetter.event.type,
                        payload: deadLetter.event.payload,
                        error: deadLetter.error,
                        at: now
                    )
                }
                return true
            }
            // Another replica is past this event already (it recorded the outcome): leave the rest to it.
            guard moved else { break }
            handled += 1
            if let rejection {
                logger.error(
                    "Event rejected by this service; kept as a dead letter",
                    metadata: [
                        "ksi.relay": "\(name.rawValue)", "ksi.sequence": "\(sequence)", "ksi.error": "\(rejection)",
                    ]
                )
                Counter(label: "ksi_relay_rejected_total", dimensions: [("relay", name.rawValue)], factory: metrics)
                    .increment()
            } else {
                Counter(label: "ksi_relay_applied_total", dimensions: [("relay", name.rawValue)], factory: metrics)
                    .increment()
            }
        }
        return handled
    }

    /// `ksi_relay_dead_letters{relay}`: dead letters waiting for an operator (a retry or drop shows on the next poll).
    func publishPending() async throws {
        let name = self.name
        let pending = try await database.read { sql in
            try await StoreTransaction(sql: sql, context: "relay").deadLetterCount(relay: name.rawValue)
        }
        Gauge(label: "ksi_relay_dead_letters", dimensions: [("relay", name.rawValue)], factory: metrics).record(pending)
    }
}

/// An event relay of any event type, as a service host exposes it (issue 17): a test or an operator tool runs a
/// batch now with `runOnce()`.
public protocol EventRelaying: Service {
    var name: RelayName { get }
    /// Fetches and applies one batch; returns how many events it applied or set aside as dead letters.
    func runOnce() async throws -> Int
}
