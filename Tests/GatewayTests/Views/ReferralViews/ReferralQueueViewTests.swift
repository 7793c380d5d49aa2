import Gateway
import KSICore
import Testing

@Suite("V13 Referral queue aggregate (PRIV-R4, PRIV-R5)")
struct ReferralQueueViewTests {
    typealias F = ReferralMilestoneFixture

    /// Agder on 31 March 2025: 7 in service (30 days old), 6 assigned (submitted 11 March: 20 days),
    /// 3 submitted (30 days) and 1 closed.
    static let stream: [ReferralMilestoneReached] =
        (1...7).flatMap { F.inService("i\($0)", toService: 20) }
        + (1...6).flatMap {
            F.referral(
                "a\($0)",
                [
                    (.submitted, F.march(plus: 10)), (.accepted, F.march(plus: 12)),
                    (.assigned, F.march(plus: 15)),
                ]
            )
        }
        + (1...3).flatMap { F.waiting("s\($0)") }
        + F.referral("c1", [(.submitted, F.march(plus: 0)), (.closed, F.march(plus: 9))])

    @Test("V13 counts open referrals by status; PRIV-R5 hides 3 and, secondarily, the next-smallest 6")
    func byStatusSuppressed() {
        let view = ReferralQueueView.make(.init(), inputs: F.inputs(Self.stream))
        #expect(view.byStatus.map(\.status) == [.submitted, .assigned, .inService])
        #expect(view.byStatus.map { $0.count?.suppressed } == [true, true, false])
        #expect(view.byStatus.map { $0.count?.value } == [0, 0, 7])
        #expect(view.byStatus.map(\.medianAgeDays) == [0, 0, 30])
    }

    @Test("V13 cells split each status by region, division and subject area; a hidden status keeps its cells hidden")
    func cells() {
        let view = ReferralQueueView.make(.init(), inputs: F.inputs(Self.stream))
        #expect(view.cells.map(\.status) == [.submitted, .assigned, .inService])
        // The assigned status (6) is hidden, so its single cell of 6 must be hidden too.
        #expect(view.cells.map { $0.count?.suppressed } == [true, true, false])
        let inService = view.cells[2]
        #expect(inService.governorOfficeId == F.agder && inService.divisionId == "division-school")
        #expect(inService.subjectArea == .hearing && inService.count?.value == 7 && inService.medianAgeDays == 30)
    }

    @Test("PRIV-R4 Statped intake and managers see every count and median age")
    func statpedSeesRaw() {
        let view = ReferralQueueView.make(
            .init(),
            inputs: F.inputs(Self.stream, audience: ViewAudience(seesUnsuppressedReferrals: true))
        )
        #expect(view.byStatus.map { $0.count?.value } == [3, 6, 7])
        #expect(view.byStatus.map(\.medianAgeDays) == [30, 20, 30])
    }

    @Test("V13 by region only: one Rogaland case hides its cell and, secondarily, Agder's 7 in the same status")
    func regionBreakdown() {
        let stream = Self.stream + F.inService("r1", toService: 20, region: F.rogaland, municipalityId: "1103")
        let view = ReferralQueueView.make(.with { $0.breakdowns = [.region] }, inputs: F.inputs(stream))
        let inService = view.cells.filter { $0.status == .inService }
        #expect(inService.map(\.governorOfficeId) == [F.agder, F.rogaland])
        #expect(inService.allSatisfy { $0.count?.suppressed == true && $0.medianAgeDays == 0 && $0.divisionId.isEmpty })
        #expect(view.byStatus.last?.count?.value == 8)
    }

    @Test("V13 for one embete and with the referral service down")
    func filterAndUnavailable() {
        let stream = Self.stream + F.inService("r1", toService: 20, region: F.rogaland)
        let rogaland = ReferralQueueView.make(
            .init(),
            inputs: F.inputs(
                stream,
                governorOfficeId: F.rogaland,
                audience: ViewAudience(seesUnsuppressedReferrals: true)
            )
        )
        #expect(rogaland.byStatus.map { $0.count?.value } == [1] && rogaland.governorOfficeId == F.rogaland)
        let down = ReferralQueueView.make(.init(), inputs: F.unavailableInputs())
        #expect(down.byStatus.isEmpty && down.cells.isEmpty)
        #expect(
            down.referralSection?.available == false && down.referralSection?.reason == "referral service unreachable"
        )
    }
}
