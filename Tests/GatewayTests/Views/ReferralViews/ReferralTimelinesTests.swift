import Gateway
import KSICore
import Testing

@Suite("Referral timelines fold the pseudonymous milestones (REF-R16, V8)")
struct ReferralTimelinesTests {
    typealias F = ReferralMilestoneFixture

    @Test("a timeline keeps the first time each milestone was reached and takes its status from the latest")
    func foldsFirstReachedAndStatus() throws {
        var data = ReferralData()
        // Returned once and submitted again: the first submission counts; events arrive out of order.
        data.milestones = F.referral(
            "r1",
            [
                (.accepted, F.march(plus: 20)), (.submitted, F.march(plus: 0)), (.returned, F.march(plus: 4)),
                (.submitted, F.march(plus: 10)),
            ]
        )
        let timeline = try #require(data.timelines.first)
        #expect(timeline.at(.submitted) == F.march(plus: 0))
        #expect(timeline.triagedAt == F.march(plus: 4))
        #expect(timeline.status == .accepted)
        #expect(timeline.region == F.agder && timeline.municipalityId == "4204" && timeline.subjectAreas == [.hearing])
    }

    @Test("an extension returns the case to inService, and closing, declined and withdrawn are mapped")
    func mapsMilestonesToStatus() {
        #expect(ReferralTimeline.status(after: .extended) == .inService)
        #expect(ReferralTimeline.status(after: .closing) == .closing)
        #expect(ReferralTimeline.status(after: .declined) == .declined)
        #expect(ReferralTimeline.status(after: .withdrawn) == .withdrawn)
        #expect(ReferralTimeline.status(after: .triaged) == .inTriage)
    }

    @Test("closed, withdrawn and declined referrals are not open; returned ones are")
    func openness() {
        var data = ReferralData()
        data.milestones =
            F.referral("closed", [(.submitted, F.march(plus: 0)), (.closed, F.march(plus: 9))])
            + F.referral("declined", [(.submitted, F.march(plus: 0)), (.declined, F.march(plus: 2))])
            + F.referral("returned", [(.submitted, F.march(plus: 0)), (.returned, F.march(plus: 2))])
        let open = Dictionary(uniqueKeysWithValues: data.timelines.map { ($0.referralId, $0.isOpen) })
        #expect(open == ["closed": false, "declined": false, "returned": true])
    }

    @Test("the assigned division and assignment reason replace the age-band division seen before assignment")
    func laterDivisionWins() throws {
        var data = ReferralData()
        data.milestones =
            F.referral("r1", divisionId: "age-band", [(.submitted, F.march(plus: 0))])
            + F.referral("r1", divisionId: "division-sead", reason: .samiRouting, [(.assigned, F.march(plus: 3))])
        let timeline = try #require(data.timelines.first)
        #expect(timeline.divisionId == "division-sead")
        #expect(timeline.assignmentReason == .samiRouting)
    }
}
