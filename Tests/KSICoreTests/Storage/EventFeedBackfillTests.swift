import Foundation
import KSICore
import KSIDemoData
import KSITestSupport
import SQLKit
import Testing

/// The feeds schema (issue 13) on a database written before it existed: the events already in the outbox get
/// their audience from their payloads when a service starts with the org registry (`CoreSchema.migrate(_:reference:)`),
/// once; events appended afterwards get theirs in their own transaction. SQLite and PostgreSQL.
@Suite("Event feed audience backfill on both engines")
struct EventFeedBackfillTests {
    static let engines = TestDatabase.Engine.allCases
    static let reference = ((try? ReferenceData.bundled()) ?? ReferenceData(ReferenceDataSet())).merging(
        DemoRegion.referenceDataSet()
    )
    static func org(_ name: String) -> String { DemoRegion.identities.first { $0.name == name }!.orgNumber }

    /// Appends an event the way the outbox stored it before the feeds schema: the events row only.
    static func oldEvent<P: WireMessage>(
        _ sql: any SQLDatabase,
        context: String,
        type: String,
        _ payload: P
    ) async throws {
        try await sql.insert(into: "events").columns("context", "type", "aggregate_id", "occurred_at", "payload")
            .values(
                SQLBind(context),
                SQLBind(type),
                SQLBind("agg"),
                SQLBind(Int64(1_000)),
                SQLBind(Data(try payload.wireEncoded()))
            ).run()
    }

    static func feed(_ database: KSIDatabase, context: String, org name: String) async throws -> [Int64] {
        try await database.read { sql in
            try await StoreTransaction(sql: sql, context: context).feedEvents(for: org(name), after: 0, limit: 500).map(
                \.sequence
            )
        }
    }

    @Test(
        "events stored before the feeds schema get their audience from their payloads, once; later events get theirs when appended",
        arguments: engines
    )
    func backfill(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine, migrate: false) { database in
            // The schema of the code before this change.
            try await Migrator.migrate(database, schema: CoreSchema.name, migrations: CoreSchema.migrations)
            try await Migrator.migrate(database, schema: AppendOnlyLogs.name, migrations: AppendOnlyLogs.migrations)
            try await database.transaction { sql in
                try await Self.oldEvent(
                    sql,
                    context: "needs",
                    type: "NeedsReportSubmitted",
                    NeedsEvent.with {
                        $0.type = "NeedsReportSubmitted"
                        $0.needsReportId = "r-k"
                        $0.leadOwnerId = "owner-4204"
                        $0.governorOfficeId = "agder"
                    }
                )
                try await Self.oldEvent(
                    sql,
                    context: "needs",
                    type: "NeedsReportSubmitted",
                    NeedsEvent.with {
                        $0.type = "NeedsReportSubmitted"
                        $0.needsReportId = "r-a"
                        $0.leadOwnerId = "owner-4203"
                        $0.governorOfficeId = "agder"
                    }
                )
                try await Self.oldEvent(
                    sql,
                    context: ReferralContext.contextName,
                    type: ReferralContext.milestoneEventType,
                    ReferralMilestoneReached.with {
                        $0.type = ReferralContext.milestoneEventType
                        $0.referralId = "ref-1"
                        $0.referringPptOfficeId = DemoRegion.pptOfficeId("4204")
                        $0.milestone = .submitted
                    }
                )
            }
            // Tables first (as `ksi migrate` does, without the registry): the old events have no audience yet.
            try await CoreSchema.migrate(database)
            #expect(try await Self.feed(database, context: "needs", org: "kommune-kristiansand").isEmpty)

            // A service starts with the registry: the backfill decodes the payloads.
            try await CoreSchema.migrate(database, reference: Self.reference)
            #expect(try await Self.feed(database, context: "needs", org: "kommune-kristiansand") == [1])
            #expect(try await Self.feed(database, context: "needs", org: "kommune-arendal") == [2])
            #expect(try await Self.feed(database, context: "needs", org: "statsforvalter-agder") == [1, 2])
            #expect(try await Self.feed(database, context: "referral", org: "ppt-kristiansand") == [3])
            #expect(try await Self.feed(database, context: "referral", org: "statped") == [3])
            #expect(try await Self.feed(database, context: "needs", org: "ppt-kristiansand").isEmpty)

            // Once: a second start reads nothing again and duplicates nothing.
            #expect(try await EventFeeds.backfill(database, reference: Self.reference) == 0)
            #expect(try await Self.feed(database, context: "needs", org: "statsforvalter-agder") == [1, 2])

            // An event appended now carries its audience from its own transaction.
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs", registry: ReferenceRegistry(Self.reference))
                    .appendEvent(
                        type: "NeedsReportSubmitted",
                        aggregateId: "r-k2",
                        at: 2_000,
                        payload: NeedsEvent.with {
                            $0.type = "NeedsReportSubmitted"
                            $0.needsReportId = "r-k2"
                            $0.leadOwnerId = "owner-4204"
                            $0.governorOfficeId = "agder"
                        }
                    )
            }
            #expect(try await Self.feed(database, context: "needs", org: "kommune-kristiansand") == [1, 4])
            #expect(try await Self.feed(database, context: "needs", org: "kommune-arendal") == [2])

            // A transaction that fails leaves no audience behind either (one transaction with the event).
            struct Interrupted: Error {}
            await #expect(throws: Interrupted.self) {
                try await database.transaction { sql in
                    try await StoreTransaction(sql: sql, context: "needs", registry: ReferenceRegistry(Self.reference))
                        .appendEvent(
                            type: "NeedsReportSubmitted",
                            aggregateId: "r-k3",
                            at: 2_500,
                            payload: NeedsEvent.with {
                                $0.type = "NeedsReportSubmitted"
                                $0.needsReportId = "r-k3"
                                $0.leadOwnerId = "owner-4204"
                                $0.governorOfficeId = "agder"
                            }
                        )
                    throw Interrupted()
                }
            }
            #expect(try await Self.feed(database, context: "needs", org: "kommune-kristiansand") == [1, 4])

            // A transaction without the registry cannot append an event that would reach no feed.
            await #expect(throws: DomainError.self) {
                try await database.transaction { sql in
                    try await StoreTransaction(sql: sql, context: "needs").appendEvent(
                        type: "NeedsReportSubmitted",
                        aggregateId: "x",
                        at: 3_000,
                        payload: NeedsEvent()
                    )
                }
            }
        }
    }

    @Test("a fresh database needs no backfill: the mark is done from the start", arguments: engines)
    func freshDatabase(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let read = try await EventFeeds.backfill(database, reference: Self.reference)
            #expect(read == 0)
        }
    }
}
