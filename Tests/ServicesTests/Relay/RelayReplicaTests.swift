import Foundation
import KSICore
import KSITestSupport
import Logging
import Services
import Synchronization
import Testing

/// Issue 17: two replicas of a service share one database and both run its relays. A batch runs on one replica at
/// a time (`KSIDatabase.exclusively`), so each event is applied once, a rejected one is one dead letter with one
/// attempt, and the cursor only moves forward.
@Suite("Event relay on two replicas of one database")
struct RelayReplicaTests {
    /// A producer whose events are 1…n, and a consumer that counts every application (no idempotency table here:
    /// an event applied by both replicas shows as two applications).
    final class World: Sendable {
        let events = Mutex<[Int64]>([])
        let applied = Mutex<[Int64]>([])
        let rejects: Set<Int64>

        init(rejects: Set<Int64>) { self.rejects = rejects }

        func relay(_ database: KSIDatabase) -> EventRelay<Int64> {
            EventRelay(
                name: .partnershipsToAllocation,
                database: database,
                logger: Logger(label: "test"),
                fetch: { after in self.events.withLock { $0.filter { $0 > after } } },
                sequence: { $0 },
                encode: { ("Number", Array(String($0).utf8)) },
                apply: { event in
                    // Long enough that the other replica's batch would overlap this one.
                    try await Task.sleep(for: .milliseconds(2))
                    if self.rejects.contains(event) { throw DomainError.notFound("report", "r\(event)") }
                    self.applied.withLock { $0.append(event) }
                }
            )
        }
    }

    @Test(
        "both replicas poll at once, round after round: every event is applied once, in order; one dead letter with one attempt",
        arguments: TestDatabase.Engine.allCases
    )
    func eachEventOnce(_ engine: TestDatabase.Engine) async throws {
        try await SchedulerReplicas.with(engine) { first, second in
            let world = World(rejects: [7, 23])
            let a = world.relay(first)
            let b = world.relay(second)
            var total: Int64 = 0
            for round in 1...6 {
                world.events.withLock { events in
                    events += (total + 1...total + 8).map { $0 }
                }
                total += 8
                // Each replica polls twice, all four at once.
                async let fromA = a.runOnce()
                async let fromB = b.runOnce()
                async let againA = a.runOnce()
                async let againB = b.runOnce()
                let handled = try await fromA + fromB + againA + againB
                // Whatever one poll left (it started before another finished) the next round's polls take.
                #expect(handled <= 8, "round \(round): \(handled) events handled for 8 new ones")
            }
            // The last events left by a poll that found the relay busy.
            while try await a.runOnce() + b.runOnce() > 0 {}
            let expected = (1...total).filter { ![7, 23].contains($0) }
            #expect(world.applied.withLock { $0 } == expected)
            let (cursor, letters) = try await first.read { sql in
                let store = StoreTransaction(sql: sql, context: "relay")
                return (
                    try await store.relayCursor(.partnershipsToAllocation),
                    try await store.deadLetters(
                        relays: [RelayName.partnershipsToAllocation.rawValue],
                        after: nil,
                        limit: 10
                    )
                )
            }
            #expect(cursor == total)
            #expect(letters.map(\.sequence) == [7, 23])
            #expect(letters.map(\.attempts) == [1, 1])
        }
    }

    @Test("the cursor moves only forward: a replica that handled an event late records nothing for it")
    func cursorOnlyForward() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let moved = try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "relay")
                return [
                    try await store.advanceRelayCursor(.allocationToNeeds, to: 5, at: 1),
                    try await store.advanceRelayCursor(.allocationToNeeds, to: 3, at: 2),
                    try await store.advanceRelayCursor(.allocationToNeeds, to: 5, at: 3),
                    try await store.advanceRelayCursor(.allocationToNeeds, to: 6, at: 4),
                ]
            }
            #expect(moved == [true, false, false, true])
            let cursor = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "relay").relayCursor(.allocationToNeeds)
            }
            #expect(cursor == 6)
        }
    }
}
