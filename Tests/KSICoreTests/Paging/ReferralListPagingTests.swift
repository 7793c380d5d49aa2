import Foundation
import KSICore
import KSITestSupport
import Testing

/// LIM-R7 on every list RPC of ReferralService, on SQLite and PostgreSQL.
@Suite("Referral list paging (LIM-R7)")
struct ReferralListPagingTests {
    static let engines = TestDatabase.Engine.allCases
    static var ids: Range<Int> { PagingCheck.indices }

    func withReferrals(
        _ engine: TestDatabase.Engine,
        _ body: @Sendable (ReferralContext, KSIDatabase) async throws -> Void
    ) async throws {
        let ring = try ReferralFixtures.keyRing()
        let reference = try ReferralFixtures.reference()
        try await TestDatabase.with(engine) { database in
            let context = ReferralContext(
                database: database,
                reference: reference,
                time: FixedTimeSource(date: ReferralHarness.startDate),
                keyRing: ring
            )
            try await body(context, database)
        }
    }

    @Test(
        "ListReferrals: an adviser's own cases (PRIV-R5) and the status filter apply before the page is cut",
        arguments: engines
    )
    func referrals(engine: TestDatabase.Engine) async throws {
        try await withReferrals(engine) { referrals, database in
            let adviser = TestRegion.caller(.statpedAdviser)
            let person = try #require(adviser.person)
            let items = Self.ids.map { i in
                Referral.with {
                    $0.id = PagingCheck.id("referral", i)
                    $0.kind = .individual
                    $0.status = i % 4 == 3 ? .inTriage : .accepted
                    $0.governorOfficeId = TestRegion.governorOfficeId
                    $0.assignment = Assignment.with { $0.adviserIds = [i % 4 == 1 ? "another-adviser" : person] }
                }
            }
            try await PagingCheck.insert(items, into: database, context: "referral")
            let expected = items.filter { $0.status == .accepted && $0.assignment!.adviserIds.contains(person) }.map(
                \.id
            )
            try await PagingCheck.check(
                ListReferralsRequest.with { $0.statuses = [.accepted] },
                expected: expected,
                id: \.id
            ) {
                try await referrals.records.listReferrals($0, as: adviser)
            }
        }
    }

    @Test(
        "ListReferralMilestones: other event types are skipped before the page is cut; sizes follow LIM-R7",
        arguments: engines
    )
    func milestones(engine: TestDatabase.Engine) async throws {
        try await withReferrals(engine) { referrals, database in
            let ids = Self.ids.map { PagingCheck.id("event", $0) }
            try await database.transaction { sql in
                let store = StoreTransaction(
                    sql: sql,
                    context: "referral",
                    registry: ReferenceRegistry(ReferenceData(ReferenceDataSet()))
                )
                for (i, id) in ids.enumerated() {
                    let type = i % 4 == 1 || i % 4 == 3 ? "ReferralInternal" : ReferralContext.milestoneEventType
                    try await store.appendEvent(
                        type: type,
                        aggregateId: id,
                        at: 1_000,
                        payload: ReferralMilestoneReached.with {
                            $0.type = type
                            $0.aggregateId = id
                        }
                    )
                }
            }
            let expected = ids.enumerated().filter { $0.offset % 4 == 0 || $0.offset % 4 == 2 }.map(\.element)
            try await PagingCheck.checkEvents(
                ListReferralMilestonesRequest(),
                expected: expected,
                pageSize: \.pageSize,
                after: \.afterSequence,
                {
                    let page = try await referrals.records.listReferralMilestones($0, as: .system("gateway"))
                    return (page.events, page.lastSequence)
                },
                key: { ($0.aggregateId, $0.sequence) }
            )
        }
    }

    @Test(
        "ListChildDataAccess: the organisation filter applies in SQL; sizes and tokens follow LIM-R7",
        arguments: engines
    )
    func childDataAccess(engine: TestDatabase.Engine) async throws {
        try await withReferrals(engine) { referrals, database in
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "referral")
                for i in Self.ids {
                    try await store.logAccess(
                        at: Int64(1_000 + i),
                        actorOrg: i % 2 == 1 ? "org-b" : "org-a",
                        actorPerson: nil,
                        role: "statpedIntake",
                        entityId: "referral-1",
                        purpose: PagingCheck.id("read", i)
                    )
                }
            }
            let expected = Self.ids.filter { $0 % 2 == 0 }.map { PagingCheck.id("read", $0) }
            try await PagingCheck.check(
                ListChildDataAccessRequest.with { $0.actorOrgNumber = "org-a" },
                expected: expected,
                id: \.purpose
            ) {
                try await referrals.records.listChildDataAccess($0, as: TestRegion.caller(.statpedManager))
            }
        }
    }

    @Test(
        "ListAuditRecords: the aggregate and organisation filters apply in SQL; sizes and tokens follow LIM-R7",
        arguments: engines
    )
    func auditRecords(engine: TestDatabase.Engine) async throws {
        try await withReferrals(engine) { referrals, database in
            let expected = try await AuditPagingData.insert(into: database, context: "referral")
            try await PagingCheck.check(AuditPagingData.request, expected: expected, id: \.aggregateId) {
                try await referrals.records.listAuditRecords($0, as: TestRegion.caller(.statpedManager))
            }
        }
    }
}
