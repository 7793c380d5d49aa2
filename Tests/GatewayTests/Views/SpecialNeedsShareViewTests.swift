import Gateway
import KSICore
import KSITestSupport
import Testing

/// V4 over ViewFixtureB: L1 60 M (1 of 2 themes special needs), L2 30 M (autism), L3 5 M and L4 5 M (none).
@Suite("V4 Special-needs share")
struct SpecialNeedsShareViewTests {
    func request(trendYears: Int32 = 0, breakdowns: [ViewDimension] = []) -> GetSpecialNeedsShareRequest {
        GetSpecialNeedsShareRequest.with {
            $0.governorOfficeId = ViewFixtureB.agder
            $0.scheme = .ksi
            $0.year = 2025
            $0.trendYears = trendYears
            $0.breakdowns = breakdowns
        }
    }

    @Test(
        "V4 inclusive share counts whole special-needs lines, weighted share their theme fraction, against the ALLOC-R19 reservation"
    )
    func totals() throws {
        let view = SpecialNeedsShareViewBuilder.make(request(), inputs: try ViewFixtureB.inputs())
        let totals = try #require(view.totals)
        #expect(totals.totalAmountOre == 100_000_000)
        #expect(totals.specialNeedsAmountOre == 90_000_000)  // L1 + L2
        #expect(totals.specialNeedsWeightedAmountOre == 60_000_000)  // 60 M × 1/2 + 30 M × 1/1
        #expect(totals.specialNeedsShareInclusiveBp == 9000)
        #expect(totals.specialNeedsShareWeightedBp == 6000)
        #expect(totals.reservedSpecialNeedsShareBp == 9500)
        #expect(!totals.reservationMet)
        #expect(totals.lineCount == 4)
        #expect(view.year == 2025 && view.governorOfficeId == "agder" && view.generatedAt == ViewFixtureB.nowMillis)
        #expect(view.trend.isEmpty)
    }

    @Test("V4 trend covers the earlier years and the year, each against that year's reservation")
    func trend() throws {
        let view = SpecialNeedsShareViewBuilder.make(request(trendYears: 1), inputs: try ViewFixtureB.inputs())
        #expect(view.trend.map(\.year) == [2024, 2025])
        let earlier = try #require(view.trend.first?.figures)
        #expect(earlier.totalAmountOre == 20_000_000)  // L5, hearing
        #expect(earlier.specialNeedsShareInclusiveBp == 10_000)
        #expect(earlier.reservedSpecialNeedsShareBp == nil)
        #expect(earlier.reservationMet)
        #expect(view.trend.last?.figures == view.totals)
    }

    @Test("V4 by size band: the owner's municipality, or the line's municipalities for a UH recipient")
    func sizeBandBreakdown() throws {
        let view = SpecialNeedsShareViewBuilder.make(
            request(breakdowns: [.sizeBand]),
            inputs: try ViewFixtureB.inputs()
        )
        #expect(view.breakdowns.map { $0.keys.map(\.value) } == [["large"], ["small"]])
        let large = try #require(view.breakdowns.first?.figures)
        #expect(large.totalAmountOre == 95_000_000)  // L1, L2, L3: Kristiansand and Arendal are large
        #expect(large.specialNeedsShareInclusiveBp == 9473)  // 90 ÷ 95, rounded down
        let small = try #require(view.breakdowns.last?.figures)
        #expect(small.totalAmountOre == 5_000_000 && small.specialNeedsAmountOre == 0)  // L4 in Åseral
        #expect(view.breakdowns.first?.keys.first?.dimension == .sizeBand)
    }

    @Test("V4 with allocation unavailable: figures 0, trend years kept, section marked")
    func allocationUnavailable() throws {
        let inputs = try ViewFixtureB.inputs(allocation: .unavailable(reason: "down"))
        let view = SpecialNeedsShareViewBuilder.make(request(trendYears: 1, breakdowns: [.sector]), inputs: inputs)
        #expect(view.allocationSection?.available == false && view.allocationSection?.reason == "down")
        #expect(view.needsSection?.available == true)
        let totals = try #require(view.totals)
        #expect(totals.totalAmountOre == 0 && totals.specialNeedsShareInclusiveBp == 0 && totals.lineCount == 0)
        #expect(totals.reservedSpecialNeedsShareBp == nil)
        #expect(view.trend.map(\.year) == [2024, 2025])
        #expect(view.trend.allSatisfy { $0.figures?.totalAmountOre == 0 })
        #expect(view.breakdowns.isEmpty)
    }
}
