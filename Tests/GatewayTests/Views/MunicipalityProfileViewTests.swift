import Gateway
import KSICore
import KSITestSupport
import Testing

@Suite("V2 Municipality profile")
struct MunicipalityProfileViewTests {
    typealias F = ViewFixtureA

    func profile(
        audience: ViewAudience = .suppressed,
        allocation: Bool = true,
        referral: Bool = true
    ) throws -> MunicipalityProfile {
        let request = GetMunicipalityProfileRequest.with {
            $0.municipalityId = TestRegion.kristiansand
            $0.scheme = .ksi
            $0.year = F.year
        }
        let inputs = try F.inputs(audience: audience, history: 4, allocation: allocation, referral: referral)
        return MunicipalityProfileView.make(request, inputs: inputs)
    }

    @Test(
        "V2 reference facts: population, size band, embete, fylke, networks, owners and units by type with private, PPT office"
    )
    func referenceFacts() throws {
        let view = try profile()
        #expect(view.name == "Kristiansand" && view.population == 116_000 && view.children0to19 == 27_000)
        #expect(view.sizeBand == "large")
        #expect(view.governorOfficeId == F.agder && view.countyId == TestRegion.countyId)
        #expect(view.networkIds == [TestRegion.networkId])
        #expect(view.ownersByType.map(\.ownerType) == [.municipality, .countyAuthority, .privateKindergarten])
        #expect(view.ownersByType.map(\.count) == [1, 1, 1])
        let kindergartens = try #require(view.unitsByType.first { $0.unitType == .kindergarten })
        #expect(kindergartens.count == 2 && kindergartens.privateCount == 1)
        #expect(view.units.count == 4)
        #expect(view.pptOffices.map(\.id) == [TestRegion.pptKristiansand])
    }

    @Test(
        "V2 lists its owners' reports, its partnerships with filled roles, its units' measures and third-party contributions"
    )
    func activity() throws {
        let view = try profile()
        #expect(view.reports.map(\.needsReportId) == ["r1", "r3"])
        #expect(view.reports.first?.requestedAmountOre == F.kr(400_000))
        #expect(view.partnerships.map(\.partnershipId) == ["P1"])
        #expect(view.partnerships.first?.filledRoles == [.ownerContact])
        #expect(view.partnerships.first?.measureCount == 2)
        #expect(view.measures.map(\.measureId) == ["M1", "M3"])
        #expect(view.thirdPartyContributionCount == 2)
    }

    @Test(
        "V2 funding history over five years: decided incl. confirmed multi-year, disbursed by grant year, co-financing, per child"
    )
    func fundingHistory() throws {
        let view = try profile()
        #expect(view.fundingHistory.map(\.year) == [2021, 2022, 2023, 2024, 2025])
        let current = try #require(view.fundingHistory.last)
        #expect(current.decidedOre == F.kr(500_000))
        #expect(current.disbursedOre == F.kr(200_000))
        #expect(current.coFinancingRequiredOre == F.kr(120_000))
        #expect(current.coFinancingDocumentedOre == F.kr(100_000))
        #expect(current.reclaimedOre == 0)
        #expect(current.decidedPerChildOre == 1851)
        #expect(view.decidedPerChildOre == 1851)
        #expect(view.fundingHistory[3].disbursedOre == F.kr(300_000))
    }

    @Test("V2 referral counts below 5 are suppressed, and the next-smallest too when only one is hidden (PRIV-R5)")
    func referralSuppression() throws {
        let counts = try profile().referralsByStatus
        #expect(counts.map(\.status) == [.submitted, .accepted])
        #expect(counts.allSatisfy { $0.count?.suppressed == true && $0.count?.value == 0 })
    }

    @Test("V2 the kommune's own PPT office sees its referral counts unsuppressed (PRIV-R3)")
    func ownPptSeesCounts() throws {
        let audience = ViewAudience(ownPptMunicipalityIds: [TestRegion.kristiansand, TestRegion.aseral])
        let counts = try profile(audience: audience).referralsByStatus
        #expect(counts.map { $0.count?.value } == [6, 2])
        #expect(counts.allSatisfy { $0.count?.suppressed == false })
    }

    @Test("V2 with AllocationService and ReferralService down: no money and no referral counts, the rest complete")
    func partial() throws {
        let view = try profile(allocation: false, referral: false)
        #expect(view.allocationSection?.available == false && view.referralSection?.available == false)
        #expect(view.fundingHistory.count == 5)
        #expect(view.fundingHistory.allSatisfy { $0.decidedOre == 0 && $0.disbursedOre == 0 })
        #expect(view.decidedPerChildOre == 0)
        #expect(view.referralsByStatus.isEmpty)
        #expect(view.reports.count == 2)
        #expect(view.networkIds.isEmpty)
    }
}
