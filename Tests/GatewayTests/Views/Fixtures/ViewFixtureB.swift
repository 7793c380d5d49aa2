import Gateway
import KSICore
import KSITestSupport

/// Hand-built inputs for the line-based views V4–V6 and for V7 and V10, over the Agder test region.
///
/// Year 2025, embete agder, scheme ksi. Four decided lines (100 MNOK in all):
///
/// | line | recipient | amount | themes | sectors | units | municipality |
/// |---|---|---|---|---|---|---|
/// | L1 | Kristiansand kommune | 60 M | readingWriting (SN), inclusivePractice | compulsorySchool | Lundsiden skole, Solsikken bhg | 4204 |
/// | L2 | Arendal kommune | 30 M | autism (SN) | kindergarten | — | 4203 |
/// | L3 | Eventyrskogen barnehage AS | 5 M | curriculumRenewal | kindergarten, compulsorySchool | Eventyrskogen bhg | 4204 |
/// | L4 | UiA | 5 M | — | compulsorySchool | Stintå skole | 4224 (Åseral) |
///
/// Plus one 2024 line (L5, Arendal kommune, 20 M, hearing) for trends, and one rogaland 2025 line (L9) that
/// agder never sees. Policies: agder 2025 ksi reserves 9500 bp special needs and 6000 bp kindergarten, micro
/// threshold 10 M, publishes V10; agder 2024 reserves nothing; rogaland 2025 does not publish.
///
/// Partnerships (today 2026-03-01): p1 "Sør" (active; all required roles with deputies, 2 of 2 meetings, grant g1
/// report due 2026-01-31 with no report, one measure with PPT as advisor, an open conflict read separately);
/// p2 "Nord" (active; nothing filled); p3 terminated; p4 in rogaland.
enum ViewFixtureB {
    static let year: Int32 = 2025
    static let agder = TestRegion.governorOfficeId
    static let rogaland = TestRegion.otherGovernorOfficeId
    static let today = LocalDate(year: 2026, month: 3, day: 1)
    static let nowMillis = today.daysSinceEpoch * 86_400_000 + 12 * 3_600_000

    static func line(
        _ id: String,
        _ recipient: String,
        _ type: RecipientType = .owner,
        themes: [ThemeCode],
        sectors: [Sector],
        units: [String],
        municipalities: [String]
    ) -> RecommendationLine {
        RecommendationLine.with {
            $0.id = id
            $0.recipientOrgId = recipient
            $0.recipientType = type
            $0.themes = themes
            $0.sectors = sectors
            $0.participatingUnitIds = units
            $0.municipalityIds = municipalities
        }
    }

    static func decision(
        _ line: RecommendationLine,
        amount: Int64,
        year: Int32 = year,
        office: String = agder,
        scheme: Scheme = .ksi
    ) -> GrantDecision {
        GrantDecision.with {
            $0.id = "decision-\(line.id)"
            $0.lineId = line.id
            $0.governorOfficeId = office
            $0.scheme = scheme
            $0.year = year
            $0.recipientOrgId = line.recipientOrgId
            $0.approvedAmountOre = amount
            $0.status = .signed
        }
    }

    static func policy(
        _ office: String,
        year: Int32,
        reservedSpecialNeeds: Int32? = nil,
        reservedKindergarten: Int32? = nil,
        micro: Int64 = 10_000_000,
        publish: Bool = false
    ) -> PolicyConfig {
        PolicyConfig.with {
            $0.governorPolicy = GovernorPolicy.with {
                $0.governorOfficeId = office
                $0.year = year
                $0.scheme = .ksi
                $0.microGrantThresholdOre = micro
                $0.reservedSpecialNeedsShareBp = reservedSpecialNeeds
                $0.reservedKindergartenShareBp = reservedKindergarten
                $0.publishTransparencyPage = publish
            }
        }
    }

    static let l1 = line(
        "L1",
        TestRegion.kristiansandKommune,
        themes: [.readingWriting, .inclusivePractice],
        sectors: [.compulsorySchool],
        units: [TestRegion.kristiansandSchool, TestRegion.kristiansandKindergarten],
        municipalities: [TestRegion.kristiansand]
    )
    static let l2 = line(
        "L2",
        TestRegion.arendalKommune,
        themes: [.autism],
        sectors: [.kindergarten],
        units: [],
        municipalities: [TestRegion.arendal]
    )
    static let l3 = line(
        "L3",
        TestRegion.privateKindergartenOwner,
        themes: [.curriculumRenewal],
        sectors: [.kindergarten, .compulsorySchool],
        units: [TestRegion.privateKindergarten],
        municipalities: [TestRegion.kristiansand]
    )
    static let l4 = line(
        "L4",
        TestRegion.uia,
        .uhInstitution,
        themes: [],
        sectors: [.compulsorySchool],
        units: [TestRegion.arendalSchool],
        municipalities: [TestRegion.aseral]
    )
    static let l5 = line(
        "L5",
        TestRegion.arendalKommune,
        themes: [.hearing],
        sectors: [.compulsorySchool],
        units: [],
        municipalities: [TestRegion.arendal]
    )
    static let l9 = line(
        "L9",
        "owner-stavanger",
        themes: [.autism],
        sectors: [.kindergarten],
        units: [],
        municipalities: []
    )

    static func allocation() -> AllocationData {
        var data = AllocationData()
        data.recommendations = [Recommendation.with { $0.lines = [l1, l2, l3, l4, l5, l9] }]
        data.decisions = [
            decision(l1, amount: 60_000_000), decision(l2, amount: 30_000_000), decision(l3, amount: 5_000_000),
            decision(l4, amount: 5_000_000), decision(l5, amount: 20_000_000, year: 2024),
            decision(l9, amount: 50_000_000, office: rogaland),
        ]
        data.grants = [
            Grant.with {
                $0.id = "g1"
                $0.reportDueOn = LocalDate(year: 2026, month: 1, day: 31)
            }
        ]
        data.policies = [
            policy(agder, year: 2025, reservedSpecialNeeds: 9500, reservedKindergarten: 6000, publish: true),
            policy(agder, year: 2024),
            policy(rogaland, year: 2025),
        ]
        return data
    }

    static func role(_ role: PartnershipRole, deputy: Bool = true) -> RoleAssignment {
        RoleAssignment.with {
            $0.id = "role-\(role.name)"
            $0.role = role
            $0.personId = "person-\(role.name)"
            $0.deputyPersonId = deputy ? "deputy-\(role.name)" : ""
            $0.from = LocalDate(year: 2025, month: 1, day: 1)
        }
    }

    static func partnership(
        _ id: String,
        _ name: String,
        office: String = agder,
        status: PartnershipStatus = .active
    ) -> Partnership {
        Partnership.with {
            $0.id = id
            $0.name = name
            $0.governorOfficeId = office
            $0.scheme = .ksi
            $0.status = status
        }
    }

    static func partnerships() -> PartnershipsData {
        var sor = partnership("p1", "Sør")
        sor.ownerIds = [TestRegion.kristiansandKommune]
        sor.uhInstitutionIds = [TestRegion.uia]
        sor.pptOfficeIds = [TestRegion.pptKristiansand]
        sor.roles = [role(.ownerContact), role(.uhContact), role(.coordinator), role(.pptContact, deputy: false)]
        sor.meetingPlan = PartnershipMeetingPlan.with { $0.plannedPerHalfYear = 2 }
        sor.meetings = [
            Meeting.with {
                $0.id = "m1"
                $0.heldOn = LocalDate(year: 2026, month: 1, day: 15)
            },
            Meeting.with {
                $0.id = "m2"
                $0.heldOn = LocalDate(year: 2026, month: 2, day: 15)
            },
        ]
        sor.grantIds = ["g1"]
        var data = PartnershipsData()
        data.partnerships = [
            sor, partnership("p2", "Nord"), partnership("p3", "Gammel", status: .terminated),
            partnership("p4", "Vest", office: rogaland),
        ]
        data.measures = [
            measure("measure-1", units: [TestRegion.upperSecondary, TestRegion.kristiansandKindergarten]),
            measure("measure-aborted", units: [TestRegion.privateKindergarten], status: .aborted),
            measure("measure-2023", units: [TestRegion.arendalSchool], ends: LocalDate(year: 2023, month: 12, day: 31)),
        ]
        data.conflicts = [
            ConflictCase.with {
                $0.id = "conflict-1"
                $0.partnershipId = "p1"
                $0.status = .open
            }
        ]
        return data
    }

    /// A measure of p1 in agder/ksi, running 2025–2026 unless `ends` says otherwise, with PPT as advisor.
    static func measure(
        _ id: String,
        units: [String],
        status: MeasureStatus = .inProgress,
        ends: LocalDate = LocalDate(year: 2026, month: 12, day: 31)
    ) -> Measure {
        Measure.with {
            $0.id = id
            $0.partnershipId = "p1"
            $0.governorOfficeId = agder
            $0.scheme = .ksi
            $0.participatingUnitIds = units
            $0.pptRole = .advisor
            $0.status = status
            $0.startDate = LocalDate(year: 2023, month: 1, day: 1)
            $0.endDate = ends
        }
    }

    static func inputs(
        office: String = agder,
        years: ClosedRange<Int32> = 2024...2025,
        allocation: SourceSection<AllocationData>? = nil,
        needs: SourceSection<NeedsData> = .available(NeedsData()),
        partnerships: SourceSection<PartnershipsData>? = nil
    ) throws -> ViewInputs {
        ViewInputs(
            audience: ViewAudience(),
            reference: try TestRegion.reference(),
            nowMillis: nowMillis,
            query: ViewQuery(governorOfficeId: office, scheme: .ksi, years: years),
            allocation: allocation ?? .available(self.allocation()),
            needs: needs,
            partnerships: partnerships ?? .available(self.partnerships())
        )
    }
}
