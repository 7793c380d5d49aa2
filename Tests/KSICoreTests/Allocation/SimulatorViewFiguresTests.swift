import KSICore
import KSITestSupport
import Testing

@Suite("View figures V3–V6 shared by the simulator and the gateway")
struct SimulatorViewFiguresTests {
    let reference: ReferenceData
    init() throws { reference = try TestRegion.reference() }

    @Test("V3 demand ratio: 12 MNOK asked against 6 MNOK available is 20 000 basis points")
    func demandRatio() {
        #expect(ViewFigures.demandRatioBp(requestedOre: 1_200_000_000, availableOre: 600_000_000) == 20_000)
        #expect(ViewFigures.demandRatioBp(requestedOre: 100, availableOre: 0) == 0)
    }

    @Test("V4 counts a line with any special-needs theme inclusively and by theme share when weighted")
    func specialNeedsShare() {
        let lines = [
            ViewFigureLine(amountOre: 100_000, themes: [.readingWriting, .inclusivePractice]),
            ViewFigureLine(amountOre: 100_000, themes: [.inclusivePractice]),
        ]
        let figures = ViewFigures.specialNeedsShare(lines, reference: reference, reservedBp: 6000)
        #expect(figures.totalAmountOre == 200_000)
        #expect(figures.specialNeedsAmountOre == 100_000)
        #expect(figures.specialNeedsWeightedAmountOre == 50_000)
        #expect(figures.specialNeedsShareInclusiveBp == 5000)
        #expect(figures.specialNeedsShareWeightedBp == 2500)
        #expect(!figures.reservationMet)
        #expect(figures.lineCount == 2)
        #expect(ViewFigures.specialNeedsShare(lines, reference: reference).reservationMet)
    }

    @Test("V5 weighs units, falls back to sectors, and computes participation parity")
    func kindergartenShare() {
        let types: [String: UnitType] = ["kg": .kindergarten, "school": .primarySchool]
        let lines = [
            ViewFigureLine(amountOre: 100_000, participatingUnitIds: ["kg", "school"]),
            ViewFigureLine(amountOre: 100_000, sectors: [.kindergarten, .compulsorySchool]),
            ViewFigureLine(amountOre: 200_000),
        ]
        let figures = ViewFigures.kindergartenShare(
            lines,
            unitType: { types[$0] },
            unitsTotal: 10,
            kindergartenUnitsTotal: 2,
            reservedBp: 3000
        )
        #expect(figures.kindergartenAmountOre == 100_000)
        #expect(figures.kindergartenShareBp == 2500)
        #expect(figures.unitsParticipating == 2)
        #expect(figures.kindergartenUnitsParticipating == 1)
        #expect(figures.participationParityBp == 25_000)  // (1/2) ÷ (2/10)
        #expect(!figures.reservationMet)
    }

    @Test("V5 over the test region counts its units without PPT offices")
    func kindergartenShareInRegion() {
        let lines = [ViewFigureLine(amountOre: 100_000, participatingUnitIds: [TestRegion.kristiansandKindergarten])]
        let figures = ViewFigures.kindergartenShare(
            lines,
            reference: reference,
            governorOfficeId: TestRegion.governorOfficeId
        )
        #expect(figures.unitsTotal == 5)
        #expect(figures.kindergartenUnitsTotal == 2)
        #expect(figures.kindergartenShareBp == 10_000)
    }

    @Test("V6 computes hhi, effective grants, fragmentation, micro share, median, P10 and lines per municipality")
    func fragmentation() {
        let lines = [
            ViewFigureLine(amountOre: 10_000, municipalityIds: ["a"]),
            ViewFigureLine(amountOre: 30_000, municipalityIds: ["a", "b"]),
            ViewFigureLine(amountOre: 60_000, municipalityIds: ["c"]),
        ]
        let figures = ViewFigures.fragmentation(lines, microGrantThresholdOre: 20_000)
        #expect(figures.hhiBp == 4600)
        #expect(figures.effectiveGrantsBp == 21_739)
        #expect(figures.fragmentationBp == 5400)
        #expect(figures.microLineCount == 1)
        #expect(figures.microShareBp == 3333)
        #expect(figures.medianLineOre == 30_000)
        #expect(figures.p10LineOre == 10_000)
        #expect(figures.municipalityCount == 3)
        #expect(figures.linesPerMunicipalityBp == 10_000)
    }

    @Test("V6 of no lines is all zero and of one line is fully concentrated")
    func fragmentationEdges() {
        #expect(ViewFigures.fragmentation([], microGrantThresholdOre: 1).lineCount == 0)
        let one = ViewFigures.fragmentation([ViewFigureLine(amountOre: 50_000)], microGrantThresholdOre: 1)
        #expect(one.hhiBp == 10_000)
        #expect(one.fragmentationBp == 0)
        #expect(one.effectiveGrantsBp == 10_000)
        let even = ViewFigures.fragmentation(
            [
                ViewFigureLine(amountOre: 1), ViewFigureLine(amountOre: 2), ViewFigureLine(amountOre: 3),
                ViewFigureLine(amountOre: 4),
            ],
            microGrantThresholdOre: 0
        )
        #expect(even.medianLineOre == 2)
    }
}
