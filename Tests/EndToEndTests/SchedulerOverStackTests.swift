import Foundation
import KSICore
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// Every hosted service runs its scheduler with its own jobs (issue 13), on SQLite files and on PostgreSQL.
@Suite("Scheduler in every service", .serialized)
struct SchedulerOverStackTests {
    @Test(
        "each service runs its jobs by itself once SERVING, and again when triggered, recording each run",
        arguments: [TestStack.Storage.sqlite, .postgres]
    )
    func everyServiceRunsItsJobs(_ storage: TestStack.Storage) async throws {
        // Every service also expires its idempotency records (IDEM-R2, issue 14).
        let expected: [KSIServiceKind: [String]] = [
            .allocation: ["grant-report-deadlines", "idempotency-expiry"],
            .needs: ["idempotency-expiry", "needs-round-deadlines"],
            .partnerships: ["idempotency-expiry", "partnership-expiry", "partnership-warnings"],
            .referral: ["idempotency-expiry", "referral-retention-purge", "referral-startup-deadline"],
        ]
        try await TestStack.with(storage: storage) { stack in
            // Each service's own loop runs its jobs once when the service is SERVING (the stack's loops
            // then wait an hour of wall time): wait for those runs, so they do not hold the leases below.
            for kind in KSIServiceKind.allCases {
                let scheduler = try #require(stack.schedulers[kind])
                var ranByLoop = false
                for _ in 0..<400 where !ranByLoop {
                    let states = try await scheduler.states()
                    ranByLoop =
                        states.count == expected[kind]?.count
                        && states.allSatisfy { $0.runs == 1 && $0.leaseOwner == nil }
                    if !ranByLoop { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(ranByLoop, "\(kind): the service's loop did not run its jobs")
            }
            // A day on, every job is due again.
            stack.time.advance(days: 1)
            for kind in KSIServiceKind.allCases {
                let scheduler = try #require(stack.schedulers[kind])
                let runs = try await scheduler.runDueJobs()
                #expect(runs.map(\.job).sorted() == expected[kind], "\(kind)")
                #expect(runs.allSatisfy { $0.outcome == .succeeded }, "\(kind): \(runs)")
                let states = try await scheduler.states()
                #expect(states.map(\.name) == expected[kind])
                #expect(
                    states.allSatisfy { $0.lastRunAt == stack.time.nowMillis() && $0.leaseOwner == nil && $0.runs == 2 }
                )
            }
        }
    }
}
