import Foundation
import Gateway
import KSICore
import Synchronization
import Testing

/// The gateway's internal calls are bounded (docs/security.md, "Internal calls and caches"; issue 11 item 4).
@Suite("Gateway fan-out and milestone cache bounds")
struct InternalCallBoundsTests {
    /// Counts calls in flight and the most ever in flight at once.
    final class InFlight: Sendable {
        let state = Mutex<(now: Int, peak: Int, done: Int)>((0, 0, 0))
        func enter() {
            state.withLock {
                $0.now += 1
                $0.peak = max($0.peak, $0.now)
            }
        }
        func leave() {
            state.withLock {
                $0.now -= 1
                $0.done += 1
            }
        }
        var peak: Int { state.withLock { $0.peak } }
        var done: Int { state.withLock { $0.done } }
    }

    @Test("a 330-call fan-out never has more than the limit (16) in flight, and answers every call in order")
    func fanOutNeverExceedsItsLimit() async throws {
        let inFlight = InFlight()
        let items = Array(0..<330)
        let results = try await UpstreamFanOut(limit: 16).map(items) { item in
            inFlight.enter()
            defer { inFlight.leave() }
            try await Task.sleep(for: .milliseconds(Int.random(in: 1...8)))
            return item * 2
        }
        #expect(results == items.map { $0 * 2 })
        #expect(inFlight.done == 330)
        #expect(inFlight.peak <= 16)
        #expect(inFlight.peak == 16, "the fan-out should use its room, not run serially")
    }

    @Test("the first failure of a fan-out is thrown")
    func fanOutThrowsTheFailure() async throws {
        struct Down: Error {}
        await #expect(throws: Down.self) {
            _ = try await UpstreamFanOut(limit: 4).map(Array(0..<40)) { item in
                if item == 17 { throw Down() }
                return item
            }
        }
    }

    /// An append-only milestone stream (what ReferralService's ListReferralMilestones pages through).
    final class Stream: Sendable {
        let events = Mutex<[ReferralMilestoneReached]>([])
        let reads = Mutex(0)

        func append(_ count: Int) {
            events.withLock { events in
                let start = Int64(events.count)
                events += (1...Int64(count)).map { offset in
                    ReferralMilestoneReached.with {
                        $0.sequence = start + offset
                        $0.referralId = "r\(start + offset)"
                    }
                }
            }
        }

        func list(_ request: ListReferralMilestonesRequest) -> ListReferralMilestonesResponse {
            reads.withLock { $0 += 1 }
            return events.withLock { events in
                let page = Array(events.filter { $0.sequence > request.afterSequence }.prefix(Int(request.pageSize)))
                return ListReferralMilestonesResponse.with {
                    $0.events = page
                    $0.lastSequence = page.last?.sequence ?? request.afterSequence
                }
            }
        }
    }

    @Test("the milestone cache holds at most its bound, and every view still gets the whole stream")
    func milestoneCacheIsBounded() async throws {
        let stream = Stream()
        let cache = MilestoneCache(maxEvents: 2_500) { stream.list($0) }
        stream.append(1_200)
        #expect(try await cache.refreshed().count == 1_200)
        #expect(await cache.heldEvents == 1_200)
        stream.append(1_200)
        #expect(try await cache.refreshed().map(\.sequence) == Array(1...2_400))
        #expect(await cache.heldEvents == 2_400)
        stream.append(600)  // 3 000 > 2 500: the cache lets go, the view still gets all of it
        #expect(try await cache.refreshed().map(\.sequence) == Array(1...3_000))
        #expect(await cache.heldEvents == 0)
        stream.append(10)
        #expect(try await cache.refreshed().count == 3_010)
        #expect(await cache.heldEvents <= 2_500)
    }

    @Test("concurrent views share one top-up: no milestone is appended twice")
    func concurrentRefreshesDoNotDuplicate() async throws {
        let stream = Stream()
        stream.append(5_000)
        let cache = MilestoneCache(maxEvents: 100_000) { stream.list($0) }
        let counts = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<8 { group.addTask { try await cache.refreshed().map(\.sequence) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts.allSatisfy { $0 == Array(1...5_000) })
        #expect(await cache.heldEvents == 5_000)
    }
}
