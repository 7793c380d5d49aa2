import KSICore
import KSITestSupport
import Testing

/// LIM-R2 in the domain: amounts that used to overflow Int64 (and trap the process) are refused with a
/// rule violation naming the field.
@Suite("Money limits in the domain rules (LIM-R2)")
struct MoneyLimitRuleTests {
    static let half = Int64.max / 2 + 1  // two of these overflow Int64

    func simulator() throws -> AllocationSimulator {
        AllocationSimulator(
            reference: try TestRegion.reference(),
            config: PolicyResolver().resolve(governorOfficeId: TestRegion.governorOfficeId, year: 2025, scheme: .ksi)
        )
    }

    func limR2Fields(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let error as DomainError {
            #expect(error.code == .ruleViolation)
            return error.violations.filter { $0.rule == "LIM-R2" }.map(\.field)
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test(
        "LIM-R2 the simulator refuses line amounts above 10 000 000 000 kr (their sum used to trap), naming each line"
    )
    func simulatorLines() throws {
        let simulator = try simulator()
        let fields = limR2Fields {
            _ = try simulator.simulate(
                GovernanceFixtures.simulation(lines: [
                    GovernanceFixtures.draftLine("a", amountOre: Self.half),
                    GovernanceFixtures.draftLine("b", amountOre: Self.half),
                    GovernanceFixtures.draftLine("c", amountOre: 100_000),
                ])
            )
        }
        #expect(fields == ["draft_lines[0].amount_ore", "draft_lines[1].amount_ore"])
    }

    @Test("LIM-R2 the simulator refuses a frame above the bound and accepts one at the bound")
    func simulatorFrame() throws {
        let simulator = try simulator()
        let line = GovernanceFixtures.draftLine("a", amountOre: 100_000)
        #expect(
            limR2Fields {
                _ = try simulator.simulate(GovernanceFixtures.simulation(frameOre: Int64.max, lines: [line]))
            } == ["frame_ore"]
        )
        let atBound = try simulator.simulate(
            GovernanceFixtures.simulation(
                frameOre: Money.maximumInputOre,
                precommittedOre: Money.maximumInputOre,
                lines: [line]
            )
        )
        #expect(atBound.scenarios.first?.remainingOre == -100_000)
    }

    @Test("LIM-R2 many lines at the bound: the total is exact and the remaining money is negative, not trapped")
    func simulatorManyLinesAtBound() throws {
        let lines = (0..<20).map { GovernanceFixtures.draftLine("l\($0)", amountOre: Money.maximumInputOre) }
        let response = try simulator().simulate(GovernanceFixtures.simulation(frameOre: 0, lines: lines))
        let scenario = try #require(response.scenarios.first)
        #expect(scenario.totalLinesOre == 20 * Money.maximumInputOre)
        #expect(scenario.remainingOre == -20 * Money.maximumInputOre)
    }

    @Test(
        "LIM-R2 PART-R7 measure budget: a share whose owner part plus co-financing is beyond Int64 is refused, not trapped"
    )
    func measureBudget() {
        let partnership = Partnership.with {
            $0.grantLineShares = [
                GrantLineShare.with {
                    $0.recommendationLineId = "line-1"
                    $0.ownerAmountOre = Self.half
                    $0.coFinancingOre = Self.half
                    $0.uhAmountOre = 0
                }
            ]
        }
        let lines = [
            BudgetLine.with {
                $0.payer = .owner
                $0.category = .uhHours
                $0.amountOre = 100_000
            }
        ]
        let findings = MeasureBudgetRule.check(
            lines: lines,
            otherLines: [],
            grantLineId: "line-1",
            partnership: partnership
        )
        #expect(findings.violations.contains { $0.rule == "LIM-R2" && $0.field == "content.grant_line_id" })
    }

    @Test("LIM-R2 PART-R7 budget lines whose sum is beyond Int64 are refused on the budget field")
    func measureBudgetLines() {
        let partnership = Partnership.with {
            $0.grantLineShares = [
                GrantLineShare.with {
                    $0.recommendationLineId = "line-1"
                    $0.ownerAmountOre = 100_000
                    $0.uhAmountOre = 100_000
                }
            ]
        }
        let lines = [Self.half, Self.half].map { amount in
            BudgetLine.with {
                $0.payer = .uh
                $0.category = .uhHours
                $0.amountOre = amount
            }
        }
        let findings = MeasureBudgetRule.check(
            lines: lines,
            otherLines: [],
            grantLineId: "line-1",
            partnership: partnership
        )
        #expect(findings.violations.contains { $0.rule == "LIM-R2" && $0.field == "content.budget_lines" })
    }

    @Test("LIM-R2 NEED-R12 decided amounts beyond Int64 are refused naming the decision amount")
    func needsOutcome() {
        let decisions = ["a", "b"].map { line in
            NeedsReportLineDecision.with {
                $0.recommendationLineId = line
                $0.decisionOutcome = .approved
                $0.approvedAmountOre = Self.half
            }
        }
        #expect(limR2Fields { _ = try NeedsOutcomeRule.decidedAmount(decisions) } == ["decision.approved_amount_ore"])
        #expect(
            limR2Fields { _ = try NeedsOutcomeRule.derive(requestedAmountOre: 100, decisions: decisions) } == [
                "decision.approved_amount_ore"
            ]
        )
    }
}
