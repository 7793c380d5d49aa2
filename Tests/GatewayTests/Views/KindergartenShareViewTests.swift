import Gateway
import KSICore
import KSITestSupport
import Testing

/// V5 over ViewFixtureB. Agder has 5 units (PPT offices excluded), 2 of them kindergartens. Kindergarten
/// amounts: L1 60 M × 1 of 2 units = 30 M; L2 has no units, its only sector is kindergarten = 30 M; L3 5 M × 1 of 1
/// = 5 M; L4 0 — 65 M of 100 M.
@Suite("V5 Kindergarten share")
struct KindergartenShareViewTests {
    func request(trendYears: Int32 = 0, breakdowns: [ViewDimension] = []) -> GetKindergartenShareRequest {
        GetKindergartenShareRequest.with {
            $0.governorOfficeId = ViewFixtureB.agder
            $0.scheme = .ksi
            $0.year = 2025
            $0.trendYears = trendYears
            $0.breakdowns = breakdowns
        }
    }

    @Test(
        "V5 weighs each line by its kindergarten units, or its sectors when it has none, against the ALLOC-R19 reservation"
    )
    func totals() throws {
        let totals = try #require(
            KindergartenShareViewBuilder.make(request(), inputs: try ViewFixtureB.inputs()).totals
        )
        #expect(totals.totalAmountOre == 100_000_000)
        #expect(totals.kindergartenAmountOre == 65_000_000)
        #expect(totals.kindergartenShareBp == 6500)
        #expect(totals.reservedKindergartenShareBp == 6000)
        #expect(totals.reservationMet)
    }

    @Test("V5 participation: units on decided lines plus units of running measures that are not aborted (PD)")
    func participationWithMeasures() throws {
        let totals = try #require(
            KindergartenShareViewBuilder.make(request(), inputs: try ViewFixtureB.inputs()).totals
        )
        // Lines: 2 schools + 2 kindergartens; measure-1 adds the vgs. The aborted and the 2023 measure add nothing.
        #expect(totals.unitsParticipating == 5 && totals.unitsTotal == 5)
        #expect(totals.kindergartenUnitsParticipating == 2 && totals.kindergartenUnitsTotal == 2)
        #expect(totals.participationParityBp == 10_000)  // (2 ÷ 2) ÷ (5 ÷ 5)
    }

    @Test("V5 participation parity from lines alone when partnerships are unavailable")
    func partnershipsUnavailable() throws {
        let view = KindergartenShareViewBuilder.make(
            request(),
            inputs: try ViewFixtureB.inputs(partnerships: .unavailable(reason: "down"))
        )
        #expect(view.partnershipsSection?.available == false)
        #expect(view.allocationSection?.available == true && view.referenceSection?.available == true)
        let totals = try #require(view.totals)
        #expect(totals.kindergartenShareBp == 6500)
        #expect(totals.unitsParticipating == 4)
        #expect(totals.participationParityBp == 12_500)  // (2 ÷ 2) ÷ (4 ÷ 5)
    }

    @Test("V5 with allocation unavailable: amounts 0, parity from measures only")
    func allocationUnavailable() throws {
        let view = KindergartenShareViewBuilder.make(
            request(),
            inputs: try ViewFixtureB.inputs(allocation: .unavailable(reason: "down"))
        )
        #expect(view.allocationSection?.available == false)
        let totals = try #require(view.totals)
        #expect(totals.totalAmountOre == 0 && totals.kindergartenShareBp == 0)
        #expect(totals.reservedKindergartenShareBp == nil)
        #expect(totals.unitsParticipating == 2 && totals.kindergartenUnitsParticipating == 1)
        #expect(totals.participationParityBp == 12_500)  // (1 ÷ 2) ÷ (2 ÷ 5)
    }

    @Test("V5 by sector: a line with two sectors counts in both rows (PD)")
    func sectorBreakdown() throws {
        let view = KindergartenShareViewBuilder.make(request(breakdowns: [.sector]), inputs: try ViewFixtureB.inputs())
        #expect(view.breakdowns.map { $0.keys.map(\.value) } == [["compulsorySchool"], ["kindergarten"]])
        let school = try #require(view.breakdowns.first?.figures)
        #expect(school.totalAmountOre == 70_000_000 && school.kindergartenAmountOre == 35_000_000)  // L1, L3, L4
        #expect(school.kindergartenShareBp == 5000)
        let kindergarten = try #require(view.breakdowns.last?.figures)
        #expect(kindergarten.totalAmountOre == 35_000_000 && kindergarten.kindergartenShareBp == 10_000)  // L2, L3
    }

    @Test("V5 trend: 2024 has only L5, a school line without units")
    func trend() throws {
        let view = KindergartenShareViewBuilder.make(request(trendYears: 1), inputs: try ViewFixtureB.inputs())
        #expect(view.trend.map(\.year) == [2024, 2025])
        let earlier = try #require(view.trend.first?.figures)
        #expect(earlier.totalAmountOre == 20_000_000 && earlier.kindergartenAmountOre == 0)
        #expect(earlier.unitsParticipating == 2)  // measure-1 runs from 2023; measure-2023 ended
        #expect(view.trend.last?.figures == view.totals)
    }
}
