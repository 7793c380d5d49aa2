import KSICore
import KSITestSupport
import Testing

/// Issue 13: PartnershipService's `PartnershipTerminated` (PART-R5) and `MeasureAborted{notifiedInTime:
/// false}` (PART-R6) open reclaim proposals in AllocationService (ALLOC-R16), once, and tell the
/// statsforvalter (`ReclaimProposed`); a notified abort opens none. The events are applied as the relay
/// applies them (`EventApplication`), on real storage.
@Suite("Reclaim proposals from partnership events")
struct ReclaimProposalTests {
    static let engines = TestDatabase.Engine.allCases
    let relay = EventApplication.relayCaller

    static func event(
        _ type: PartnershipEventType,
        sequence: Int64,
        grant: Grant,
        _ change: (inout PartnershipEvent) -> Void = { _ in }
    ) -> PartnershipEvent {
        var event = PartnershipEvent.with {
            $0.sequence = sequence
            $0.type = type.name
            $0.partnershipId = "partnership-1"
            $0.aggregateId = "partnership-1"
            $0.governorOfficeId = grant.governorOfficeId
            $0.grantIds = [grant.id]
        }
        change(&event)
        return event
    }

    static func reclaims(_ fixture: AllocationMoneyFixture, _ grant: Grant) async throws -> [ReclaimCase] {
        try await fixture.allocation.grants.listReclaimCases(.with { $0.grantId = grant.id }, as: fixture.caseworker)
            .items
    }

    static func proposedEvents(_ fixture: AllocationMoneyFixture) async throws -> [AllocationEvent] {
        try await fixture.allocation.listAllocationEvents(
            .with {
                $0.afterSequence = 0
                $0.pageSize = 500
            },
            as: fixture.system
        )
        .events.filter { $0.type == "ReclaimProposed" }
    }

    @Test(
        "a termination with remaining funds opens one open reclaim of that amount; a replay opens no second (PART-R5, ALLOC-R16)",
        arguments: engines
    )
    func terminationOpensOneReclaim(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            let grant = try await fixture.disbursedGrant()
            // Less than was paid out: the remaining funds are what comes back.
            let remaining = grant.disbursedOre - 800_000
            let event = Self.event(PartnershipEventType.partnershipTerminated, sequence: 41, grant: grant) {
                $0.remainingFundsOre = remaining
            }
            try await EventApplication.apply(event, to: fixture.allocation, as: relay)
            try await EventApplication.apply(event, to: fixture.allocation, as: relay)

            let cases = try await Self.reclaims(fixture, grant)
            #expect(cases.count == 1)
            #expect(cases.first?.amountOre == remaining)
            #expect(cases.first?.status == .open)
            #expect(cases.first?.trigger == .unspentFunds)
            let after = try await fixture.allocation.grants.getGrant(.with { $0.id = grant.id }, as: fixture.caseworker)
            #expect(after.status == .reclaimOpen)
            let proposed = try await Self.proposedEvents(fixture)
            #expect(proposed.count == 1)
            #expect(proposed.first?.reclaimCaseId == cases.first?.id)
            #expect(proposed.first?.grantId == grant.id)
            #expect(proposed.first?.recipientOrgId == grant.recipientOrgId)
            #expect(proposed.first?.governorOfficeId == grant.governorOfficeId)
            #expect(proposed.first?.year == grant.year)
            #expect(proposed.first?.amountOre == remaining)
        }
    }

    @Test(
        "remaining funds above what was paid out reclaim only what was paid out",
        arguments: [TestDatabase.Engine.sqlite]
    )
    func terminationIsCappedByDisbursed(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            let grant = try await fixture.disbursedGrant()
            let event = Self.event(PartnershipEventType.partnershipTerminated, sequence: 42, grant: grant) {
                $0.remainingFundsOre = grant.disbursedOre + 5_000_000
            }
            try await EventApplication.apply(event, to: fixture.allocation, as: relay)
            #expect(try await Self.reclaims(fixture, grant).map(\.amountOre) == [grant.disbursedOre])
        }
    }

    @Test(
        "an abort found without notice opens one reclaim of the line's disbursed part; a replay opens no second (PART-R6, ALLOC-R16)",
        arguments: engines
    )
    func lateAbortOpensOneReclaim(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            let grant = try await fixture.disbursedGrant()
            let line = try #require(grant.lineAmounts.first)
            // The measure's line share of what was paid out, in whole kroner (nothing documented as spent yet).
            let expected = grant.disbursedOre * line.amountOre / grant.amountOre / 100 * 100
            let event = Self.event(PartnershipEventType.measureAborted, sequence: 43, grant: grant) {
                $0.measureId = "measure-1"
                $0.aggregateId = "measure-1"
                $0.grantLineId = line.recommendationLineId
                $0.notifiedInTime = false
            }
            try await EventApplication.apply(event, to: fixture.allocation, as: relay)
            try await EventApplication.apply(event, to: fixture.allocation, as: relay)

            let cases = try await Self.reclaims(fixture, grant)
            #expect(cases.count == 1)
            #expect(cases.first?.amountOre == expected)
            #expect(cases.first?.trigger == .unannouncedAbort)
            #expect(cases.first?.measureId == "measure-1")
            #expect(cases.first?.status == .open)
            #expect(try await Self.proposedEvents(fixture).map(\.reclaimCaseId) == cases.map(\.id))
        }
    }

    @Test("an abort notified in time opens no reclaim (PART-R6)", arguments: engines)
    func notifiedAbortOpensNone(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            let grant = try await fixture.disbursedGrant()
            let event = Self.event(PartnershipEventType.measureAborted, sequence: 44, grant: grant) {
                $0.measureId = "measure-2"
                $0.grantLineId = grant.lineAmounts.first?.recommendationLineId ?? ""
                $0.notifiedInTime = true
            }
            try await EventApplication.apply(event, to: fixture.allocation, as: relay)
            #expect(try await Self.reclaims(fixture, grant).isEmpty)
            #expect(try await Self.proposedEvents(fixture).isEmpty)
            let after = try await fixture.allocation.grants.getGrant(.with { $0.id = grant.id }, as: fixture.caseworker)
            #expect(after.status == .disbursed)
        }
    }
}
