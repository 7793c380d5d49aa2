import Gateway
import KSICore
import KSITestSupport
import Testing

/// V1's partnership, measure and participation figures belong to the year asked for (`YearActivity`).
///
/// ViewFixtureA (P1 active, P2 draft; M1 started, M2 aborted, M3 planned; none with dates) plus:
/// - P3 Arendal, agreement 2023–2024, expired on 31 December 2024;
/// - P4 Kristiansand, active, but its agreement starts on 1 January 2026;
/// - M4 started, Arendal school, runs 1 January – 31 December 2024.
@Suite("V1 Region overview by year")
struct RegionOverviewYearTests {
    typealias F = ViewFixtureA

    static var partnerships: PartnershipsData {
        var data = F.partnershipsData
        data.partnerships += [
            Partnership.with {
                $0.id = "P3"
                $0.name = "Arendal 2023–2024"
                $0.scheme = .ksi
                $0.governorOfficeId = F.agder
                $0.ownerIds = [TestRegion.arendalKommune]
                $0.status = .expired
                $0.agreement = PartnershipAgreement.with {
                    $0.validFrom = LocalDate(year: 2023, month: 1, day: 1)
                    $0.validTo = LocalDate(year: 2024, month: 12, day: 31)
                }
                $0.activatedAt = OsloCalendar.millis(atNoonOn: LocalDate(year: 2023, month: 1, day: 2))
                $0.expiredAt = OsloCalendar.millis(atNoonOn: LocalDate(year: 2024, month: 12, day: 31))
            },
            Partnership.with {
                $0.id = "P4"
                $0.name = "Kristiansand 2026"
                $0.scheme = .ksi
                $0.governorOfficeId = F.agder
                $0.ownerIds = [TestRegion.kristiansandKommune]
                $0.status = .active
                $0.agreement = PartnershipAgreement.with { $0.validFrom = LocalDate(year: 2026, month: 1, day: 1) }
            },
        ]
        var m4 = F.measure(
            "M4",
            partnership: "P3",
            unit: TestRegion.arendalSchool,
            sector: .compulsorySchool,
            status: .started
        )
        m4.startDate = LocalDate(year: 2024, month: 1, day: 1)
        m4.endDate = LocalDate(year: 2024, month: 12, day: 31)
        data.measures.append(m4)
        return data
    }

    func overview(year: Int32, allocation: Bool = true) throws -> RegionOverviewFigures {
        var inputs = try F.inputs(allocation: allocation)
        inputs.partnerships = .available(Self.partnerships)
        inputs.query = ViewQuery(governorOfficeId: F.agder, scheme: .ksi, years: year...year)
        let request = GetRegionOverviewRequest.with {
            $0.governorOfficeId = F.agder
            $0.scheme = .ksi
            $0.year = year
        }
        return try #require(RegionOverviewView.make(request, inputs: inputs).totals)
    }

    @Test(
        "V1 for 2025 leaves out the 2024 partnership and measure and the 2026 agreement: 1 active partnership, 1 started measure"
    )
    func countsExcludeOtherYears() throws {
        let totals = try overview(year: 2025)
        #expect(totals.activePartnerships == 1)  // P1 only
        #expect(totals.measuresByStatus.map(\.status) == [.planned, .started, .aborted])
        #expect(totals.measuresByStatus.map(\.count) == [1, 1, 1])  // M4 (2024) is not counted
    }

    @Test("V1 for 2025: a unit in a 2024 measure does not make its municipality take part (Kristiansand only, 1 of 3)")
    func participationExcludesOtherYears() throws {
        // With allocation down, participation rests on measures alone: M1 (Kristiansand); M4 (Arendal) ran in 2024.
        let totals = try overview(year: 2025, allocation: false)
        #expect(totals.participatingMunicipalities == 1)
        #expect(totals.municipalParticipationBp == 3333)
    }

    @Test(
        "V1 for 2024 counts the partnership and measure of 2024: P1 and P3 active, M1 and M4 started, Arendal takes part"
    )
    func earlierYearCountsItsOwn() throws {
        let totals = try overview(year: 2024, allocation: false)
        #expect(totals.activePartnerships == 2)
        #expect(totals.measuresByStatus.map(\.count) == [1, 2, 1])
        #expect(totals.participatingMunicipalities == 2)  // Kristiansand (M1) and Arendal (M4)
    }
}
