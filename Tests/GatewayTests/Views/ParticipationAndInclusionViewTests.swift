import Gateway
import KSICore
import KSITestSupport
import Testing

@Suite("V11 Participation and inclusion")
struct ParticipationAndInclusionViewTests {
    typealias F = ViewFixtureA

    func view(inputs: ViewInputs? = nil) throws -> ParticipationAndInclusion {
        let request = GetParticipationAndInclusionRequest.with {
            $0.governorOfficeId = F.agder
            $0.scheme = .ksi
            $0.year = F.year
        }
        return ParticipationAndInclusionView.make(request, inputs: try inputs ?? F.inputs())
    }

    @Test("V11 private parity = (1 of 1 private units) ÷ (2 of 3 municipal units) = 15 000 bp")
    func privateParity() throws {
        let totals = try #require(try view().totals)
        #expect(totals.privateUnitsParticipating == 1 && totals.privateUnitsTotal == 1)
        #expect(totals.municipalUnitsParticipating == 2 && totals.municipalUnitsTotal == 3)
        #expect(totals.privateParityBp == 15_000)
    }

    @Test("V11 PPT involvement ≥ invited and funded other than requested, over the submitted reports")
    func reportShares() throws {
        let totals = try #require(try view().totals)
        #expect(totals.reportsTotal == 2)
        #expect(totals.reportsPptInvitedOrHigher == 1)
        #expect(totals.pptInvolvementBp == 5000)
        #expect(totals.fundedReports == 2)
        #expect(totals.fundedOtherThanRequested == 1)
        #expect(totals.fundedOtherThanRequestedBp == 5000)
    }

    @Test("V11 co-financing compliance by size band (ALLOC-R12): a pledge complies when pledged ≥ required")
    func coFinancing() throws {
        let rows = try view().coFinancingCompliance
        #expect(rows.map(\.sizeBand) == ["small", "medium", "large"])
        let large = try #require(rows.last)
        #expect(large.pledgesTotal == 2 && large.pledgesCompliant == 1 && large.complianceBp == 5000)
        #expect(large.requiredOre == F.kr(210_000))
        #expect(large.pledgedOre == F.kr(200_000))
        #expect(large.documentedOre == F.kr(100_000))
        #expect(rows[0].pledgesTotal == 0 && rows[0].complianceBp == 0)
    }

    @Test("V11 with PartnershipService down: units take part only through decided lines; report shares stay")
    func partnershipsUnavailable() throws {
        let overview = try view(inputs: try F.inputs(partnerships: false))
        let totals = try #require(overview.totals)
        #expect(overview.partnershipsSection?.available == false)
        #expect(totals.privateUnitsParticipating == 0)
        #expect(totals.municipalUnitsParticipating == 2)
        #expect(totals.privateParityBp == 0)
        #expect(totals.pptInvolvementBp == 5000)
    }
}
