import Gateway
import KSICore
import KSITestSupport
import Testing

@Suite("V3 Demand vs budget")
struct DemandVsBudgetViewTests {
    typealias F = ViewFixtureA

    func view(_ breakdowns: [ViewDimension] = [], inputs: ViewInputs? = nil) throws -> DemandVsBudget {
        let request = GetDemandVsBudgetRequest.with {
            $0.governorOfficeId = F.agder
            $0.scheme = .ksi
            $0.year = F.year
            $0.breakdowns = breakdowns
        }
        return DemandVsBudgetView.make(request, inputs: try inputs ?? F.inputs())
    }

    @Test(
        "V3 demand ratio = requested ÷ frame, precommitted = earlier years' commitments for Y, available = frame − precommitted, coverage = decided ÷ requested"
    )
    func totals() throws {
        let totals = try #require(try view().totals)
        #expect(totals.frameOre == F.kr(1_000_000))
        #expect(totals.requestedOre == F.kr(1_000_000))
        #expect(totals.demandRatioBp == 10_000)
        #expect(totals.precommittedOre == F.kr(150_000))
        #expect(totals.availableOre == F.kr(850_000))
        #expect(totals.decidedOre == F.kr(800_000))
        #expect(totals.coverageBp == 8000)
    }

    @Test("V3 by network: the report's network, and for money without a report the networks of the recipient's kommune")
    func byNetwork() throws {
        let rows = try view([.network]).breakdowns
        #expect(rows.map { $0.keys.map(\.value) } == [[TestRegion.networkId]])
        let sor = try #require(rows.first?.figures)
        #expect(sor.requestedOre == F.kr(400_000))
        #expect(sor.demandRatioBp == 4000)
        #expect(sor.precommittedOre == F.kr(100_000))
        #expect(sor.availableOre == F.kr(900_000))
        #expect(sor.decidedOre == F.kr(500_000))
        #expect(sor.coverageBp == 12_500)
    }

    @Test("V3 by year: the one year read gives one row equal to the totals")
    func byYear() throws {
        let overview = try view([.year])
        #expect(overview.breakdowns.map { $0.keys.map(\.value) } == [["2025"]])
        #expect(overview.breakdowns.first?.figures == overview.totals)
    }

    @Test("V3 with NeedsService down: requested, ratio and coverage are 0; frame, precommitted and decided stay")
    func needsUnavailable() throws {
        let overview = try view(inputs: try F.inputs(needs: false))
        let totals = try #require(overview.totals)
        #expect(overview.needsSection?.available == false)
        #expect(totals.requestedOre == 0 && totals.demandRatioBp == 0 && totals.coverageBp == 0)
        #expect(totals.frameOre == F.kr(1_000_000))
        #expect(totals.precommittedOre == F.kr(150_000))
        #expect(totals.decidedOre == F.kr(800_000))
    }
}
