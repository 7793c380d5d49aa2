import Foundation
import KSICore
import KSITestSupport
import Logging
import Services
import Synchronization
import Testing

/// The relay's guarantees with a synthetic producer and a real (SQLite) consumer database.
@Suite("Event relay between services")
struct EventRelayTests {
    struct TransportDown: Error {}

    /// A producer whose events are numbers 1…n, and a consumer that records what it applied.
    final class World: Sendable {
        let events = Mutex<[Int64]>([])
        let applied = Mutex<[Int64]>([])
        let producerDown = Mutex(false)
        let rejects = Mutex<Set<Int64>>([])
        let failOnceAt = Mutex<Int64?>(nil)
        let unavailableAt = Mutex<Int64?>(nil)

        func relay(_ database: KSIDatabase) -> EventRelay<Int64> {
            EventRelay(
                name: .partnershipsToAllocation,
                database: database,
                logger: Logger(label: "test"),
                fetch: { after in
                    if self.producerDown.withLock({ $0 }) { throw TransportDown() }
                    return self.events.withLock { $0.filter { $0 > after } }
                },
                sequence: { $0 },
                encode: { ("Number", Array(String($0).utf8)) },
                apply: { event in
                    if self.failOnceAt.withLock({ value in
                        defer { if value == event { value = nil } }
                        return value == event
                    }) {
                        throw TransportDown()
                    }
                    if self.unavailableAt.withLock({ $0 == event }) {
                        throw DomainError(.unavailable, "storage is busy")
                    }
                    if self.rejects.withLock({ $0.contains(event) }) {
                        throw DomainError.notFound("report", "r\(event)")
                    }
                    self.applied.withLock { $0.append(event) }
                }
            )
        }
    }

    @Test("events are applied in order once; a new relay on the same database resumes after the last one")
    func appliesInOrderAndResumes() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = World()
            world.events.withLock { $0 = [1, 2, 3] }
            let applied1 = try await world.relay(database).runOnce()
            #expect(applied1 == 3)
            let applied2 = try await world.relay(database).runOnce()
            #expect(applied2 == 0)
            world.events.withLock { $0 += [4, 5] }
            let applied3 = try await world.relay(database).runOnce()
            #expect(applied3 == 2)
            #expect(world.applied.withLock { $0 } == [1, 2, 3, 4, 5])
        }
    }

    @Test("with the producer down nothing moves; when it is back, nothing was lost")
    func producerDownLosesNothing() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = World()
            world.events.withLock { $0 = [1, 2] }
            world.producerDown.withLock { $0 = true }
            await #expect(throws: TransportDown.self) { try await world.relay(database).runOnce() }
            world.producerDown.withLock { $0 = false }
            let applied4 = try await world.relay(database).runOnce()
            #expect(applied4 == 2)
            #expect(world.applied.withLock { $0 } == [1, 2])
        }
    }

    @Test("an apply that fails for a passing reason stops the batch; the retry applies the rest without repeating")
    func failedApplyIsRetriedFromThere() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = World()
            world.events.withLock { $0 = [1, 2, 3] }
            world.failOnceAt.withLock { $0 = 2 }
            await #expect(throws: TransportDown.self) { try await world.relay(database).runOnce() }
            #expect(world.applied.withLock { $0 } == [1])
            let applied5 = try await world.relay(database).runOnce()
            #expect(applied5 == 2)
            #expect(world.applied.withLock { $0 } == [1, 2, 3])
        }
    }

    static func deadLetters(_ database: KSIDatabase) async throws -> [StoredDeadLetter] {
        try await database.read { sql in
            try await StoreTransaction(sql: sql, context: "relay").deadLetters(
                relays: [RelayName.partnershipsToAllocation.rawValue],
                after: nil,
                limit: 100
            )
        }
    }

    @Test(
        "an event the consumer rejects for good becomes a dead letter with its error, and the flow goes on",
        arguments: TestDatabase.Engine.allCases
    )
    func rejectedEventIsKeptAsDeadLetter(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = World()
            world.events.withLock { $0 = [1, 2, 3] }
            world.rejects.withLock { $0 = [2] }
            let applied6 = try await world.relay(database).runOnce()
            #expect(applied6 == 3)
            #expect(world.applied.withLock { $0 } == [1, 3])
            let letters = try await Self.deadLetters(database)
            #expect(letters.map(\.sequence) == [2])
            #expect(letters.first?.eventType == "Number")
            #expect(letters.first?.payload == Array("2".utf8))
            #expect(letters.first?.error.code == .notFound)
            #expect(letters.first?.attempts == 1)
            // A new relay on the same database (a restart) does not apply it again and keeps the letter.
            world.events.withLock { $0 += [4] }
            _ = try await world.relay(database).runOnce()
            #expect(world.applied.withLock { $0 } == [1, 3, 4])
            #expect(try await Self.deadLetters(database).map(\.sequence) == [2])
        }
    }

    @Test("an unavailable consumer is retried, not dead-lettered")
    func unavailableIsRetried() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = World()
            world.events.withLock { $0 = [1, 2] }
            world.unavailableAt.withLock { $0 = 2 }
            await #expect(throws: DomainError.self) { try await world.relay(database).runOnce() }
            #expect(try await Self.deadLetters(database).isEmpty)
            world.unavailableAt.withLock { $0 = nil }
            _ = try await world.relay(database).runOnce()
            #expect(world.applied.withLock { $0 } == [1, 2])
            #expect(try await Self.deadLetters(database).isEmpty)
        }
    }
}
