import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import Services

extension TestStack {
    /// Returns once each relay has applied every event its producer has emitted so far.
    public func waitForRelays(allocation: AllocationServiceRouter, partnerships: PartnershipServiceRouter) async throws
    {
        let system = Caller(orgNumber: ServiceIdentities.gateway, grants: [RoleGrant(.system)])
        func latest<E>(_ page: @Sendable (Int64) async throws -> [E], _ sequence: (E) -> Int64) async throws -> Int64 {
            var last: Int64 = 0
            while true {
                let events = try await page(last)
                guard let newest = events.map(sequence).max() else { return last }
                last = newest
            }
        }
        func cursor(_ kind: KSIServiceKind, _ name: RelayName) async throws -> Int64 {
            try await databases[kind]!.read { sql in
                try await StoreTransaction(sql: sql, context: "relay").relayCursor(name)
            }
        }
        var stableRounds = 0
        for _ in 0..<400 {
            let allocationLatest = try await latest(
                { after in
                    try await allocation.listAllocationEvents(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = 500
                        },
                        as: system
                    ).events
                },
                \.sequence
            )
            let partnershipsLatest = try await latest(
                { after in
                    try await partnerships.listPartnershipEvents(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = 500
                        },
                        as: system
                    ).events
                },
                \.sequence
            )
            let needsCursor = try await cursor(.needs, .allocationToNeeds)
            let partnershipsCursor = try await cursor(.partnerships, .allocationToPartnerships)
            let allocationCursor = try await cursor(.allocation, .partnershipsToAllocation)
            let caughtUp =
                needsCursor >= allocationLatest && partnershipsCursor >= allocationLatest
                && allocationCursor >= partnershipsLatest
            // Applying one service's events can make the other emit more: settled means caught up twice running.
            stableRounds = caughtUp ? stableRounds + 1 : 0
            if stableRounds == 2 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw DomainError(.unavailable, "the event relays did not catch up within 40 seconds")
    }
}
