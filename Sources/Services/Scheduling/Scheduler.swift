import Foundation
import KSICore
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Runs a service's scheduled jobs (issue 13): every `checkInterval` it runs the jobs that are due,
/// each under a lease in the service's database (`JobLeases`), so replicas sharing one PostgreSQL
/// database run a due job exactly once. The lease expires after `leaseMillis` of the injected clock,
/// so a job whose replica crashed is taken over. Last run, outcome and next run are stored, so a
/// restart resumes the schedule. A job that throws is recorded as failed and is due again at once
/// (retried next tick); it does not stop the other jobs.
public final class Scheduler: Service, Sendable {
    public static let defaultCheckInterval: Duration = .seconds(60)
    public static let defaultLeaseMillis: Int64 = 10 * 60 * 1000

    public let jobs: [ScheduledJob]
    let leases: JobLeases
    let time: any TimeSource
    /// This replica's lease-owner id: host, process and a random part.
    public let owner: String
    let checkInterval: Duration
    let leaseMillis: Int64
    let logger: Logger
    let metrics: any MetricsFactory
    /// Whether the service is ready (migrated); the loop waits until it is.
    let ready: @Sendable () -> Bool
    /// Whether this scheduler has stored its jobs' rows (once, not a write per job on every check).
    private let registered = Mutex(false)
    private let checkedOnce = Mutex(false)

    /// Whether the loop has made its first check (the one at start-up), whatever it found. A test stack
    /// waits for it before handing control to a test that moves the clock, so that first check cannot
    /// land after the move and run the test's jobs behind its back.
    public var hasCheckedOnce: Bool { checkedOnce.withLock { $0 } }

    public init(
        database: KSIDatabase,
        jobs: [ScheduledJob],
        time: any TimeSource,
        checkInterval: Duration = defaultCheckInterval,
        leaseMillis: Int64 = defaultLeaseMillis,
        owner: String? = nil,
        logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory,
        ready: @escaping @Sendable () -> Bool = { true }
    ) {
        self.jobs = jobs
        self.leases = JobLeases(database: database)
        self.time = time
        self.checkInterval = checkInterval
        self.leaseMillis = leaseMillis
        self.owner =
            owner
            ?? "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8).lowercased())"
        self.logger = logger
        self.metrics = metrics
        self.ready = ready
    }

    public func run() async throws {
        // Graceful shutdown cancels the loop; a cancelled sleep is the normal way out.
        try? await cancelWhenGracefulShutdown {
            while !self.ready() { try await Task.sleep(for: .milliseconds(50)) }
            while !Task.isCancelled {
                do {
                    try await self.runDueJobs()
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.warning("Scheduler could not check its jobs", metadata: ["ksi.error": "\(error)"])
                }
                self.checkedOnce.withLock { $0 = true }
                try await Task.sleep(for: self.checkInterval)
            }
        }
    }

    /// Runs every job that is due now and whose lease this replica gets; returns the runs it made.
    @discardableResult
    public func runDueJobs() async throws -> [JobRun] {
        if !registered.withLock({ $0 }) {
            for job in jobs { try await leases.register(job.name, firstRunAt: time.nowMillis()) }
            registered.withLock { $0 = true }
        }
        var runs: [JobRun] = []
        for job in jobs {
            let now = time.nowMillis()
            guard try await leases.acquire(job.name, owner: owner, now: now, leaseMillis: leaseMillis) else { continue }
            let run: JobRun
            do {
                let detail = try await job.run(now)
                run = JobRun(job: job.name, outcome: .succeeded, detail: detail)
            } catch {
                logger.error("Scheduled job failed", metadata: ["ksi.job": "\(job.name)", "ksi.error": "\(error)"])
                run = JobRun(job: job.name, outcome: .failed, detail: "\(error)")
            }
            // A failed job is due again at once, so the next tick retries it.
            let next = run.outcome == .succeeded ? now + job.periodMillis : now
            let recorded = try await leases.finish(
                job.name,
                owner: owner,
                now: now,
                outcome: run.outcome.rawValue,
                detail: String(run.detail.prefix(1000)),
                nextRunAt: next
            )
            if !recorded {
                logger.warning(
                    "Scheduled job outlived its lease; another replica took it",
                    metadata: ["ksi.job": "\(job.name)"]
                )
            }
            Counter(
                label: "ksi_job_runs_total",
                dimensions: [("job", job.name), ("outcome", run.outcome.rawValue)],
                factory: metrics
            )
            .increment()
            Gauge(label: "ksi_job_last_run_timestamp_seconds", dimensions: [("job", job.name)], factory: metrics)
                .record(Double(now) / 1000)
            runs.append(run)
        }
        return runs
    }

    /// The stored state of this service's jobs (the admin server's `/jobs`).
    package func states() async throws -> [JobState] {
        let names = Set(jobs.map(\.name))
        return try await leases.list().filter { names.contains($0.name) }
    }
}
