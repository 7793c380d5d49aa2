import Gateway
import KSICore
import KSITestSupport
import Testing

@Suite("V1 Region overview")
struct RegionOverviewViewTests {
    typealias F = ViewFixtureA

    func view(_ breakdowns: [ViewDimension] = [], inputs: ViewInputs? = nil) throws -> RegionOverview {
        let request = GetRegionOverviewRequest.with {
            $0.governorOfficeId = F.agder
            $0.scheme = .ksi
            $0.year = F.year
            $0.breakdowns = breakdowns
        }
        return RegionOverviewView.make(request, inputs: try inputs ?? F.inputs())
    }

    @Test(
        "V1 sums the money chain: published frame, requested without drafts and withdrawn, adopted lines, decided incl. confirmed multi-year, the year's disbursements and decided reclaims"
    )
    func moneyChain() throws {
        let totals = try #require(try view().totals)
        #expect(totals.frameOre == F.kr(1_000_000))
        #expect(totals.requestedOre == F.kr(1_000_000))
        #expect(totals.recommendedOre == F.kr(700_000))
        #expect(totals.decidedOre == F.kr(800_000))
        #expect(totals.disbursedOre == F.kr(500_000))
        #expect(totals.reclaimedOre == F.kr(50_000))
        #expect(totals.utilisationBp == 8000)
    }

    @Test("V1 counts reports and measures by status and the active partnerships")
    func counts() throws {
        let totals = try #require(try view().totals)
        #expect(
            totals.reportsByStatus.map(\.status) == [.draft, .fundedAsRequested, .fundedOtherThanRequested, .withdrawn]
        )
        #expect(totals.reportsByStatus.map(\.count) == [1, 1, 1, 1])
        #expect(totals.measuresByStatus.map(\.status) == [.planned, .started, .aborted])
        #expect(totals.measuresByStatus.map(\.count) == [1, 1, 1])
        #expect(totals.activePartnerships == 1)
    }

    @Test(
        "V1 municipal participation: a decided line to the kommune or a unit in a measure that is not aborted (2 of 3)"
    )
    func participation() throws {
        let totals = try #require(try view().totals)
        #expect(totals.participatingMunicipalities == 2)
        #expect(totals.totalMunicipalities == 3)
        #expect(totals.municipalParticipationBp == 6666)
    }

    @Test(
        "V1 with AllocationService down: its money is 0 and marked unavailable, reports and participation from measures stay"
    )
    func allocationUnavailable() throws {
        let overview = try view(inputs: try F.inputs(allocation: false))
        let totals = try #require(overview.totals)
        #expect(overview.allocationSection?.available == false)
        #expect(overview.needsSection?.available == true)
        #expect(
            [totals.frameOre, totals.recommendedOre, totals.decidedOre, totals.disbursedOre, totals.reclaimedOre] == [
                0, 0, 0, 0, 0,
            ]
        )
        #expect(totals.utilisationBp == 0)
        #expect(totals.requestedOre == F.kr(1_000_000))
        #expect(totals.activePartnerships == 1)
        #expect(totals.participatingMunicipalities == 1)
        #expect(totals.municipalParticipationBp == 3333)
    }

    @Test("V1 split by sector: each row sums its own reports, lines and money; the frame applies to every row")
    func bySector() throws {
        let rows = try view([.sector]).breakdowns
        #expect(rows.map { $0.keys.map(\.value) } == [["compulsorySchool"], ["kindergarten"]])
        let school = try #require(rows[0].figures)
        let kindergarten = try #require(rows[1].figures)
        #expect(kindergarten.frameOre == F.kr(1_000_000))
        #expect(kindergarten.requestedOre == F.kr(400_000))
        #expect(kindergarten.recommendedOre == F.kr(400_000))
        #expect(kindergarten.decidedOre == F.kr(400_000))
        #expect(kindergarten.disbursedOre == F.kr(200_000))
        #expect(kindergarten.utilisationBp == 4000)
        #expect(kindergarten.measuresByStatus.map(\.status) == [.planned, .started])
        #expect(kindergarten.participatingMunicipalities == 1)
        #expect(school.requestedOre == F.kr(600_000))
        #expect(school.decidedOre == F.kr(300_000))
        #expect(school.reclaimedOre == F.kr(50_000))
        #expect(school.utilisationBp == 3000)
    }

    @Test("V1 split by size band (ksi3): Åseral is small and takes no part; the two large kommuner both do")
    func bySizeBand() throws {
        let rows = try view([.sizeBand]).breakdowns
        #expect(rows.map { $0.keys.map(\.value) } == [["large"], ["small"]])
        let large = try #require(rows[0].figures)
        let small = try #require(rows[1].figures)
        #expect(large.requestedOre == F.kr(1_000_000))
        #expect(large.decidedOre == F.kr(800_000))
        #expect(large.totalMunicipalities == 2)
        #expect(large.municipalParticipationBp == 10_000)
        #expect(small.totalMunicipalities == 1)
        #expect(small.participatingMunicipalities == 0)
        #expect(small.requestedOre == 0)
        #expect(small.activePartnerships == 0)
    }

    @Test("V1 nationally sums the published frame of every embete")
    func national() throws {
        let overview = try view(inputs: try F.inputs(governorOfficeId: ""))
        #expect(overview.totals?.frameOre == F.kr(6_000_000))
    }
}
