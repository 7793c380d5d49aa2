import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSITestSupport
import Services
import Testing

/// The demo embete-year driven through the four services over gRPC and mutual TLS: every command a
/// real call, each organisation acting through the gateway identity with its principal forwarded,
/// and the services' own event relays carrying decisions, grants and reports between them.
@Suite("A full year end to end over gRPC")
struct FullYearOverGRPCTests {
    typealias Transport = HTTP2ClientTransport.Posix

    /// Metadata that makes the gateway identity act for `caller`.
    static func metadata(for caller: Caller) -> Metadata {
        var metadata = Metadata()
        metadata.addString(caller.orgNumber, forKey: CallerIdentity.principalKey)
        if !caller.personId.isEmpty { metadata.addString(caller.personId, forKey: CallerIdentity.personKey) }
        return metadata
    }

    @Test("needs round → reports → recommendation → decisions → grants → measures T1–T3 → report, over gRPC")
    func fullYear() async throws {
        try await TestStack.with { stack in
            try await stack.client(.needs, as: "gateway-client") { needsClient in
                try await stack.client(.partnerships, as: "gateway-client") { partnershipsClient in
                    try await stack.client(.allocation, as: "gateway-client") { allocationClient in
                        try await stack.client(.referral, as: "gateway-client") { referralClient in
                            let options = CallOptions.timeout(.seconds(30))
                            let needs = NeedsServiceRouter { NeedsServiceRemote(NeedsServiceClient(wrapping: needsClient), metadata: Self.metadata(for: $0), options: options) }
                            let partnerships = PartnershipServiceRouter {
                                PartnershipServiceRemote(PartnershipServiceClient(wrapping: partnershipsClient), metadata: Self.metadata(for: $0), options: options)
                            }
                            let allocation = AllocationServiceRouter {
                                AllocationServiceRemote(AllocationServiceClient(wrapping: allocationClient), metadata: Self.metadata(for: $0), options: options)
                            }
                            let referral = ReferralServiceRouter {
                                ReferralServiceRemote(ReferralServiceClient(wrapping: referralClient), metadata: Self.metadata(for: $0), options: options)
                            }
                            let summary = try await DemoYear.load(
                                needs: needs, partnerships: partnerships, allocation: allocation, referral: referral,
                                reference: stack.reference, time: stack.time,
                                settle: { try await stack.waitForRelays(allocation: allocation, partnerships: partnerships) })
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
            }
        }
    }
}

extension TestStack {
    /// Returns once each relay has applied every event its producer has emitted so far.
    func waitForRelays(allocation: AllocationServiceRouter, partnerships: PartnershipServiceRouter) async throws {
        let system = Caller(orgNumber: ServiceIdentities.gateway, grants: [RoleGrant(.system)])
        func latest<E>(_ page: @Sendable (Int64) async throws -> [E], _ sequence: (E) -> Int64) async throws -> Int64 {
            var last: Int64 = 0
            while true {
                let events = try await page(last)
                guard let newest = events.map(sequence).max() else { return last }
                last = newest
            }
        }
        func cursor(_ kind: KSIServiceKind, _ name: String) async throws -> Int64 {
            try await databases[kind]!.read { sql in try await StoreTransaction(sql: sql, context: "relay").relayCursor(name) }
        }
        var stableRounds = 0
        for _ in 0..<400 {
            let allocationLatest = try await latest({ after in
                try await allocation.listAllocationEvents(.with { $0.afterSequence = after; $0.pageSize = 500 }, as: system).events
            }, \.sequence)
            let partnershipsLatest = try await latest({ after in
                try await partnerships.listPartnershipEvents(.with { $0.afterSequence = after; $0.pageSize = 500 }, as: system).events
            }, \.sequence)
            let needsCursor = try await cursor(.needs, "allocation-to-needs")
            let partnershipsCursor = try await cursor(.partnerships, "allocation-to-partnerships")
            let allocationCursor = try await cursor(.allocation, "partnerships-to-allocation")
            let caughtUp = needsCursor >= allocationLatest && partnershipsCursor >= allocationLatest
                && allocationCursor >= partnershipsLatest
            // Applying one service's events can make the other emit more: settled means caught up twice running.
            stableRounds = caughtUp ? stableRounds + 1 : 0
            if stableRounds == 2 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw DomainError(.unavailable, "the event relays did not catch up within 40 seconds")
    }
}
