import Gateway
import KSICore
import KSITestSupport
import Testing

/// V6 over ViewFixtureB: decided amounts 60 M, 30 M, 5 M, 5 M in three municipalities; threshold 10 M.
@Suite("V6 Fragmentation index")
struct FragmentationIndexViewTests {
    func request(breakdowns: [ViewDimension] = []) -> GetFragmentationIndexRequest {
        GetFragmentationIndexRequest.with {
            $0.governorOfficeId = ViewFixtureB.agder
            $0.scheme = .ksi
            $0.year = 2025
            $0.breakdowns = breakdowns
        }
    }

    @Test(
        "V6 hhi, effective grants, fragmentation, micro share (ALLOC-R9 threshold), median, P10, lines per municipality"
    )
    func totals() throws {
        let totals = try #require(FragmentationIndexView.make(request(), inputs: try ViewFixtureB.inputs()).totals)
        #expect(totals.lineCount == 4 && totals.totalAmountOre == 100_000_000)
        #expect(totals.hhiBp == 4550)  // 0.36 + 0.09 + 0.0025 + 0.0025
        #expect(totals.fragmentationBp == 5450)
        #expect(totals.effectiveGrantsBp == 21_978)  // 1 ÷ 0.455
        #expect(totals.microGrantThresholdOre == 10_000_000)
        #expect(totals.microLineCount == 2 && totals.microShareBp == 5000)
        #expect(totals.medianLineOre == 17_500_000)  // (5 M + 30 M) ÷ 2
        #expect(totals.p10LineOre == 5_000_000)
        #expect(totals.municipalityCount == 3 && totals.linesPerMunicipalityBp == 13_333)
    }

    @Test("V6 reads the micro-grant threshold from the embete's policy (ALLOC-R9)")
    func thresholdFromPolicy() throws {
        var allocation = ViewFixtureB.allocation()
        allocation.policies = [ViewFixtureB.policy(ViewFixtureB.agder, year: 2025, micro: 40_000_000)]
        let totals = try #require(
            FragmentationIndexView.make(request(), inputs: try ViewFixtureB.inputs(allocation: .available(allocation)))
                .totals
        )
        #expect(totals.microGrantThresholdOre == 40_000_000)
        #expect(totals.microLineCount == 3 && totals.microShareBp == 7500)  // 30 M, 5 M, 5 M
    }

    @Test("V6 by owner type: municipality, private kindergarten owner, and UH")
    func ownerTypeBreakdown() throws {
        let view = FragmentationIndexView.make(request(breakdowns: [.ownerType]), inputs: try ViewFixtureB.inputs())
        #expect(
            view.breakdowns.map { $0.keys.map(\.value) } == [
                ["municipality"], ["privateKindergarten"], ["uhInstitution"],
            ]
        )
        let municipal = try #require(view.breakdowns.first?.figures)
        #expect(municipal.lineCount == 2 && municipal.totalAmountOre == 90_000_000)
        #expect(municipal.hhiBp == 5555)  // (60² + 30²) ÷ 90² = 0.5555…
        #expect(municipal.microLineCount == 0)
        #expect(view.breakdowns[1].figures?.microShareBp == 10_000)
    }

    @Test("V6 by two dimensions gives one row per combination that occurs")
    func twoDimensions() throws {
        let view = FragmentationIndexView.make(
            request(breakdowns: [.ownerType, .sizeBand]),
            inputs: try ViewFixtureB.inputs()
        )
        #expect(
            view.breakdowns.map { $0.keys.map(\.value) } == [
                ["municipality", "large"], ["privateKindergarten", "large"], ["uhInstitution", "small"],
            ]
        )
        #expect(view.breakdowns.map { $0.figures?.lineCount ?? -1 } == [2, 1, 1])
        #expect(view.breakdowns[0].keys.map(\.dimension) == [.ownerType, .sizeBand])
    }

    @Test("V6 with allocation unavailable: figures 0 and the default threshold")
    func allocationUnavailable() throws {
        let view = FragmentationIndexView.make(
            request(breakdowns: [.ownerType]),
            inputs: try ViewFixtureB.inputs(allocation: .unavailable(reason: "down"))
        )
        #expect(view.allocationSection?.available == false)
        let totals = try #require(view.totals)
        #expect(totals.lineCount == 0 && totals.hhiBp == 0 && totals.microShareBp == 0)
        #expect(totals.microGrantThresholdOre == 10_000_000)
        #expect(view.breakdowns.isEmpty)
    }
}
