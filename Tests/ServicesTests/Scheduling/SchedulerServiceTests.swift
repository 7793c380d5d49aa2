import Foundation
import KSICore
import KSITestSupport
import Logging
import Prometheus
import ServiceLifecycle
import Services
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The scheduler as a lifecycle service: its own loop runs due jobs every check interval, and the
/// admin server lists the jobs as JSON (`/jobs`, what `ksi jobs --admin` prints).
@Suite("Scheduler service: the loop and /jobs")
struct SchedulerServiceTests {
    static let logger = Logger(label: "ksi.test.scheduler")

    @Test("the loop runs a due job by itself, and again once the clock has moved a period on")
    func loopRunsDueJobs() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let time = FixedTimeSource(millis: SchedulerLeaseTests.start)
            let counter = RunCounter()
            let scheduler = Scheduler(
                database: database,
                jobs: [SchedulerLeaseTests.counting(counter)],
                time: time,
                checkInterval: .milliseconds(50),
                logger: Self.logger
            )
            let group = ServiceGroup(services: [scheduler], gracefulShutdownSignals: [], logger: Self.logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await Self.waitUntil { await counter.count == 1 }
                // Several checks pass without a run while the job is not due.
                try await Task.sleep(for: .milliseconds(300))
                #expect(await counter.count == 1)
                time.advance(millis: SchedulerLeaseTests.periodMillis)
                try await Self.waitUntil { await counter.count == 2 }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    @Test("the admin server lists the jobs with last run, outcome, next run and lease holder")
    func adminListsJobs() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let time = FixedTimeSource(millis: SchedulerLeaseTests.start)
            let scheduler = Scheduler(
                database: database,
                jobs: [SchedulerLeaseTests.counting(RunCounter(), name: "count")],
                time: time,
                logger: Self.logger
            )
            _ = try await scheduler.runDueJobs()
            let port = try freeLoopbackPort()
            let admin = AdminHTTPServer.make(
                port: port,
                registry: PrometheusCollectorRegistry(),
                health: HealthService(),
                scheduler: scheduler,
                logger: Self.logger
            )
            let group = ServiceGroup(services: [admin], gracefulShutdownSignals: [], logger: Self.logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let url = URL(string: "http://127.0.0.1:\(port)/jobs")!
                try await Self.waitUntil { (try? await URLSession.shared.data(from: url)) != nil }
                let (data, response) = try await URLSession.shared.data(from: url)
                #expect((response as? HTTPURLResponse)?.statusCode == 200)
                #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") == "application/json")
                let jobs = try JSONDecoder().decode([JobState].self, from: data)
                #expect(
                    jobs == [
                        JobState(
                            name: "count",
                            nextRunAt: SchedulerLeaseTests.start + SchedulerLeaseTests.periodMillis,
                            lastRunAt: SchedulerLeaseTests.start,
                            lastOutcome: "succeeded",
                            lastDetail: "counted",
                            runs: 1,
                            leaseOwner: nil,
                            leaseUntil: 0
                        )
                    ]
                )
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    static func waitUntil(_ condition: @Sendable () async throws -> Bool) async throws {
        for _ in 0..<200 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the condition did not hold within 10 s")
    }
}
