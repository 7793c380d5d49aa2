import KSICore
import KSIDemoData
import KSITestSupport
import Testing

@Suite("Money splits (COM-R1, COM-R2, COM-R3)")
struct MoneySplitTests {
    @Test("COM-R1 money is Int64 øre and large products do not overflow or lose precision")
    func integerArithmetic() {
        let total: Int64 = 16_000_000_000  // 160 MNOK
        #expect(Money.multiplyDivide(total, 9_999, 10_000) == 15_998_400_000)
        // 9.2e18 × 3 would overflow Int64; the full-width product does not.
        #expect(Money.multiplyDivide(Int64.max / 2, 3, 4) == (Int64.max / 2) / 4 * 3 + ((Int64.max / 2) % 4) * 3 / 4)
        #expect(Money.multiplyDivideRoundingUp(1_000_001, 3000, 10_000) == 300_001)
    }

    @Test("COM-R2 rejects amounts that are not whole kroner and accepts whole kroner")
    func wholeKroner() {
        #expect(Money.isWholeKroner(100))
        #expect(Money.isWholeKroner(0))
        #expect(!Money.isWholeKroner(150))
        #expect(!Money.isWholeKroner(1))
    }

    @Test("COM-R2 the simulator flags a draft line that is not whole kroner")
    func simulatorFlagsØre() throws {
        let simulator = AllocationSimulator(
            reference: try TestRegion.reference(),
            config: PolicyResolver().resolve(governorOfficeId: TestRegion.governorOfficeId, year: 2025, scheme: .ksi)
        )
        let response = try simulator.simulate(
            GovernanceFixtures.simulation(lines: [
                GovernanceFixtures.draftLine("odd", amountOre: 100_050),
                GovernanceFixtures.draftLine("even", amountOre: 100_000),
            ])
        )
        let lines = try #require(response.scenarios.first).lines
        #expect(lines[0].findings.contains { $0.ruleId == "COM-R2" && !$0.passed })
        #expect(lines[1].findings.contains { $0.ruleId == "COM-R2" && $0.passed })
    }

    @Test("COM-R3 the first party gets floor(total × bp / 10 000) in whole kroner and the last the remainder")
    func splitExample() {
        let (owner, uh) = Money.split(totalOre: 100_001_00, firstBp: 3333)
        // 10 000 100 øre × 33.33 % = 3 333 033.33 øre, rounded down to whole kroner.
        #expect(owner == 3_333_000)
        #expect(owner + uh == 10_000_100)
        #expect(Money.split(totalOre: 1_000_000, firstBp: 5000) == (500_000, 500_000))
        #expect(Money.split(totalOre: 1_000_000, firstBp: 10_000) == (1_000_000, 0))
    }

    @Test("COM-R3 splits always sum exactly and the first part is whole kroner (property test)")
    func splitProperty() {
        var rng = SplitMix64(seed: 0x5EED_C03)
        for _ in 0..<2000 {
            let total = Int64.random(in: 0...2_000_000_000_00, using: &rng) / 100 * 100
            let bp = Int32.random(in: 0...10_000, using: &rng)
            let (first, last) = Money.split(totalOre: total, firstBp: bp)
            #expect(first + last == total)
            #expect(Money.isWholeKroner(first) && Money.isWholeKroner(last))
            #expect(first <= Money.multiplyDivide(total, Int64(bp), 10_000))
            #expect(first >= 0 && last >= 0)
        }
    }

    @Test("COM-R3 largest remainder gives the leftover kroner to the largest remainders")
    func largestRemainderExample() {
        // 100 kr in thirds: 33.33 each, one extra krone to the first (ties go to the earlier party).
        #expect(Money.largestRemainder(totalOre: 10_000, weights: [1, 1, 1]) == [3_400, 3_300, 3_300])
        #expect(Money.largestRemainder(totalOre: 10_000, weights: [0, 1]) == [0, 10_000])
    }

    @Test("COM-R3 largest remainder always sums to the total in whole kroner (property test)")
    func largestRemainderProperty() {
        var rng = SplitMix64(seed: 0x1A7E_5700)
        for _ in 0..<1000 {
            let total = Int64.random(in: 0...50_000_000_000, using: &rng) / 100 * 100
            let count = Int.random(in: 1...12, using: &rng)
            let weights = (0..<count).map { _ in Int64.random(in: 0...10_000_000, using: &rng) }
            let parts = Money.largestRemainder(totalOre: total, weights: weights)
            #expect(parts.count == count)
            #expect(parts.reduce(0, +) == total)
            #expect(parts.allSatisfy { Money.isWholeKroner($0) && $0 >= 0 })
        }
    }
}
