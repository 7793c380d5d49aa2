import Foundation
import KSICore
import KSITestSupport
import Testing

/// The demo embete-year loads through the real contexts on temporary SQLite databases.
@Suite("Demo embete-year")
struct DemoYearTests {
    /// Loads the demo year on four fresh SQLite databases and returns its summary and what the contexts list.
    static func loadDemo() async throws -> (DemoYearSummary, DemoYearSummary) {
        try await TestDatabase.with(.sqlite) { needsDB in
            try await TestDatabase.with(.sqlite) { partnershipsDB in
                try await TestDatabase.with(.sqlite) { allocationDB in
                    try await TestDatabase.with(.sqlite) { referralDB in
                        let reference = try ReferenceData.bundled().merging(DemoRegion.referenceDataSet())
                        let time = FixedTimeSource(date: LocalDate(year: 2025, month: 1, day: 2))
                        let needs = NeedsContext(database: needsDB, reference: reference, time: time)
                        let partnerships = PartnershipContext(database: partnershipsDB, reference: reference, time: time)
                        let allocation = AllocationContext(database: allocationDB, reference: reference, time: time)
                        let referral = ReferralContext(
                            database: referralDB, reference: reference, time: time, keyRing: try ReferralKeyRing.ephemeral())
                        let summary = try await DemoYear.load(
                            needs: needs, partnerships: partnerships, allocation: allocation, referral: referral, reference: reference,
                            time: time)
                        let again = try await DemoYearSummary.query(
                            needs: needs, partnerships: partnerships, allocation: allocation, referral: referral, reference: reference)
                        return (summary, again)
                    }
                }
            }
        }
    }

    @Test("the demo year produces entities in every stage, as the contexts' List methods report")
    func everyStage() async throws {
        let (summary, listed) = try await Self.loadDemo()
        print(summary)
        #expect(summary == listed)
    }
}
