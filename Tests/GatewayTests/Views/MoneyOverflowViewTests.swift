import KSICore
import KSITestSupport
import Testing

@testable import Gateway

/// LIM-R2: stored amounts whose sums are beyond Int64 (data stored before the bound, or very many reports)
/// must not trap the gateway. Views saturate such a sum to `Money.saturatedOre`; pages show it as beyond range.
@Suite("Views over stored money beyond range (LIM-R2)")
struct MoneyOverflowViewTests {
    typealias F = ViewFixtureA

    /// ViewFixtureA with the two requested reports asking for half of Int64 each: their sum is beyond Int64.
    func hugeInputs() throws -> ViewInputs {
        var inputs = try F.inputs()
        var needs = F.needsData
        for index in needs.reports.indices where needs.reports[index].countsAsRequested {
            needs.reports[index].requestedAmountOre = Int64.max / 2 + 1
        }
        #expect(needs.reports.filter(\.countsAsRequested).count == 2)
        inputs.needs = .available(needs)
        return inputs
    }

    @Test("LIM-R2 V1 region overview: the requested total saturates instead of trapping; the other figures are exact")
    func regionOverview() throws {
        let request = GetRegionOverviewRequest.with {
            $0.governorOfficeId = F.agder
            $0.scheme = .ksi
            $0.year = F.year
            $0.breakdowns = [.sector]
        }
        let overview = RegionOverviewView.make(request, inputs: try hugeInputs())
        let totals = try #require(overview.totals)
        #expect(totals.requestedOre == Money.saturatedOre)
        #expect(totals.frameOre == F.kr(1_000_000))
        #expect(totals.decidedOre == F.kr(800_000))
        // A breakdown row with one huge report is exact; none traps.
        #expect(overview.breakdowns.contains { $0.figures?.requestedOre == Int64.max / 2 + 1 })
    }

    @Test("LIM-R2 V3 demand vs budget: the requested total saturates and the ratios stay computable")
    func demandVsBudget() throws {
        let request = GetDemandVsBudgetRequest.with {
            $0.governorOfficeId = F.agder
            $0.scheme = .ksi
            $0.year = F.year
        }
        let figures = try #require(DemandVsBudgetView.make(request, inputs: try hugeInputs()).totals)
        #expect(figures.requestedOre == Money.saturatedOre)
        // Saturated ÷ frame is far beyond any real ratio; it is computed full width, not trapped.
        #expect(figures.demandRatioBp == Money.multiplyDivide(Money.saturatedOre, 10_000, F.kr(1_000_000)))
        #expect(figures.coverageBp == BasisPoints.ratio(figures.decidedOre, of: Money.saturatedOre))
    }

    @Test("LIM-R2 a saturated figure reads as beyond range on a page, an ordinary one as kroner")
    func pageText() {
        #expect(NorwegianFormat.kroner(Money.saturatedOre) == "over tallgrensen")
        #expect(NorwegianFormat.kroner(600_000_000) == "6\u{00A0}000\u{00A0}000\u{00A0}kr")
    }

    @Test(
        "LIM-R2 V6 fragmentation of lines whose total is beyond Int64 saturates the total and leaves the concentration figures at 0"
    )
    func fragmentation() {
        let lines = [Int64.max / 2 + 1, Int64.max / 2 + 1, 100].map { ViewFigureLine(amountOre: $0) }
        let figures = ViewFigures.fragmentation(lines, microGrantThresholdOre: 10_000_000)
        #expect(figures.totalAmountOre == Money.saturatedOre)
        #expect(figures.medianLineOre == Int64.max / 2 + 1)
        #expect(figures.hhiBp == 0)
    }
}
