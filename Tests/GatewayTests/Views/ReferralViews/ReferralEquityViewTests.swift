import Gateway
import KSICore
import Testing

@Suite("V9 Referral equity (REF-R9, PRIV-R5)")
struct ReferralEquityViewTests {
    typealias F = ReferralMilestoneFixture

    /// Agder (5 000 children): 5 in service (tToService 20…40, tStartup 7, 10, 14, 15, 3; 3 competence,
    /// 2 capacity) and 5 declined. Rogaland (8 000 children): 6 in service (20, 20, 40, 40, 60, 60; all
    /// proximity). Oslo: 2 in service, too few to be shown.
    static let stream: [ReferralMilestoneReached] =
        F.inService("a1", toService: 20, startup: 7) + F.inService("a2", toService: 25, startup: 10)
        + F.inService("a3", toService: 30, startup: 14)
        + F.inService("a4", toService: 35, startup: 15, reason: .capacity)
        + F.inService("a5", toService: 40, startup: 3, reason: .capacity)
        + (1...5).flatMap {
            F.referral(
                "d\($0)",
                municipalityId: "4203",
                areas: [.vision],
                [(.submitted, F.march(plus: 0)), (.declined, F.march(plus: 3))]
            )
        }
        + [20, 20, 40, 40, 60, 60].enumerated().flatMap {
            F.inService(
                "r\($0.offset)",
                toService: Int64($0.element),
                region: F.rogaland,
                municipalityId: "1103",
                reason: .proximity
            )
        }
        + F.inService("o1", toService: 10, startup: 2, region: F.oslo, municipalityId: "0301")
        + F.inService("o2", toService: 10, startup: 2, region: F.oslo, municipalityId: "0301")

    static let reference: ReferenceData = {
        var set = ReferenceDataSet()
        set.municipalities = [
            Municipality.with {
                $0.id = "4204"
                $0.governorOfficeId = F.agder
                $0.children0to19 = 3000
            },
            Municipality.with {
                $0.id = "4203"
                $0.governorOfficeId = F.agder
                $0.children0to19 = 2000
            },
            Municipality.with {
                $0.id = "1103"
                $0.governorOfficeId = F.rogaland
                $0.children0to19 = 8000
            },
        ]
        return ReferenceData(set)
    }()

    func view(_ request: GetReferralEquityRequest = .init(), governorOfficeId: String = "") -> ReferralEquity {
        ReferralEquityView.make(
            request,
            inputs: F.inputs(Self.stream, governorOfficeId: governorOfficeId, reference: Self.reference)
        )
    }

    @Test("V9 shows only regions with n ≥ 5, against the national median of all 13 cases")
    func regionsAndNationalMedian() {
        let equity = view()
        #expect(equity.rows.map(\.governorOfficeId) == [F.agder, F.rogaland])
        // 10 10 20 20 20 25 30 35 40 40 40 60 60: rank 7 is 30.
        #expect(equity.nationalMedianTToServiceDays == 30)
        #expect(equity.rows.map(\.medianTToServiceDays) == [30, 40])
        #expect(equity.rows.map(\.regionRatioBp) == [10_000, 13_333])
        // equityGap = 40 ÷ 30.
        #expect(equity.equityGapBp == 13_333)
    }

    @Test("V9 referral rate per 10 000 children, acceptance rate and start-up SLA per region")
    func rates() throws {
        let agder = try #require(view().rows.first)
        #expect(agder.referrals?.value == 10 && agder.children0to19 == 5000 && agder.referralRateBp == 20)
        #expect(agder.accepted?.value == 5 && agder.declined?.value == 5 && agder.acceptanceRateBp == 5000)
        #expect(agder.startupSlaBp == 8000)
        let rogaland = try #require(view().rows.last)
        // 6 × 10 000 ÷ 8 000 = 7.5, rounded down.
        #expect(rogaland.referralRateBp == 7 && rogaland.acceptanceRateBp == 10_000 && rogaland.declined?.value == 0)
    }

    @Test("V9 assignment reason mix: PRIV-R5 hides Agder's 3 and 2, Rogaland's 6 proximity assignments are shown")
    func assignmentReasons() throws {
        let rows = view().rows
        #expect(rows[0].assignmentReasons.map(\.reason) == [.competence, .capacity])
        #expect(rows[0].assignmentReasons.allSatisfy { $0.count?.suppressed == true })
        #expect(
            rows[1].assignmentReasons.map(\.reason) == [.proximity] && rows[1].assignmentReasons[0].count?.value == 6
        )
    }

    @Test("V9 for one embete keeps the national median and equity gap")
    func oneEmbete() {
        let equity = view(governorOfficeId: F.rogaland)
        #expect(equity.rows.map(\.governorOfficeId) == [F.rogaland])
        #expect(equity.nationalMedianTToServiceDays == 30 && equity.equityGapBp == 13_333)
    }

    @Test("V9 by subject area splits each region; PRIV-R5 secondary suppression hides a sibling and the derived rates")
    func subjectAreaRows() throws {
        let rows = view(.with { $0.breakdowns = [.subjectArea] }, governorOfficeId: F.agder).rows
        #expect(rows.map(\.subjectArea) == [.unspecified, .hearing, .vision])
        let hearing = rows[1]
        let vision = rows[2]
        #expect(hearing.n?.value == 5 && hearing.medianTToServiceDays == 30 && vision.n?.value == 0)
        #expect(hearing.referrals?.value == 5 && vision.referrals?.value == 5 && vision.declined?.value == 5)
        #expect(hearing.children0to19 == 5000 && hearing.referralRateBp == 10)
    }

    @Test("V9 sub-rows below 5 are hidden with their medians, ratios and rates")
    func smallSubRowsSuppressed() throws {
        let stream = Self.stream + F.inService("a6", toService: 30, divisionId: "division-sead")
        let inputs = F.inputs(stream, governorOfficeId: F.agder, reference: Self.reference)
        let rows = ReferralEquityView.make(.with { $0.breakdowns = [.ageDivision] }, inputs: inputs).rows
        #expect(rows.map(\.divisionId) == ["", "division-school", "division-sead"])
        // division-school: n 5 shown; division-sead: n 1 hidden, so the next-smallest n (5) is hidden too.
        #expect(rows[1].n?.suppressed == true && rows[2].n?.suppressed == true)
        #expect(rows[1].medianTToServiceDays == 0 && rows[1].regionRatioBp == 0)
        // Referrals: 10 shown, 1 hidden → 10 hidden too; the referral rate goes with them.
        #expect(rows[1].referrals?.suppressed == true && rows[1].referralRateBp == 0)
        #expect(rows[0].n?.value == 6)
    }

    @Test("V9 with the referral service down gives no rows, zero medians and the reason")
    func unavailable() {
        let equity = ReferralEquityView.make(.init(), inputs: F.unavailableInputs())
        #expect(equity.rows.isEmpty && equity.nationalMedianTToServiceDays == 0 && equity.equityGapBp == 0)
        #expect(equity.referralSection?.available == false && equity.referenceSection?.available == true)
    }
}
