import Gateway
import KSICore
import Testing

@Suite("Interval statistics in whole days by nearest rank (V8)")
struct IntervalStatisticsTests {
    typealias F = ReferralMilestoneFixture

    @Test("median and P90 are the values at ranks ⌈n/2⌉ and ⌈0.9·n⌉")
    func nearestRank() {
        #expect(NearestRank.median([5, 1, 4, 2, 3]) == 3)
        #expect(NearestRank.percentile(90, of: [5, 1, 4, 2, 3]) == 5)
        #expect(NearestRank.median(Array(1...10)) == 5)
        #expect(NearestRank.percentile(90, of: Array(1...10)) == 9)
        #expect(NearestRank.median([40, 10, 30, 20]) == 20)
        #expect(NearestRank.percentile(90, of: [40, 10, 30, 20]) == 40)
        #expect(NearestRank.median([]) == 0)
    }

    @Test("an interval counts in the year of its later milestone, in Oslo days (V8 grouping)")
    func groupedByLaterMilestone() throws {
        var data = ReferralData()
        data.milestones = F.referral(
            "r1",
            [
                (.submitted, F.day(12, 20, year: 2024)), (.accepted, F.day(12, 23, year: 2024)),
                (.inService, F.day(1, 10)),
            ]
        )
        let timeline = try #require(data.timelines.first)
        #expect(timeline.days(.tToService, inYear: 2025) == 21)
        #expect(timeline.days(.tToService, inYear: 2024) == nil)
        #expect(timeline.days(.tTriage, inYear: 2024) == 3)
        // Only cases that reached both milestones count.
        #expect(timeline.days(.tTotal, inYear: 2025) == nil)
    }

    @Test("the triage interval ends at the triage decision, and the start-up interval runs from acceptance")
    func intervalEnds() throws {
        var data = ReferralData()
        data.milestones = F.inService("r1", toService: 30, startup: 12)
        let timeline = try #require(data.timelines.first)
        #expect(timeline.days(.tTriage, inYear: 2025) == 5)
        #expect(timeline.days(.tStartup, inYear: 2025) == 12)
        #expect(timeline.days(.tToService, inYear: 2025) == 30)
    }
}
