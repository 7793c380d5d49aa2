import Gateway
import KSICore
import Testing

/// What the views derive from a cached read is worked out once and kept with the data (issue 17); a value kept
/// past a change of the lists it came from would show a figure of the old data. These change the lists of one
/// value, as the cache's update path does, and ask again.
@Suite("Derived values kept with the cached data follow its lists")
struct DerivedValuesTests {
    static func decision(_ id: String, amount: Int64, year: Int32 = 2025) -> GrantDecision {
        GrantDecision.with {
            $0.id = id
            $0.status = .signed
            $0.year = year
            $0.approvedAmountOre = amount
            $0.governorOfficeId = "agder"
            $0.scheme = .ksi
        }
    }

    @Test("decided lines: asked twice, then after a decision is added, changed, and a commitment confirmed")
    func decidedLinesFollowTheLists() {
        var data = AllocationData()
        data.decisions = [Self.decision("d1", amount: 100), Self.decision("d2", amount: 50, year: 2024)]
        for _ in 0..<2 {
            #expect(data.decidedLines(year: 2025).map(\.amountOre) == [100])
            #expect(data.decidedLines(year: 2024).map(\.amountOre) == [50])
        }
        data.decisions.append(Self.decision("d3", amount: 7))
        #expect(data.decidedLines(year: 2025).map(\.amountOre) == [100, 7])
        data.decisions[0].approvedAmountOre = 200
        #expect(data.decidedLines(year: 2025).map(\.amountOre) == [200, 7])
        #expect(data.decidedLines(year: 2025, governorOfficeId: "vestland").isEmpty)

        data.grants = [
            Grant.with {
                $0.id = "g1"
                $0.governorOfficeId = "agder"
                $0.scheme = .ksi
            }
        ]
        data.commitments = [
            MultiYearCommitment.with {
                $0.grantId = "g1"
                $0.year = 2025
                $0.status = .confirmed
                $0.confirmedAmountOre = 30
            }
        ]
        #expect(data.decidedLines(year: 2025).map(\.amountOre) == [200, 7, 30])
    }

    @Test("measures, reports and conflict cases by partnership: asked twice, then after each list changes")
    func groupsFollowTheLists() {
        var data = PartnershipsData()
        data.measures = [
            Measure.with {
                $0.id = "m1"
                $0.partnershipId = "p1"
            }
        ]
        for _ in 0..<2 { #expect(data.measuresByPartnership.mapValues { $0.map(\.id) } == ["p1": ["m1"]]) }
        data.measures.append(
            Measure.with {
                $0.id = "m2"
                $0.partnershipId = "p2"
            }
        )
        #expect(data.measuresByPartnership.mapValues { $0.map(\.id) } == ["p1": ["m1"], "p2": ["m2"]])
        #expect(data.reportsByPartnership.isEmpty)
        data.reports = [
            PartnershipReport.with {
                $0.id = "r1"
                $0.partnershipId = "p1"
            }
        ]
        #expect(data.reportsByPartnership.mapValues { $0.map(\.id) } == ["p1": ["r1"]])
        #expect(data.conflictsByPartnership.isEmpty)
        data.conflicts = [
            ConflictCase.with {
                $0.id = "c1"
                $0.partnershipId = "p2"
            }
        ]
        #expect(data.conflictsByPartnership.mapValues { $0.map(\.id) } == ["p2": ["c1"]])
    }
}
