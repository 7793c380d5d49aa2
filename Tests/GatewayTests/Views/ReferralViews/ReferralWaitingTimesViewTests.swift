import Gateway
import KSICore
import Testing

@Suite("V8 Referral waiting times (REF-R10, PRIV-R5)")
struct ReferralWaitingTimesViewTests {
    typealias F = ReferralMilestoneFixture

    /// Five referrals in service in Agder (tTriage 5 each; tStartup 7, 10, 14, 15, 3; tToService 20…40),
    /// two waiting since 11 March, and one closed 58 days after submission on 2 January.
    static let agderStream: [ReferralMilestoneReached] =
        F.inService("a1", toService: 20, startup: 7) + F.inService("a2", toService: 25, startup: 10)
        + F.inService("a3", toService: 30, startup: 14) + F.inService("a4", toService: 35, startup: 15)
        + F.inService("a5", toService: 40, startup: 3)
        + F.referral("w1", [(.submitted, F.march(plus: 10))]) + F.referral("w2", [(.submitted, F.march(plus: 10))])
        + F.referral("c1", [(.submitted, F.day(1, 2)), (.closed, F.day(3, 1))])

    func statistics(_ figures: ReferralWaitingTimeFigures?, _ interval: ReferralInterval) throws -> IntervalStatistics {
        try #require(figures?.intervals.first { $0.interval == interval })
    }

    @Test("V8 totals give n, nearest-rank median and P90 per interval, the start-up SLA and the open cases' median age")
    func totals() throws {
        let view = ReferralWaitingTimesView.make(.init(), inputs: F.inputs(Self.agderStream))
        let totals = try #require(view.totals)
        let triage = try statistics(totals, .tTriage)
        #expect(triage.n == .with { $0.value = 5 } && triage.medianDays == 5 && triage.p90Days == 5)
        // tStartup sorted 3, 7, 10, 14, 15: median rank 3, P90 rank 5.
        let startup = try statistics(totals, .tStartup)
        #expect(startup.n?.value == 5 && startup.medianDays == 10 && startup.p90Days == 15)
        let toService = try statistics(totals, .tToService)
        #expect(toService.n?.value == 5 && toService.medianDays == 30 && toService.p90Days == 40)
        // REF-R10: 4 of 5 start-up meetings within 14 days.
        #expect(totals.startupSlaBp == 8000)
        // Open: five in service (30 days old on 31 March) and two waiting (20 days); rank 4 of 7 is 30.
        #expect(totals.openCases == .with { $0.value = 7 })
        #expect(totals.openCaseAgeMedianDays == 30)
        #expect(view.year == 2025 && view.referralSection?.available == true)
    }

    @Test("PRIV-R5 a single closed case hides tTotal's n, median and P90")
    func smallIntervalIsSuppressed() throws {
        let view = ReferralWaitingTimesView.make(.init(), inputs: F.inputs(Self.agderStream))
        let total = try statistics(view.totals, .tTotal)
        #expect(
            total.n
                == .with {
                    $0.value = 0
                    $0.suppressed = true
                }
        )
        #expect(total.medianDays == 0 && total.p90Days == 0)
    }

    @Test("PRIV-R4 Statped intake sees the single closed case's 58 days unsuppressed")
    func statpedSeesRaw() throws {
        let inputs = F.inputs(Self.agderStream, audience: ViewAudience(seesUnsuppressedReferrals: true))
        let total = try statistics(ReferralWaitingTimesView.make(.init(), inputs: inputs).totals, .tTotal)
        #expect(total.n == .with { $0.value = 1 } && total.medianDays == 58 && total.p90Days == 58)
    }

    @Test("V8 by region: a region with 2 cases is hidden, and secondary suppression hides the other region too")
    func regionGroupsWithSecondarySuppression() throws {
        let stream =
            Self.agderStream + F.inService("r1", toService: 20, region: F.rogaland, municipalityId: "1103")
            + F.inService("r2", toService: 20, region: F.rogaland, municipalityId: "1103")
        let view = ReferralWaitingTimesView.make(.with { $0.breakdowns = [.region] }, inputs: F.inputs(stream))
        #expect(view.groups.map(\.governorOfficeId) == [F.agder, F.rogaland])
        let agder = try statistics(view.groups[0].figures, .tToService)
        let rogaland = try statistics(view.groups[1].figures, .tToService)
        #expect(rogaland.n?.suppressed == true && agder.n?.suppressed == true && agder.medianDays == 0)
        // The total of 7 is still shown: 20, 20, 20, 25, 30, 35, 40 → median rank 4 = 25.
        let total = try statistics(view.totals, .tToService)
        #expect(total.n?.value == 7 && total.medianDays == 25)
        // Open cases: Agder 7, Rogaland 2 → both hidden.
        #expect(view.groups.allSatisfy { $0.figures?.openCases?.suppressed == true })
    }

    @Test("V8 by subject area and division: each group carries its keys")
    func groupKeys() throws {
        let stream = F.inService("h1", toService: 20, areas: [.hearing, .vision])
        let view = ReferralWaitingTimesView.make(
            .with { $0.breakdowns = [.subjectArea, .ageDivision] },
            inputs: F.inputs(stream, audience: ViewAudience(seesUnsuppressedReferrals: true))
        )
        #expect(view.groups.map(\.subjectArea) == [.hearing, .vision])
        #expect(view.groups.allSatisfy { $0.divisionId == "division-school" && $0.governorOfficeId.isEmpty })
    }

    @Test("V8 for one embete counts only referrals whose region is that embete")
    func governorOfficeFilter() throws {
        let stream = Self.agderStream + F.inService("r1", toService: 20, region: F.rogaland)
        let view = ReferralWaitingTimesView.make(
            .init(),
            inputs: F.inputs(
                stream,
                governorOfficeId: F.rogaland,
                audience: ViewAudience(seesUnsuppressedReferrals: true)
            )
        )
        #expect(try statistics(view.totals, .tToService).n?.value == 1)
        #expect(view.totals?.openCases?.value == 1)
    }

    @Test("V8 with the referral service down gives zero figures and the reason")
    func unavailable() throws {
        let view = ReferralWaitingTimesView.make(.with { $0.breakdowns = [.region] }, inputs: F.unavailableInputs())
        #expect(
            view.referralSection?.available == false && view.referralSection?.reason == "referral service unreachable"
        )
        let totals = try #require(view.totals)
        #expect(totals.intervals.count == 4 && totals.intervals.allSatisfy { $0.n?.value == 0 && $0.medianDays == 0 })
        #expect(totals.openCases?.value == 0 && view.groups.isEmpty)
    }
}
