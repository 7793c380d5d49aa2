import Gateway
import KSICore
import KSITestSupport
import Testing

/// V4 and V5 over ViewFixtureB where L4 (UiA, 5 M) carries no needs snapshot at all (no themes, sectors or
/// units, as a line written before lines carried one): its amount stays in the total and is shown as
/// unknown («ukjent»), in no share. The other lines: L1 60 M (1 of 2 themes special needs; a school and a
/// kindergarten), L2 30 M (autism; kindergarten sector), L3 5 M (curriculum renewal; a kindergarten).
@Suite("V4 and V5 with a line without a needs snapshot")
struct UnknownSnapshotViewTests {
    static func inputs() throws -> ViewInputs {
        var allocation = ViewFixtureB.allocation()
        for index in allocation.recommendations[0].lines.indices
        where allocation.recommendations[0].lines[index].id == "L4" {
            allocation.recommendations[0].lines[index].themes = []
            allocation.recommendations[0].lines[index].sectors = []
            allocation.recommendations[0].lines[index].participatingUnitIds = []
        }
        return try ViewFixtureB.inputs(allocation: .available(allocation))
    }

    @Test(
        "V4 shows L4's 5 M as unknown; the shares of the known lines are over all 100 M (90 M and 60 M special needs)"
    )
    func specialNeedsUnknown() throws {
        let view = SpecialNeedsShareViewBuilder.make(
            .with {
                $0.governorOfficeId = ViewFixtureB.agder
                $0.scheme = .ksi
                $0.year = 2025
            },
            inputs: try Self.inputs()
        )
        let totals = try #require(view.totals)
        #expect(totals.totalAmountOre == 100_000_000)
        #expect(totals.unknownAmountOre == 5_000_000 && totals.unknownLineCount == 1)
        #expect(totals.specialNeedsShareInclusiveBp == 9000)
        #expect(totals.specialNeedsShareWeightedBp == 6000)
    }

    @Test("V5 shows L4's 5 M as unknown, not as a school line: kindergarten 30 + 30 + 5 = 65 M of 100 M")
    func kindergartenUnknown() throws {
        let view = KindergartenShareViewBuilder.make(
            .with {
                $0.governorOfficeId = ViewFixtureB.agder
                $0.scheme = .ksi
                $0.year = 2025
            },
            inputs: try Self.inputs()
        )
        let totals = try #require(view.totals)
        #expect(totals.totalAmountOre == 100_000_000)
        #expect(totals.kindergartenAmountOre == 65_000_000)
        #expect(totals.kindergartenShareBp == 6500)
        #expect(totals.unknownAmountOre == 5_000_000 && totals.unknownLineCount == 1)
    }

    @Test(
        "V4 takes a line's themes from its measures once it has them (§5): inclusive practice on L2 and hearing on L4 give 65 M (6500 bp) special needs"
    )
    func themesFromMeasures() throws {
        var partnerships = ViewFixtureB.partnerships()
        var onL2 = ViewFixtureB.measure("measure-l2", units: [TestRegion.arendalSchool])
        onL2.grantLineId = "L2"
        onL2.themes = [.inclusivePractice]
        var onL4 = ViewFixtureB.measure("measure-l4", units: [TestRegion.arendalSchool])
        onL4.grantLineId = "L4"
        onL4.themes = [.hearing]
        partnerships.measures += [onL2, onL4]
        let view = SpecialNeedsShareViewBuilder.make(
            .with {
                $0.governorOfficeId = ViewFixtureB.agder
                $0.scheme = .ksi
                $0.year = 2025
            },
            inputs: try ViewFixtureB.inputs(partnerships: .available(partnerships))
        )
        let totals = try #require(view.totals)
        // L1 60 M (snapshot, 1 of 2 special) + L4 5 M (hearing); L2 30 M and L3 5 M are not special needs.
        #expect(totals.specialNeedsAmountOre == 65_000_000)
        #expect(totals.specialNeedsShareInclusiveBp == 6500)
        #expect(totals.specialNeedsWeightedAmountOre == 35_000_000)  // 60 M × 1/2 + 5 M
        #expect(totals.specialNeedsShareWeightedBp == 3500)
        #expect(totals.unknownAmountOre == 0 && totals.unknownLineCount == 0)
    }
}
