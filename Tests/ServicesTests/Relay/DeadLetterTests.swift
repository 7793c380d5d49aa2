import KSICore
import KSITestSupport
import Logging
import Services
import Synchronization
import Testing

/// Issue 13: an event the consumer refuses is kept as a dead letter (not skipped for ever) while the relay
/// goes on; operators retry it once the cause is fixed, or drop it with an audited reason (COM-R4). The
/// partnerships → allocation relay (`RelayFlows`) on a real AllocationContext and database; the events are
/// aborts found without notice on the fixture's disbursed grant (PART-R6, ALLOC-R16).
@Suite("Relay dead letters")
struct DeadLetterTests {
    static let engines = TestDatabase.Engine.allCases
    static let relayName = RelayName.partnershipsToAllocation

    final class Producer: Sendable {
        let events = Mutex<[PartnershipEvent]>([])
    }

    static func lateAbort(_ sequence: Int64, measure: String, grant: Grant) -> PartnershipEvent {
        PartnershipEvent.with {
            $0.sequence = sequence
            $0.type = PartnershipEventType.measureAborted.name
            $0.aggregateId = measure
            $0.measureId = measure
            $0.partnershipId = "partnership-1"
            $0.governorOfficeId = grant.governorOfficeId
            $0.grantIds = [grant.id]
            $0.grantLineId = grant.id
            $0.notifiedInTime = false
        }
    }

    static func relay(
        _ fixture: AllocationMoneyFixture,
        _ database: KSIDatabase,
        _ producer: Producer
    ) -> EventRelay<PartnershipEvent> {
        RelayFlows.partnershipsToAllocation(
            allocation: fixture.allocation,
            database: database,
            logger: Logger(label: "test"),
            time: fixture.time
        ) { after in
            producer.events.withLock { $0.filter { $0.sequence > after } }
        }
    }

    static func cursor(_ database: KSIDatabase) async throws -> Int64 {
        try await database.read { sql in try await StoreTransaction(sql: sql, context: "relay").relayCursor(relayName) }
    }

    @Test(
        "a refused event becomes a dead letter with its error, the relay goes on; retried after the fix it applies once",
        arguments: engines
    )
    func refusedThenRetried(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            let grant = try await fixture.disbursedGrant()
            let producer = Producer()
            // 1 opens a reclaim; 2 (same grant) is refused while that reclaim is open; 3 is a notified abort.
            var notified = Self.lateAbort(3, measure: "measure-3", grant: grant)
            notified.notifiedInTime = true
            producer.events.withLock {
                $0 = [
                    Self.lateAbort(1, measure: "measure-1", grant: grant),
                    Self.lateAbort(2, measure: "measure-2", grant: grant), notified,
                ]
            }
            #expect(try await Self.relay(fixture, database, producer).runOnce() == 3)
            #expect(try await Self.cursor(database) == 3)

            let desk = fixture.allocation.deadLetterDesk
            let listed = try await desk.list(.with { $0.relay = Self.relayName.rawValue })
            #expect(listed.items.map(\.sequence) == [2])
            let letter = try #require(listed.items.first)
            #expect(letter.eventType == "MeasureAborted")
            #expect(letter.errorCode == DomainError.Code.illegalTransition.description)
            #expect(letter.errorMessage.contains("reclaim"))
            #expect(letter.attempts == 1)

            // Not fixed yet: the retry is refused again and counted.
            let early = try await desk.retry(
                .with {
                    $0.requestId = "retry-1"
                    $0.relay = Self.relayName.rawValue
                    $0.sequence = 2
                },
                as: fixture.udir
            )
            #expect(!early.applied)
            #expect(early.deadLetter?.attempts == 2)

            // The fix: the first reclaim is decided after the comment period and settled (ALLOC-R16).
            var first = try #require(
                try await fixture.allocation.grants.listReclaimCases(
                    .with { $0.grantId = grant.id },
                    as: fixture.caseworker
                )
                .items.first
            )
            fixture.time.advance(days: 22)
            first = try await fixture.allocation.grants.decideReclaim(
                .with {
                    $0.reclaimCaseId = first.id
                    $0.expectedVersion = first.version
                    $0.amountOre = first.amountOre
                    $0.reasonText = "Tilbakebetaling"
                },
                as: fixture.decisionMaker
            )
            _ = try await fixture.allocation.grants.settleReclaim(
                .with {
                    $0.reclaimCaseId = first.id
                    $0.expectedVersion = first.version
                    $0.settledAmountOre = first.amountOre
                },
                as: fixture.caseworker
            )

            let retried = try await desk.retry(
                .with {
                    $0.requestId = "retry-2"
                    $0.relay = Self.relayName.rawValue
                    $0.sequence = 2
                },
                as: fixture.udir
            )
            #expect(retried.applied)
            #expect(try await desk.list(.with { $0.relay = Self.relayName.rawValue }).items.isEmpty)
            let cases = try await fixture.allocation.grants.listReclaimCases(
                .with { $0.grantId = grant.id },
                as: fixture.caseworker
            ).items
            #expect(cases.map(\.measureId).sorted() == ["measure-1", "measure-2"])
            await #expect(throws: DomainError.self) {
                try await desk.retry(
                    .with {
                        $0.requestId = "retry-3"
                        $0.relay = Self.relayName.rawValue
                        $0.sequence = 2
                    },
                    as: fixture.udir
                )
            }
            // The relay reading everything again (a lost cursor) opens nothing twice.
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "relay").saveRelayCursor(
                    Self.relayName,
                    sequence: 0,
                    at: 0
                )
            }
            _ = try await Self.relay(fixture, database, producer).runOnce()
            #expect(
                try await fixture.allocation.grants.listReclaimCases(
                    .with { $0.grantId = grant.id },
                    as: fixture.caseworker
                )
                .items.count == 2
            )
            let trail = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "allocation").auditTrail(
                    entityKind: "RelayDeadLetter",
                    entityId: "\(Self.relayName.rawValue):2"
                )
            }
            #expect(trail.map(\.afterState) == ["dead", "applied"])
        }
    }

    @Test(
        "dropping needs a reason, removes the dead letter and is audited (COM-R4); a new relay finds the rest where they were",
        arguments: engines
    )
    func dropIsAudited(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            let grant = try await fixture.disbursedGrant()
            let producer = Producer()
            producer.events.withLock {
                $0 = [5, 6, 7].map { Self.lateAbort($0, measure: "measure-\($0)", grant: grant) }
            }
            _ = try await Self.relay(fixture, database, producer).runOnce()
            let desk = fixture.allocation.deadLetterDesk
            #expect(try await desk.list(.init()).items.map(\.sequence) == [6, 7])

            await #expect(throws: DomainError.self) {
                try await desk.drop(
                    .with {
                        $0.requestId = "drop-0"
                        $0.relay = Self.relayName.rawValue
                        $0.sequence = 6
                        $0.reason = "  "
                    },
                    as: fixture.udir
                )
            }
            let dropped = try await desk.drop(
                .with {
                    $0.requestId = "drop-1"
                    $0.relay = Self.relayName.rawValue
                    $0.sequence = 6
                    $0.reason = "Same measure reported twice"
                },
                as: fixture.udir
            )
            #expect(dropped.dropped?.sequence == 6)
            let trail = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "allocation").auditTrail(
                    entityKind: "RelayDeadLetter",
                    entityId: "\(Self.relayName.rawValue):6"
                )
            }
            #expect(trail.count == 1)
            #expect(trail.first?.afterState == "dropped")
            #expect(trail.first?.reason == "Same measure reported twice")
            #expect(trail.first?.actorOrg == fixture.udir.orgNumber)

            // A relay and context started afresh on the same database (a restart) see what is left.
            let restarted = try AllocationMoneyFixture(database: database)
            let page = try await restarted.allocation.deadLetterDesk.list(.with { $0.pageSize = 1 })
            #expect(page.items.map(\.sequence) == [7])
            #expect(page.nextPageToken.isEmpty)
            #expect(try await Self.relay(restarted, database, producer).runOnce() == 0)
            await #expect(throws: DomainError.self) { try await desk.list(.with { $0.relay = "no-such-relay" }) }
        }
    }
}
