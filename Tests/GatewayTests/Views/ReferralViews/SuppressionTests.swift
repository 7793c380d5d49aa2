import Gateway
import KSICore
import Testing

@Suite("Small-cell suppression of referral counts (PRIV-R5)")
struct SuppressionTests {
    func cell(_ n: Int, municipality: String = "4204") -> ReferralCell {
        var cell = ReferralCell()
        for _ in 0..<n { cell.add(1, municipalityId: municipality) }
        return cell
    }

    let suppressed = Suppression(threshold: 5, audience: .suppressed)

    @Test("PRIV-R5 hides 1 to 4 as value 0, suppressed; shows 0 and 5")
    func primary() {
        #expect(
            suppressed.count(cell(4))
                == .with {
                    $0.value = 0
                    $0.suppressed = true
                }
        )
        #expect(suppressed.count(cell(1)).suppressed)
        #expect(suppressed.count(cell(5)) == .with { $0.value = 5 })
        #expect(suppressed.count(cell(0)) == .with { $0.value = 0 })
    }

    @Test("PRIV-R5 secondary suppression hides the smallest other non-zero cell when only one is hidden")
    func secondary() {
        let counts = suppressed.counts([cell(3), cell(9), cell(0), cell(7)])
        #expect(counts.map(\.suppressed) == [true, false, false, true])
        #expect(counts.map(\.value) == [0, 9, 0, 0])
    }

    @Test("PRIV-R5 needs no secondary suppression when two cells are already hidden")
    func twoHidden() {
        #expect(suppressed.counts([cell(3), cell(4), cell(9)]).map(\.suppressed) == [true, true, false])
    }

    @Test("PRIV-R5 hides at least one cell when the total they add up to is itself hidden")
    func hiddenTotal() {
        #expect(suppressed.counts([cell(6), cell(9)], totalShown: false).map(\.suppressed) == [true, false])
        #expect(suppressed.counts([cell(3), cell(9)], totalShown: false).map(\.suppressed) == [true, false])
    }

    @Test("PRIV-R4 Statped intake and managers see raw counts")
    func statpedSeesRaw() {
        let statped = Suppression(threshold: 5, audience: ViewAudience(seesUnsuppressedReferrals: true))
        #expect(statped.counts([cell(3), cell(7)]).map(\.value) == [3, 7])
        #expect(statped.counts([cell(3), cell(7)]).allSatisfy { !$0.suppressed })
    }

    @Test("PRIV-R3 a PPT office sees its own municipalities raw; secondary suppression skips those cells")
    func pptSeesOwnMunicipalities() {
        let ppt = Suppression(threshold: 5, audience: ViewAudience(ownPptMunicipalityIds: ["4204"]))
        let counts = ppt.counts([
            cell(3, municipality: "4203"), cell(2, municipality: "4204"), cell(8, municipality: "4203"),
        ])
        #expect(counts.map(\.suppressed) == [true, false, true])
        #expect(counts[1].value == 2)
    }

    @Test("the threshold comes from the Statped policy's smallCellThreshold (§4.5)")
    func thresholdFromPolicy() {
        var policy = BuiltInPolicy.statped
        policy.smallCellThreshold = 3
        let reference = ReferenceData(ReferenceDataSet(), policies: PolicyResolver(statpedPolicy: policy))
        let inputs = ReferralMilestoneFixture.inputs([], reference: reference)
        #expect(Suppression(inputs).threshold == 3)
        #expect(Suppression(ReferralMilestoneFixture.inputs([])).threshold == 5)
    }
}
