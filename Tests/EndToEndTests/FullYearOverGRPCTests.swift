import KSICore
import StackTestSupport
import Testing

/// The demo embete-year driven through the four services over gRPC and mutual TLS: every command a
/// real call, each organisation acting through the gateway identity with its principal forwarded,
/// and the services' own event relays carrying decisions, grants and reports between them.
@Suite("A full year end to end over gRPC")
struct FullYearOverGRPCTests {
    @Test("needs round → reports → recommendation → decisions → grants → measures T1–T3 → report, over gRPC")
    func fullYear() async throws {
        try await TestStack.with { stack in
            let summary = try await stack.loadDemoYear()
            // Outcomes reached Needs only through the allocation → needs relay.
            #expect(summary.needsReports["fundedAsRequested", default: 0] > 0)
            #expect(summary.needsReports["rejected", default: 0] > 0)
            #expect(summary.grants.values.reduce(0, +) > 0)
            #expect(summary.measures["completed", default: 0] > 0)
            #expect(summary.partnershipReports["accepted", default: 0] > 0)
            #expect(summary.referrals["closed", default: 0] > 0)
        }
    }
}
