import Foundation
import KSICore
import KSITestSupport
import SQLKit
import Testing

/// Issue 17: `AggregateAllocation` sums the fact rows (`grant_decision_facts`, `grant_facts`,
/// `multi_year_commitment_facts`) the shared save path writes with every decision, grant and commitment, on
/// both engines. Known answers from a hand-built set stored through `StoreTransaction`.
@Suite("Decided and precommitted aggregates in SQL on both engines")
struct AllocationAggregateTests {
    static let engines = TestDatabase.Engine.allCases
    static let gateway = Caller.system("gateway")

    static func decision(
        _ id: String,
        office: String = "agder",
        scheme: Scheme = .ksi,
        year: Int32 = 2025,
        status: GrantDecisionStatus = .signed,
        approved: Int64,
        recipient: String = "o-a",
        line: String
    ) -> GrantDecision {
        GrantDecision.with {
            $0.id = id
            $0.governorOfficeId = office
            $0.scheme = scheme
            $0.year = year
            $0.status = status
            $0.approvedAmountOre = approved
            $0.recipientOrgId = recipient
            $0.lineId = line
        }
    }

    static func grant(
        _ id: String,
        office: String = "agder",
        year: Int32,
        recipient: String,
        type: RecipientType,
        lines: [String]
    ) -> Grant {
        Grant.with {
            $0.id = id
            $0.governorOfficeId = office
            $0.scheme = .ksi
            $0.year = year
            $0.recipientOrgId = recipient
            $0.recipientType = type
            $0.lineIds = lines
        }
    }

    static func commitment(
        _ id: String,
        grant: String,
        year: Int32 = 2025,
        status: MultiYearCommitmentStatus,
        amount: Int64,
        confirmed: Int64 = 0,
        line: String = ""
    ) -> MultiYearCommitment {
        MultiYearCommitment.with {
            $0.id = id
            $0.grantId = grant
            $0.year = year
            $0.status = status
            $0.amountOre = amount
            $0.confirmedAmountOre = confirmed
            $0.recommendationLineId = line
        }
    }

    /// Agder KSI 2025: d1 and d2 signed (100 + 250); d3 only prepared, d4 rejected (0), d8 superseded; d5 for
    /// 2024; d7 DEKOM; d6 in Vestland.
    static let decisions: [GrantDecision] = [
        decision("d1", approved: 100, line: "L1"),
        decision("d2", approved: 250, line: "L2"),
        decision("d3", status: .prepared, approved: 999, line: "L3"),
        decision("d4", approved: 0, line: "L4"),
        decision("d5", year: 2024, approved: 40, line: "L5"),
        decision("d6", office: "vestland", approved: 70, recipient: "o-v", line: "L9"),
        decision("d7", scheme: .dekom, approved: 30, recipient: "o-b", line: "L7"),
        decision("d8", status: .superseded, approved: 500, line: "L1"),
    ]

    /// g1 Agder 2024 to an owner (two lines), g2 Agder 2025 to a UH, g3 Vestland 2023.
    static let grants: [Grant] = [
        grant("g1", year: 2024, recipient: "o-a", type: .owner, lines: ["L0b", "L0a"]),
        grant("g2", year: 2025, recipient: "uh-1", type: .uhInstitution, lines: ["L1"]),
        grant("g3", office: "vestland", year: 2023, recipient: "o-v", type: .owner, lines: ["L8"]),
    ]

    /// For 2025 on g1: c1 confirmed (50 of 60), c2 indicative (80), c3 cancelled; c4 reduced (30 of 40) on
    /// g2 of 2025 itself; c5 on g1 for 2026; c6 confirmed in Vestland; c7 on a grant that is not stored.
    static let commitments: [MultiYearCommitment] = [
        commitment("c1", grant: "g1", status: .confirmed, amount: 60, confirmed: 50, line: "L0a"),
        commitment("c2", grant: "g1", status: .indicative, amount: 80, line: "L0b"),
        commitment("c3", grant: "g1", status: .cancelled, amount: 20, line: "L0a"),
        commitment("c4", grant: "g2", status: .reduced, amount: 40, confirmed: 30, line: "L1"),
        commitment("c5", grant: "g1", year: 2026, status: .indicative, amount: 90, line: "L0a"),
        commitment("c6", grant: "g3", status: .confirmed, amount: 25, confirmed: 25, line: "L8"),
        commitment("c7", grant: "ghost", status: .confirmed, amount: 11, confirmed: 11, line: "L0a"),
    ]

    /// Paid: 70 on g1 (2024), 20 and 15 on g2 (2025), 5 on g3 (Vestland 2023), 9 on a grant not stored.
    static let disbursements: [Disbursement] = [
        ("p1", "g1", 70), ("p2", "g2", 20), ("p3", "g2", 15), ("p4", "g3", 5), ("p5", "ghost", 9),
    ].map { id, grant, amount in
        Disbursement.with {
            $0.id = id
            $0.grantId = grant
            $0.amountOre = Int64(amount)
        }
    }

    /// Reclaimed: on g2 7 decided and 3 settled (100 still open); on g1 4 decided.
    static let reclaims: [ReclaimCase] = [
        ("r1", "g2", ReclaimCaseStatus.decided, 7), ("r2", "g2", .settled, 3), ("r3", "g2", .open, 100),
        ("r4", "g1", .decided, 4),
    ].map { id, grant, status, amount in
        ReclaimCase.with {
            $0.id = id
            $0.grantId = grant
            $0.status = status
            $0.amountOre = Int64(amount)
        }
    }

    static func store(in database: KSIDatabase) async throws {
        try await database.transaction { sql in
            let store = StoreTransaction(sql: sql, context: "allocation")
            for decision in Self.decisions { try await store.insert(decision, at: 1_000) }
            for grant in Self.grants { try await store.insert(grant, at: 1_000) }
            for commitment in Self.commitments { try await store.insert(commitment, at: 1_000) }
            for payment in Self.disbursements { try await store.insert(payment, at: 1_000) }
            for reclaim in Self.reclaims { try await store.insert(reclaim, at: 1_000) }
        }
    }

    static func context(_ database: KSIDatabase) throws -> AllocationContext {
        let reference = try TestRegion.reference()
        let time = FixedTimeSource(date: LocalDate(year: 2025, month: 6, day: 1))
        return AllocationContext(
            database: database,
            reference: reference,
            time: time,
            needsReports: NeedsContext(database: database, reference: reference, time: time)
        )
    }

    static func aggregate(
        _ database: KSIDatabase,
        budget: Int = AggregatePage.defaultBudgetBytes,
        _ configure: (inout AggregateAllocationRequest) -> Void
    ) async throws -> AggregateAllocationResponse {
        var request = AggregateAllocationRequest.with {
            $0.fromYear = 2025
            $0.toYear = 2025
        }
        configure(&request)
        let acting = AllocationServiceActing(try context(database), as: gateway)
        return try await AggregatePaging.read(request, budget: budget) { try await acting.aggregateAllocation($0) }
    }

    /// "amount×count" per decided group key, for comparing without order.
    static func table(_ groups: [DecidedGroup]) -> [String: String] {
        var table: [String: String] = [:]
        for group in groups {
            let key =
                "\(group.governorOfficeId)|\(group.scheme.name)|\(group.year)|\(group.fromCommitment ? "commitment" : "decision")|\(group.recipientOrgId)|\(group.recipientType == .unspecified ? "" : group.recipientType.name)|\(group.lineId)"
            table[key] = "\(group.amountOre)×\(group.count)"
        }
        return table
    }

    static func table(_ groups: [GrantMoneyGroup]) -> [String: String] {
        var table: [String: String] = [:]
        for group in groups {
            let key =
                "\(group.governorOfficeId)|\(group.scheme.name)|\(group.year)|\(group.recipientOrgId)|\(group.recipientType == .unspecified ? "" : group.recipientType.name)|\(group.lineIds.joined(separator: "+"))"
            table[key] = "\(group.amountOre)×\(group.count)"
        }
        return table
    }

    static func table(_ groups: [PrecommittedGroup]) -> [String: String] {
        var table: [String: String] = [:]
        for group in groups {
            let key =
                "\(group.governorOfficeId)|\(group.scheme.name)|\(group.year)|\(group.recipientOrgId)|\(group.recipientType == .unspecified ? "" : group.recipientType.name)|\(group.lineIds.joined(separator: "+"))"
            table[key] = "\(group.amountOre)×\(group.count)"
        }
        return table
    }

    @Test(
        "sums decided and precommitted amounts of the years, with known answers, in one page or one group per page",
        arguments: engines,
        AggregatePaging.budgets
    )
    func knownAnswers(engine: TestDatabase.Engine, budget: Int) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.store(in: database)
            let agder = try await Self.aggregate(database, budget: budget) { $0.governorOfficeId = "agder" }
            #expect(
                Self.table(agder.decided) == [
                    "agder|ksi|2025|decision|||": "350×2",
                    "agder|dekom|2025|decision|||": "30×1",
                    "agder|ksi|2025|commitment|||": "80×2",
                ]
            )
            #expect(Self.table(agder.precommitted) == ["agder|ksi|2025|||": "130×2"])
            // Money on the year's grants (g2), whenever paid; an open reclaim case does not count.
            #expect(Self.table(agder.disbursed) == ["agder|ksi|2025|||": "35×2"])
            #expect(Self.table(agder.reclaimed) == ["agder|ksi|2025|||": "10×2"])
            let byLines = try await Self.aggregate(database, budget: budget) {
                $0.governorOfficeId = "agder"
                $0.scheme = .ksi
                $0.byLines = true
            }
            #expect(
                Self.table(byLines.decided) == [
                    "agder|ksi|2025|decision|o-a||L1": "100×1",
                    "agder|ksi|2025|decision|o-a||L2": "250×1",
                    "agder|ksi|2025|commitment|o-a|owner|L0a": "50×1",
                    "agder|ksi|2025|commitment|uh-1|uhInstitution|L1": "30×1",
                ]
            )
            #expect(Self.table(byLines.precommitted) == ["agder|ksi|2025|o-a|owner|L0a+L0b": "130×2"])
            #expect(Self.table(byLines.disbursed) == ["agder|ksi|2025|uh-1|uhInstitution|L1": "35×2"])
            #expect(Self.table(byLines.reclaimed) == ["agder|ksi|2025|uh-1|uhInstitution|L1": "10×2"])
            // 2023–2025: g1 (2024) and g3 (Vestland 2023) too; the payment on an unknown grant never.
            let span = try await Self.aggregate(database, budget: budget) { $0.fromYear = 2023 }
            #expect(
                Self.table(span.disbursed) == [
                    "agder|ksi|2024|||": "70×1", "agder|ksi|2025|||": "35×2", "vestland|ksi|2023|||": "5×1",
                ]
            )
            #expect(Self.table(span.reclaimed) == ["agder|ksi|2024|||": "4×1", "agder|ksi|2025|||": "10×2"])
            // National 2025–2026: Vestland's d6 and c6, 2026's c5 too.
            let national = try await Self.aggregate(database, budget: budget) { $0.toYear = 2026 }
            #expect(national.decided.reduce(0) { $0 + $1.amountOre } == Int64(555))  // 350 + 30 + 70 + 80 + 25
            #expect(national.decided.reduce(0) { $0 + $1.count } == Int64(7))
            #expect(
                Self.table(national.precommitted) == [
                    "agder|ksi|2025|||": "130×2",
                    "agder|ksi|2026|||": "90×1",
                    "vestland|ksi|2025|||": "25×1",
                ]
            )
            // 2024: only d5.
            let earlier = try await Self.aggregate(database, budget: budget) {
                $0.fromYear = 2024
                $0.toYear = 2024
            }
            #expect(Self.table(earlier.decided) == ["agder|ksi|2024|decision|||": "40×1"])
            #expect(earlier.precommitted.isEmpty)
        }
    }

    @Test("a changed commitment, decision or reclaim case moves to its new group", arguments: engines)
    func updatesMoveTheRows(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.store(in: database)
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "allocation")
                var indicative = try #require(try await store.get(MultiYearCommitment.self, id: "c2"))
                indicative.status = .confirmed
                indicative.confirmedAmountOre = 70
                try await store.update(indicative, at: 2_000)
                var prepared = try #require(try await store.get(GrantDecision.self, id: "d3"))
                prepared.status = .signed
                prepared.approvedAmountOre = 5
                try await store.update(prepared, at: 2_000)
                var open = try #require(try await store.get(ReclaimCase.self, id: "r3"))
                open.status = .decided
                try await store.update(open, at: 2_000)
            }
            let agder = try await Self.aggregate(database) {
                $0.governorOfficeId = "agder"
                $0.scheme = .ksi
            }
            #expect(
                Self.table(agder.decided) == [
                    "agder|ksi|2025|decision|||": "355×3",
                    "agder|ksi|2025|commitment|||": "150×3",
                ]
            )
            #expect(Self.table(agder.precommitted) == ["agder|ksi|2025|||": "120×2"])
            #expect(Self.table(agder.reclaimed) == ["agder|ksi|2025|||": "110×3"])
        }
    }

    @Test(
        "the migrations fill the fact tables from the decisions, grants and commitments stored before them",
        arguments: engines
    )
    func backfill(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine, migrate: false) { database in
            try await Migrator.migrate(database, schema: CoreSchema.name, migrations: CoreSchema.migrations)
            try await database.transaction { sql in
                try await PartnershipAggregateTests.insertEntityRows(Self.decisions, sql: sql)
                try await PartnershipAggregateTests.insertEntityRows(Self.grants, sql: sql)
                try await PartnershipAggregateTests.insertEntityRows(Self.commitments, sql: sql)
                try await PartnershipAggregateTests.insertEntityRows(Self.disbursements, sql: sql)
                try await PartnershipAggregateTests.insertEntityRows(Self.reclaims, sql: sql)
            }
            try await CoreSchema.migrate(database)
            let agder = try await Self.aggregate(database) { $0.governorOfficeId = "agder" }
            #expect(agder.decided.reduce(0) { $0 + $1.amountOre } == Int64(460))  // 350 + 30 + 80
            #expect(Self.table(agder.precommitted) == ["agder|ksi|2025|||": "130×2"])
            #expect(Self.table(agder.disbursed) == ["agder|ksi|2025|||": "35×2"])
            #expect(Self.table(agder.reclaimed) == ["agder|ksi|2025|||": "10×2"])
        }
    }

    @Test(
        "inputs are checked (field + rule) and only the system may read aggregates",
        arguments: [TestDatabase.Engine.sqlite]
    )
    func refusals(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await AggregateRefusals.checkYears(AggregateAllocationRequest.self) { request in
                _ = try await Self.aggregate(database) { $0 = request }
            }
            let context = try Self.context(database)
            await AggregateRefusals.checkCallers(
                AggregateAllocationRequest.self,
                inContext: { request, caller in _ = try await context.grants.aggregateAllocation(request, as: caller) },
                atGate: { request, caller in
                    _ = try await AllocationServiceActing(context, as: caller).aggregateAllocation(request)
                }
            )
        }
    }
}
