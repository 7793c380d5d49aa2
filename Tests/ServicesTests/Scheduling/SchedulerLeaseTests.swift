import Foundation
import KSICore
import KSITestSupport
import Logging
import Prometheus
import Services
import Testing

/// The scheduler's mechanism (issue 13): leases among replicas sharing one database, takeover of a
/// crashed holder's lease, state that survives a restart, and failures that are recorded and retried.
@Suite("Scheduler: leases, restarts and failures")
struct SchedulerLeaseTests {
    static let start: Int64 = 1_767_225_600_000  // 2026-01-01T00:00Z
    static let period = Duration.seconds(3600)
    static let periodMillis: Int64 = 3_600_000
    static let logger = Logger(label: "ksi.test.scheduler")

    static func counting(_ counter: RunCounter, name: String = "count") -> ScheduledJob {
        ScheduledJob(name: name, every: period) { _ in
            await counter.increment()
            // Long enough that the other replica's attempt falls inside the run.
            try await Task.sleep(for: .milliseconds(20))
            return "counted"
        }
    }

    @Test(
        "two replicas race for the same due job many times; it runs once per due time",
        arguments: TestDatabase.Engine.allCases
    )
    func exactlyOnceAcrossReplicas(_ engine: TestDatabase.Engine) async throws {
        try await SchedulerReplicas.with(engine) { first, second in
            let time = FixedTimeSource(millis: Self.start)
            let counter = RunCounter()
            let job = Self.counting(counter)
            let a = Scheduler(database: first, jobs: [job], time: time, owner: "replica-a", logger: Self.logger)
            let b = Scheduler(database: second, jobs: [job], time: time, owner: "replica-b", logger: Self.logger)
            let rounds = 15
            for round in 1...rounds {
                // Both replicas check at once, twice each, at the same due time.
                async let fromA = a.runDueJobs()
                async let fromB = b.runDueJobs()
                async let againA = a.runDueJobs()
                async let againB = b.runDueJobs()
                let runs = try await fromA.count + fromB.count + againA.count + againB.count
                #expect(runs == 1, "round \(round): \(runs) runs")
                #expect(await counter.count == round)
                time.advance(millis: Self.periodMillis)
            }
            let state = try #require(try await a.states().first)
            #expect(state.runs == Int64(rounds))
            #expect(state.leaseOwner == nil)
            #expect(state.lastOutcome == "succeeded")
        }
    }

    @Test("a lease held by a crashed replica is taken over once it expires", arguments: TestDatabase.Engine.allCases)
    func crashedLeaseIsTakenOver(_ engine: TestDatabase.Engine) async throws {
        try await SchedulerReplicas.with(engine) { first, second in
            let time = FixedTimeSource(millis: Self.start)
            let counter = RunCounter()
            let leaseMillis: Int64 = 600_000
            let job = Self.counting(counter)
            // The crashed replica took the lease and never finished.
            let leases = JobLeases(database: first)
            try await leases.register(job.name, firstRunAt: Self.start)
            #expect(try await leases.acquire(job.name, owner: "crashed", now: Self.start, leaseMillis: leaseMillis))
            let survivor = Scheduler(
                database: second,
                jobs: [job],
                time: time,
                leaseMillis: leaseMillis,
                owner: "survivor",
                logger: Self.logger
            )
            #expect(try await survivor.runDueJobs().isEmpty)
            #expect(try await survivor.states().first?.leaseOwner == "crashed")
            time.advance(millis: leaseMillis - 1)
            #expect(try await survivor.runDueJobs().isEmpty)
            time.advance(millis: 1)
            let runs = try await survivor.runDueJobs()
            #expect(runs.map(\.outcome) == [.succeeded])
            #expect(await counter.count == 1)
            // The crashed replica, back too late, cannot record over the survivor's run.
            #expect(
                try await !leases.finish(
                    job.name,
                    owner: "crashed",
                    now: time.nowMillis(),
                    outcome: "succeeded",
                    detail: "",
                    nextRunAt: 0
                )
            )
            let state = try #require(try await survivor.states().first)
            #expect(state.leaseOwner == nil)
            #expect(state.runs == 1)
            #expect(state.lastRunAt == Self.start + leaseMillis)
        }
    }

    @Test(
        "a restarted service keeps the last run and does not run a job before it is due again",
        arguments: TestDatabase.Engine.allCases
    )
    func restartKeepsState(_ engine: TestDatabase.Engine) async throws {
        try await SchedulerReplicas.with(engine) { before, after in
            let time = FixedTimeSource(millis: Self.start)
            let counter = RunCounter()
            let job = Self.counting(counter)
            let first = Scheduler(database: before, jobs: [job], time: time, logger: Self.logger)
            #expect(try await first.runDueJobs().count == 1)
            // The process restarts: a new scheduler (new owner id) on a new connection to the same database.
            time.advance(millis: Self.periodMillis / 2)
            let restarted = Scheduler(database: after, jobs: [job], time: time, logger: Self.logger)
            #expect(restarted.owner != first.owner)
            #expect(try await restarted.runDueJobs().isEmpty)
            let state = try #require(try await restarted.states().first)
            #expect(state.lastRunAt == Self.start)
            #expect(state.nextRunAt == Self.start + Self.periodMillis)
            #expect(state.lastOutcome == "succeeded")
            #expect(state.lastDetail == "counted")
            time.advance(millis: Self.periodMillis / 2)
            #expect(try await restarted.runDueJobs().count == 1)
            #expect(await counter.count == 2)
        }
    }

    @Test(
        "a job that throws is recorded as failed, retried next tick, and does not stop the other jobs",
        arguments: TestDatabase.Engine.allCases
    )
    func failuresAreRecordedAndRetried(_ engine: TestDatabase.Engine) async throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "the source is away" } }
        try await SchedulerReplicas.with(engine) { database, _ in
            let time = FixedTimeSource(millis: Self.start)
            let attempts = RunCounter()
            let counter = RunCounter()
            let flaky = ScheduledJob(name: "a-flaky", every: Self.period) { _ in
                await attempts.increment()
                if await attempts.count == 1 { throw Broken() }
                return "recovered"
            }
            let registry = PrometheusCollectorRegistry()
            let scheduler = Scheduler(
                database: database,
                jobs: [flaky, Self.counting(counter, name: "b-steady")],
                time: time,
                logger: Self.logger,
                metrics: PrometheusMetricsFactory(registry: registry)
            )
            let firstTick = try await scheduler.runDueJobs()
            #expect(firstTick.map(\.outcome) == [.failed, .succeeded])
            #expect(await counter.count == 1)
            let failed = try #require(try await scheduler.states().first { $0.name == "a-flaky" })
            #expect(failed.lastOutcome == "failed")
            #expect(failed.lastDetail == "the source is away")
            #expect(failed.nextRunAt == Self.start)
            // The next tick, at the same time, retries only the failed job.
            let secondTick = try await scheduler.runDueJobs()
            #expect(secondTick.map(\.job) == ["a-flaky"])
            #expect(secondTick.map(\.outcome) == [.succeeded])
            let recovered = try #require(try await scheduler.states().first { $0.name == "a-flaky" })
            #expect(recovered.lastOutcome == "succeeded")
            #expect(recovered.runs == 2)
            #expect(recovered.nextRunAt == Self.start + Self.periodMillis)
            let text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
            #expect(text.contains(#"ksi_job_runs_total{job="a-flaky",outcome="failed"} 1"#), "\(text)")
            #expect(text.contains(#"ksi_job_runs_total{job="a-flaky",outcome="succeeded"} 1"#), "\(text)")
            #expect(text.contains(#"ksi_job_last_run_timestamp_seconds{job="b-steady"} 1767225600"#), "\(text)")
        }
    }
}
