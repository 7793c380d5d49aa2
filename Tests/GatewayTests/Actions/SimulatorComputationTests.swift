import Foundation
import KSICore
import StackTestSupport
import Testing

/// The V12 computation against DOMAIN.md with a hand-built draft whose answers are worked out here:
/// COM-R3 (sub-frames by largest remainder in whole kroner; the owner's part floored to whole kroner, the
/// rest to the UH), ALLOC-R2 (lines ≤ frame), ALLOC-R7 (a split off the rule needs a reason), ALLOC-R9
/// (micro-grant share), and the V6 micro share of the draft.
@Suite("V12 simulator computation by hand")
struct SimulatorComputationTests {
    /// Three networks of Agder and three lines in them: 333 kr, 200 kr and 100 kr (the last proposing a 90 %
    /// owner share without a reason).
    static let networks = ["net-a", "net-b", "net-c"].map { id in
        CompetenceNetwork.with {
            $0.id = id
            $0.governorOfficeId = "agder"
            $0.name = "Nettverk \(id)"
            $0.municipalityIds = []
        }
    }

    static func line(_ ref: String, _ kroner: Int64, network: String, ownerShareBp: Int32? = nil) -> SimulationDraftLine
    {
        SimulationDraftLine.with {
            $0.draftLineRef = ref
            $0.recipientOrgId = "owner-4204"
            $0.recipientType = .owner
            $0.amountOre = kroner * 100
            $0.years = 1
            $0.networkId = network
            if let ownerShareBp { $0.ownerShareBp = ownerShareBp }
        }
    }

    static func request(frameKroner: Int64, rules: [OwnerUhSplitRule]) -> SimulateAllocationRequest {
        SimulateAllocationRequest.with {
            $0.governorOfficeId = "agder"
            $0.scheme = .ksi
            $0.year = 2025
            $0.frameOre = frameKroner * 100
            $0.methods = [.with { $0.method = .needsBased }]
            $0.splitRules = rules
            $0.draftLines = [
                line("a", 333, network: "net-a"), line("b", 200, network: "net-b"),
                line("c", 100, network: "net-c", ownerShareBp: 9000),
            ]
        }
    }

    @Test(
        "needs-based sub-frames by largest remainder, owner and UH parts by COM-R3, ALLOC-R2, R7 and R9 as worked out by hand"
    )
    func handBuiltDraft() throws {
        let simulator = AllocationSimulator(
            reference: try LoopbackStack.reference(),
            config: PolicyConfig(),
            networks: Self.networks
        )
        let equal = OwnerUhSplitRule.with { $0.kind = .equal }
        let fixed70 = OwnerUhSplitRule.with {
            $0.kind = .fixed
            $0.ownerBp = 7000
            $0.uhBp = 3000
        }
        let response = try simulator.simulate(Self.request(frameKroner: 1000, rules: [equal, fixed70]))
        #expect(response.scenarios.count == 2)
        for scenario in response.scenarios {
            // 1 000 kr by 333 : 200 : 100 (Σ 633): exact 526,07 / 315,96 / 157,98 kr; floors 526 + 315 + 157 = 998;
            // the 2 kr left go to the largest remainders (0,98 for c, 0,96 for b): 526, 316, 158 kr.
            #expect(scenario.subFrames.map(\.targetId) == ["net-a", "net-b", "net-c"])
            #expect(scenario.subFrames.map(\.amountOre) == [52_600, 31_600, 15_800])
            #expect(scenario.totalLinesOre == 63_300)
            #expect(scenario.remainingOre == 36_700)
            let findings = Dictionary(grouping: scenario.findings, by: \.ruleId)
            #expect(findings["ALLOC-R2"]?.allSatisfy(\.passed) == true, "633 kr of lines fit a 1 000 kr frame")
            #expect(
                findings["ALLOC-R7"]?.contains { !$0.passed } == true,
                "line c proposes 90 % to the owner without a reason"
            )
            #expect(
                findings["ALLOC-R9"]?.contains { !$0.passed } == true,
                "all three lines are below 100 000 kr: 100 % micro grants > 50 %"
            )
            #expect(scenario.fragmentation?.microShareBp == 10_000)
        }
        // Equal: a 333 kr line is 166,50 kr to the owner, floored to 166 kr; 167 kr to the UH.
        let equalLines = response.scenarios[0].lines
        #expect(equalLines.map(\.ownerAmountOre) == [16_600, 10_000, 9_000])
        #expect(equalLines.map(\.uhAmountOre) == [16_700, 10_000, 1_000])
        // Fixed 70/30: 333 kr × 0,7 = 233,10 kr → 233 kr; 200 → 140; line c keeps its own 90 %: 90 / 10.
        let fixedLines = response.scenarios[1].lines
        #expect(fixedLines.map(\.ownerAmountOre) == [23_300, 14_000, 9_000])
        #expect(fixedLines.map(\.uhAmountOre) == [10_000, 6_000, 1_000])
        #expect(fixedLines.map(\.ownerShareBp) == [7000, 7000, 9000])

        // A 500 kr frame cannot hold 633 kr of lines: ALLOC-R2 fails and 133 kr are missing.
        let tight = try simulator.simulate(Self.request(frameKroner: 500, rules: [equal]))
        #expect(tight.scenarios[0].remainingOre == -13_300)
        #expect(tight.scenarios[0].findings.contains { $0.ruleId == "ALLOC-R2" && !$0.passed })
        // 500 kr by 333 : 200 : 100: exact 263,03 / 157,98 / 78,99; floors 263 + 157 + 78 = 498; +1 kr to c (0,99) and b (0,98).
        #expect(tight.scenarios[0].subFrames.map(\.amountOre) == [26_300, 15_800, 7_900])
    }
}
