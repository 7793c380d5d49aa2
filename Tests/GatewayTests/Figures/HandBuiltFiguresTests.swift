import Foundation
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Testing

@testable import Gateway

/// The figure pages over the hand-built set (`HandBuiltFigureSet`): the answers are worked out by hand below, the
/// `ExpectedFigures` computation must give them, and every page must show exactly them (the pages read in memory
/// through the dashboard's router as Agder's caseworker, so PRIV-R5 suppression applies).
@Suite("Hand-built set: each page shows the answers worked out by hand")
struct HandBuiltFiguresTests {
    static func app() throws -> some ApplicationProtocol {
        let entities = try HandBuiltFigureSet.entities()
        let views = GatewayViews(
            source: HandBuiltViewDataSource(entities: entities),
            simulator: FixtureSimulator(),
            reference: entities.reference,
            time: FixedTimeSource(date: HandBuiltFigureSet.today)
        )
        return Application(
            router: try GatewayRouter.router(
                views: views,
                commands: nil,
                authentication: .fixed(orgNumber: HTTPFixture.org(.sfCaseworker))
            )
        )
    }

    static func expected() throws -> ExpectedFigures { ExpectedFigures(try HandBuiltFigureSet.entities()) }

    /// The answers, the independent computation and the page agree.
    func check(_ uri: String, answers: [String: Int64?], computed: [String: Int64?]) async throws -> String {
        let computedDifferences = DashboardFigureReader.differences(page: computed, expected: answers)
        #expect(
            computedDifferences.isEmpty,
            "ExpectedFigures for \(uri) differs from the hand-worked answers:\n\(computedDifferences.joined(separator: "\n"))"
        )
        return try await Self.app().test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok, "\(uri)")
                let html = String(buffer: response.body)
                let differences = DashboardFigureReader.differences(
                    page: DashboardFigureReader.figures(html),
                    expected: answers
                )
                #expect(differences.isEmpty, "\(uri):\n\(differences.joined(separator: "\n"))")
                return html
            }
        }
    }

    @Test(
        "region 2025: money, V3 against the frame, V4 75 % / 38 % with the snapshot-less line unknown, V5, V6, participation of the year"
    )
    func region2025() async throws {
        let answers: [String: Int64?] = [
            "V1.totals.frameOre": 100_000_000, "V1.totals.requestedOre": 90_000_000, "V1.totals.decidedOre": 66_000_000,
            "V1.totals.disbursedOre": 25_000_000, "V1.totals.utilisationBp": 6_600,
            "V3.totals.demandRatioBp": 9_000, "V3.totals.precommittedOre": 10_000_000,
            "V3.totals.availableOre": 90_000_000,
            "V3.totals.coverageBp": 7_333,
            // L1 500 000 of 660 000 names reading and writing (1 of its 2 themes); L2 60 000 has no snapshot.
            "V4.totals.specialNeedsShareInclusiveBp": 7_575, "V4.totals.specialNeedsShareWeightedBp": 3_787,
            "V4.totals.unknownAmountOre": 6_000_000,
            // L1: 1 kindergarten of its 3 units; parity (1 of 2 kindergartens) ÷ (3 of 5 units).
            "V5.totals.kindergartenShareBp": 2_525, "V5.totals.unknownAmountOre": 6_000_000,
            "V5.totals.participationParityBp": 8_333,
            // 500 000, 60 000 and 100 000: hhi 0,6051; one line under 100 000 kr.
            "V6.totals.fragmentationBp": 3_949, "V6.totals.microShareBp": 3_333, "V6.totals.lineCount": 3,
            "V1.totals.participatingMunicipalities": 2, "V1.totals.totalMunicipalities": 3,
            "V1.totals.municipalParticipationBp": 6_666,
            "V1.totals.activePartnerships": 2,
            // The private kindergarten took part in 2024 only (M0): not in 2025.
            "V11.totals.municipalUnitsParticipating": 3, "V11.totals.privateUnitsParticipating": 0,
            "V11.totals.privateParityBp": 0,
            "V1.totals.reportsByStatus.fundedOtherThanRequested": 2, "V1.totals.reportsByStatus.rejected": 1,
            "V1.totals.reportsByStatus.draft": 1,
        ]
        _ = try await check(
            "/regioner/agder?year=2025&scheme=ksi",
            answers: answers,
            computed: try Self.expected().region(office: HandBuiltFigureSet.agder, scheme: .ksi, year: 2025)
        )
    }

    @Test(
        "region 2024 without a frame: the frame, utilisation, oversubscription and available are not set, not 0 or negative"
    )
    func region2024WithoutFrame() async throws {
        let answers: [String: Int64?] = [
            "V1.totals.frameOre": nil, "V1.totals.requestedOre": 30_000_000, "V1.totals.decidedOre": 30_000_000,
            "V1.totals.disbursedOre": 30_000_000, "V1.totals.utilisationBp": nil,
            "V3.totals.demandRatioBp": nil, "V3.totals.precommittedOre": 0, "V3.totals.availableOre": nil,
            "V3.totals.coverageBp": 10_000,
            "V4.totals.specialNeedsShareInclusiveBp": 0, "V4.totals.specialNeedsShareWeightedBp": 0,
            "V4.totals.unknownAmountOre": 0,
            "V5.totals.kindergartenShareBp": 0, "V5.totals.unknownAmountOre": 0,
            "V5.totals.participationParityBp": 12_500,
            "V6.totals.fragmentationBp": 0, "V6.totals.microShareBp": 0, "V6.totals.lineCount": 1,
            "V1.totals.participatingMunicipalities": 2, "V1.totals.totalMunicipalities": 3,
            "V1.totals.municipalParticipationBp": 6_666,
            "V1.totals.activePartnerships": 1,
            "V11.totals.municipalUnitsParticipating": 1, "V11.totals.privateUnitsParticipating": 1,
            "V11.totals.privateParityBp": 30_000,
            "V1.totals.reportsByStatus.fundedAsRequested": 1,
        ]
        let html = try await check(
            "/regioner/agder?year=2024&scheme=ksi",
            answers: answers,
            computed: try Self.expected().region(office: HandBuiltFigureSet.agder, scheme: .ksi, year: 2024)
        )
        #expect(html.contains("ikke fastsatt (ingen ramme)"))
    }

    @Test(
        "region 2026, an empty year with 50 000 kr bound from 2025 and no frame: «Tilgjengelig» is not set, never −50 000 kr; shares of nothing are not defined"
    )
    func emptyYear() async throws {
        let answers: [String: Int64?] = [
            "V1.totals.frameOre": nil, "V1.totals.requestedOre": 0, "V1.totals.decidedOre": 0,
            "V1.totals.disbursedOre": 0,
            "V1.totals.utilisationBp": nil, "V3.totals.demandRatioBp": nil, "V3.totals.precommittedOre": 5_000_000,
            "V3.totals.availableOre": nil, "V3.totals.coverageBp": nil,
            "V4.totals.specialNeedsShareInclusiveBp": nil, "V4.totals.specialNeedsShareWeightedBp": nil,
            "V4.totals.unknownAmountOre": 0,
            "V5.totals.kindergartenShareBp": nil, "V5.totals.unknownAmountOre": 0,
            "V5.totals.participationParityBp": nil,
            "V6.totals.fragmentationBp": nil, "V6.totals.microShareBp": nil, "V6.totals.lineCount": 0,
            "V1.totals.participatingMunicipalities": 0, "V1.totals.totalMunicipalities": 3,
            "V1.totals.municipalParticipationBp": 0,
            "V1.totals.activePartnerships": 2,
            "V11.totals.municipalUnitsParticipating": 0, "V11.totals.privateUnitsParticipating": 0,
            "V11.totals.privateParityBp": nil,
        ]
        let html = try await check(
            "/regioner/agder?year=2026&scheme=ksi",
            answers: answers,
            computed: try Self.expected().region(office: HandBuiltFigureSet.agder, scheme: .ksi, year: 2026)
        )
        #expect(!html.contains("−"), "a negative amount is shown")
    }

    @Test(
        "municipalities: the joint application's money counts for the lead, the co-applicant lists it as co-applicant; PRIV-R5 hides a 2 and, secondarily, the 6 beside it"
    )
    func municipalities() async throws {
        let expected = try Self.expected()
        let kristiansand: [String: Int64?] = [
            "V2.population": 116_000, "V2.children0to19": 27_000,
            // L1 500 000 to the kommune and L2 60 000 to the private owner seated there: 56 000 000 øre ÷ 27 000.
            "V2.decidedPerChildOre": 2_074, "V2.thirdPartyContributionCount": 1,
            "V2.referralsByStatus.inService": nil, "V2.referralsByStatus.closed": nil,
        ].merging(Self.history(decided2024: 0, disbursed2024: 0, decided2025: 56_000_000, disbursed2025: 25_000_000)) {
            a,
            _ in a
        }
        _ = try await check(
            "/kommuner/\(TestRegion.kristiansand)?year=2025",
            answers: kristiansand,
            computed: expected.municipality(TestRegion.kristiansand, scheme: .unspecified, year: 2025)
        )
        let arendal: [String: Int64?] = [
            "V2.population": 45_000, "V2.children0to19": 10_500,
            // Only the confirmed 2025 year of its own 2024 line (100 000); the joint application's 500 000 went to Kristiansand.
            "V2.decidedPerChildOre": 952, "V2.thirdPartyContributionCount": 1, "V2.referralsByStatus.accepted": 5,
        ].merging(
            Self.history(decided2024: 30_000_000, disbursed2024: 30_000_000, decided2025: 10_000_000, disbursed2025: 0)
        ) { a, _ in a }
        let html = try await check(
            "/kommuner/\(TestRegion.arendal)?year=2025",
            answers: arendal,
            computed: expected.municipality(TestRegion.arendal, scheme: .unspecified, year: 2025)
        )
        let row = try #require(html.components(separatedBy: "<tr>").first { $0.contains("Søknad r1") })
        #expect(row.contains("Medsøker (søker: Kristiansand kommune)"))
        #expect(
            row.contains("500\u{00A0}000\u{00A0}kr") && row.hasSuffix("<td class=\"num\">0\u{00A0}kr</td></tr>"),
            "\(row)"
        )
        let aseral: [String: Int64?] = [
            "V2.population": 950, "V2.children0to19": 220, "V2.decidedPerChildOre": 0,
            "V2.thirdPartyContributionCount": 0,
            "V2.referralsByStatus.submitted": nil,
        ].merging(Self.history(decided2024: 0, disbursed2024: 0, decided2025: 0, disbursed2025: 0)) { a, _ in a }
        _ = try await check(
            "/kommuner/\(TestRegion.aseral)?year=2025",
            answers: aseral,
            computed: expected.municipality(TestRegion.aseral, scheme: .unspecified, year: 2025)
        )
    }

    /// V2's five years 2021…2025 (index 0…4): nothing before 2024 in this set.
    static func history(
        decided2024: Int64,
        disbursed2024: Int64,
        decided2025: Int64,
        disbursed2025: Int64
    ) -> [String: Int64?] {
        var out: [String: Int64?] = [:]
        for index in 0..<3 {
            out.updateValue(0, forKey: "V2.fundingHistory.\(index).decidedOre")
            out.updateValue(0, forKey: "V2.fundingHistory.\(index).disbursedOre")
        }
        out.updateValue(decided2024, forKey: "V2.fundingHistory.3.decidedOre")
        out.updateValue(disbursed2024, forKey: "V2.fundingHistory.3.disbursedOre")
        out.updateValue(decided2025, forKey: "V2.fundingHistory.4.decidedOre")
        out.updateValue(disbursed2025, forKey: "V2.fundingHistory.4.disbursedOre")
        return out
    }

    @Test(
        "partnership health: P1 scores 93 (green), P2 62 (amber); the terminated P0 is not in force; bands in bokmål with the date described"
    )
    func partnershipHealth() async throws {
        let answers: [String: Int64?] = ["V7.bandCounts.green": 1, "V7.bandCounts.amber": 1, "V7.bandCounts.red": 0]
        let html = try await check(
            "/partnerskap?region=agder&year=2025",
            answers: answers,
            computed: try Self.expected().partnershipHealth(office: HandBuiltFigureSet.agder, scheme: .unspecified)
        )
        #expect(html.contains("per 2. juni 2025") && html.contains("<td>Gul</td>") && html.contains("<td>Grønn</td>"))
        #expect(!html.contains("<td>gul</td>") && !html.contains("<td>grønn</td>"))
    }

    @Test(
        "referrals 2025: medians where n ≥ 5 only, a hidden count hides its median and (secondarily) the next count; one region with n ≥ 5 gives no gap; the rate is per 10 000 children"
    )
    func referrals() async throws {
        let answers: [String: Int64?] = [
            // tTriage: 10…15 and five 20s → 15; tStartup 7,7,7,7,18,18 → 7 and 4 of 6 within 14 days; tToService 36…41 → 38.
            "V8.totals.intervals.tTriage.medianDays": 15, "V8.totals.intervals.tStartup.medianDays": 7,
            "V8.totals.intervals.tToService.medianDays": 38, "V8.totals.intervals.tTotal.medianDays": nil,
            "V8.totals.startupSlaBp": 6_666, "V8.totals.openCases": 13,
            "V13.byStatus.inService": 6, "V13.byStatus.accepted": nil, "V13.byStatus.submitted": nil,
            // Nationally 36…41 and four 60s → 40; Rogaland's 4 do not qualify, so there is one region and no gap.
            "V9.nationalMedianTToServiceDays": 40, "V9.equityGapBp": nil,
            // Agder's row: 6 in service, median 38 against the national 40; 13 submitted in 2025 ÷ 37 720 children × 10 000.
            // By age division (the empty division first): the 6 in the compulsory-school division, none closed in 2025.
            "V8.groups.1.figures.intervals.tTotal.n": 0, "V8.groups.1.figures.intervals.tTotal.medianDays": nil,
            "V8.groups.1.figures.startupSlaBp": 6_666,
            "V9.rows.0.n": 6, "V9.rows.0.medianTToServiceDays": 38, "V9.rows.0.regionRatioBp": 9_500,
            "V9.rows.0.referralRateBp": 3,
        ]
        let html = try await check(
            "/henvisninger?region=agder&year=2025",
            answers: answers,
            computed: try Self.expected().referrals(office: HandBuiltFigureSet.agder, year: 2025)
        )
        // 13 referrals submitted in 2025 ÷ 37 720 children in Agder × 10 000.
        #expect(
            html.contains("3 per 10\u{00A0}000 barn") || html.contains("3 per 10 000 barn"),
            "the referral rate is not per 10 000 children"
        )
        #expect(html.contains("Statped, grunnskolealder (6–15 år)") && !html.contains("statped-division-"))
        #expect(html.contains("færre enn to regioner med minst 5 saker"))
    }
}
