import KSICore
import KSITestSupport
import SQLKit
import Testing

/// The annual report's `partnership_count` and `measure_count`: the partnerships and measures the embete's signed
/// decisions for the scheme × year fund, over a hand-built set of recommendation lines and decisions (stored
/// directly) whose counts are worked out below.
@Suite("Governor annual report: funded partnerships and measures")
struct GovernorAnnualReportCountsTests {
    static let embete = TestRegion.governorOfficeId

    /// A recommendation line of partnership `partnership` (empty: none) carrying proposed measures with these ids.
    static func line(_ id: String, partnership: String, measures: [String]) -> RecommendationLine {
        RecommendationLine.with {
            $0.id = id
            $0.partnershipId = partnership
            $0.proposedMeasureIds = measures.filter { !$0.isEmpty }
            $0.proposedMeasures = measures.map { measureId in
                ProposedMeasure.with {
                    $0.id = measureId
                    $0.title = "Tiltak \(measureId)"
                }
            }
        }
    }

    static func decision(
        _ id: String,
        line: String,
        recommendation: String,
        status: GrantDecisionStatus,
        amountOre: Int64,
        embete: String = embete,
        year: Int32 = 2024
    ) -> GrantDecision {
        GrantDecision.with {
            $0.id = id
            $0.lineId = line
            $0.recommendationId = recommendation
            $0.governorOfficeId = embete
            $0.scheme = .ksi
            $0.year = year
            $0.status = status
            $0.outcome = amountOre > 0 ? .approved : .rejected
            $0.approvedAmountOre = amountOre
        }
    }

    /// AllocationContext over `database` on GovernanceFixtures' day.
    static func allocation(_ database: KSIDatabase) throws -> AllocationContext {
        let reference = try TestRegion.reference()
        let time = FixedTimeSource(date: GovernanceFixtures.today)
        return AllocationContext(
            database: database,
            reference: reference,
            time: time,
            needsReports: NeedsContext(database: database, reference: reference, time: time)
        )
    }

    @Test("the counts are the distinct funded partnerships and their proposed measures, once per partnership")
    func countsFromSignedDecisions() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let allocation = try Self.allocation(database)
            let recommendation = Recommendation.with {
                $0.id = "rec-2024"
                $0.governorOfficeId = Self.embete
                $0.scheme = .ksi
                $0.year = 2024
                $0.lines = [
                    Self.line("l1", partnership: "p1", measures: ["m1", "m2"]),
                    // m2 again in p1: one measure of p1.
                    Self.line("l2", partnership: "p1", measures: ["m2", "m3"]),
                    // m1 in another partnership: a measure of its own.
                    Self.line("l3", partnership: "p2", measures: ["m1"]),
                    Self.line("l4", partnership: "p3", measures: ["m4"]),  // rejected
                    Self.line("l5", partnership: "", measures: ["m5"]),  // no partnership
                    Self.line("l6", partnership: "p4", measures: ["m6"]),  // only prepared
                    Self.line("l7", partnership: "p5", measures: ["m7"]),  // superseded, then signed again
                    Self.line("l8", partnership: "p2", measures: [""]),  // a measure without an id
                ]
            }
            let later = Recommendation.with {
                $0.id = "rec-2025"
                $0.governorOfficeId = Self.embete
                $0.scheme = .ksi
                $0.year = 2025
                $0.lines = [Self.line("l9", partnership: "p6", measures: ["m9"])]
            }
            let decisions = [
                Self.decision("d1", line: "l1", recommendation: "rec-2024", status: .signed, amountOre: 100_000_000),
                Self.decision("d2", line: "l2", recommendation: "rec-2024", status: .signed, amountOre: 50_000_000),
                Self.decision("d3", line: "l3", recommendation: "rec-2024", status: .signed, amountOre: 20_000_000),
                Self.decision("d4", line: "l4", recommendation: "rec-2024", status: .signed, amountOre: 0),
                Self.decision("d5", line: "l5", recommendation: "rec-2024", status: .signed, amountOre: 10_000_000),
                Self.decision("d6", line: "l6", recommendation: "rec-2024", status: .prepared, amountOre: 30_000_000),
                Self.decision("d7", line: "l7", recommendation: "rec-2024", status: .superseded, amountOre: 8_000_000),
                Self.decision("d7b", line: "l7", recommendation: "rec-2024", status: .signed, amountOre: 7_000_000),
                Self.decision("d8", line: "l8", recommendation: "rec-2024", status: .signed, amountOre: 5_000_000),
                // Another year and another embete: not this report's.
                Self.decision(
                    "d9",
                    line: "l9",
                    recommendation: "rec-2025",
                    status: .signed,
                    amountOre: 40_000_000,
                    year: 2025
                ),
                Self.decision(
                    "d10",
                    line: "l1",
                    recommendation: "rec-2024",
                    status: .signed,
                    amountOre: 60_000_000,
                    embete: TestRegion.otherGovernorOfficeId
                ),
            ]
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: BoundedContext.allocation.rawValue)
                _ = try await store.insert(recommendation, at: 1_000)
                _ = try await store.insert(later, at: 1_000)
                for decision in decisions { _ = try await store.insert(decision, at: 2_000) }
            }
            let report = try await allocation.governance.createGovernorAnnualReport(
                .with {
                    $0.requestId = "counts"
                    $0.governorOfficeId = Self.embete
                    $0.scheme = .ksi
                    $0.year = 2024
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            // Funded lines: l1, l2, l3, l5, l7 (d7b), l8. Partnerships: p1 (l1, l2), p2 (l3, l8), p5 (l7) = 3;
            // l5 names none. Measures: p1 {m1, m2, m3}, p2 {m1} + the unnamed one of l8, p5 {m7} = 6.
            #expect(report.partnershipCount == 3)
            #expect(report.measureCount == 6)
            // The decided sum over the same decisions: 100 + 50 + 20 + 0 + 10 + 7 + 5 million øre.
            #expect(report.decidedOre == 192_000_000)

            let other = try await allocation.governance.createGovernorAnnualReport(
                .with {
                    $0.requestId = "counts-2025"
                    $0.governorOfficeId = Self.embete
                    $0.scheme = .ksi
                    $0.year = 2025
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(other.partnershipCount == 1 && other.measureCount == 1)
        }
    }

    @Test("a report with no signed decision counts no partnership and no measure")
    func noDecisions() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let allocation = try Self.allocation(database)
            let report = try await allocation.governance.createGovernorAnnualReport(
                .with {
                    $0.requestId = "empty"
                    $0.governorOfficeId = Self.embete
                    $0.scheme = .dekom
                    $0.year = 2024
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(report.partnershipCount == 0 && report.measureCount == 0)
        }
    }
}
