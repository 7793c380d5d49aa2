import KSICore

/// One V12 scenario as the simulator page shows it: the figures every scenario shares (Σ lines, what is
/// left of the frame, V4–V6 of the draft), and what the method and the split rule change: the sub-frame per
/// county or network (the method, COM-R3 largest remainder), the owner and UH amount of each line (the
/// split rule, COM-R3), their sums, and the ALLOC-R2, R7, R8, R9 and R19 results. Every number with a JSON
/// path in the V12 answer is a `Figure` (`data-figure`), so the browser test compares it with the API.
struct SimulatorScenario {
    let index: Int
    let scenario: SimulationScenario
    let views: GatewayViews
    let networkNames: [String: String]

    var prefix: String { "V12.result.scenarios.\(index)" }

    /// Σ owner and Σ UH amounts over the lines (no JSON path: shown as text).
    var ownerTotal: Int64 { Money.saturatingSum(scenario.lines, of: \.ownerAmountOre) }
    var uhTotal: Int64 { Money.saturatingSum(scenario.lines, of: \.uhAmountOre) }

    /// The rules the simulator reports, in the order of DOMAIN.md §5 V12.
    static let reportedRules: [RuleID] = [
        SimulatorRules.FrameCeilingRule.id, SimulatorRules.SplitShareRule.id, SimulatorRules.ProRataLineRule.id,
        SimulatorRules.MicroGrantShareRule.id, SimulatorRules.ReservedShareRule.id,
    ]

    static let noSubFramesText =
        "Metoden fant ikke noe å fordele rammen etter: ingen linje hører til embetets nettverk eller fylker, eller grunnlaget er 0 for alle."

    var failedRules: [String] {
        Self.reportedRules.map(\.value).filter { rule in scenario.findings.contains { $0.ruleId == rule && !$0.passed }
        }
    }

    var context: [String: Any] {
        let subFrames = scenario.subFrames.enumerated().sorted { $0.element.amountOre > $1.element.amountOre }
        return [
            "heading": SimulatorPage.heading(scenario),
            "figures": [
                Figure.kroner("\(prefix).totalLinesOre", "Sum tilskudd", scenario.totalLinesOre).context,
                Figure.kroner("\(prefix).remainingOre", "Igjen av rammen", scenario.remainingOre).context,
                Figure.percent(
                    "\(prefix).specialNeedsShare.specialNeedsShareInclusiveBp",
                    "Spesialpedagogikk",
                    scenario.specialNeedsShare?.specialNeedsShareInclusiveBp ?? 0
                ).context,
                Figure.percent(
                    "\(prefix).kindergartenShare.kindergartenShareBp",
                    "Barnehage",
                    scenario.kindergartenShare?.kindergartenShareBp ?? 0
                ).context,
                Figure.percent(
                    "\(prefix).fragmentation.microShareBp",
                    "Småtilskudd",
                    scenario.fragmentation?.microShareBp ?? 0
                ).context,
                Figure.count(
                    "\(prefix).failedFindings",
                    "Regelbrudd og advarsler",
                    Int64(scenario.findings.filter { !$0.passed }.count)
                ).context,
            ],
            "ownerTotal": NorwegianFormat.kroner(ownerTotal),
            "uhTotal": NorwegianFormat.kroner(uhTotal),
            "subFrames": subFrames.map { position, subFrame -> [String: Any] in
                [
                    "target": SimulatorPage.targetName(subFrame, views: views, networkNames: networkNames),
                    "amount": Figure.kroner("\(prefix).subFrames.\(position).amountOre", "", subFrame.amountOre)
                        .context,
                    "share": NorwegianFormat.percent(Int64(subFrame.shareBp)),
                ]
            },
            "hasSubFrames": !scenario.subFrames.isEmpty,
            "lines": scenario.lines.enumerated().map { position, line -> [String: Any] in
                [
                    "recipient": views.reference.owner(line.recipientOrgId)?.name
                        ?? views.reference.uhInstitution(line.recipientOrgId)?.name ?? "Ukjent mottaker",
                    "amount": Figure.kroner("\(prefix).lines.\(position).amountOre", "", line.amountOre).context,
                    "ownerShare": NorwegianFormat.percent(Int64(line.ownerShareBp)),
                    "owner": Figure.kroner("\(prefix).lines.\(position).ownerAmountOre", "", line.ownerAmountOre)
                        .context,
                    "uh": Figure.kroner("\(prefix).lines.\(position).uhAmountOre", "", line.uhAmountOre).context,
                ]
            },
            "hasLines": !scenario.lines.isEmpty,
            "findings": Self.reportedRules.compactMap { rule -> [String: Any]? in
                let found = scenario.findings.filter { $0.ruleId == rule.value }
                guard !found.isEmpty else { return nil }
                let passed = found.allSatisfy(\.passed)
                // ALLOC-R8 also reports a method that found nothing to divide by: say that, not the pro-rata rule.
                let noSubFrames = rule == SimulatorRules.ProRataLineRule.id && scenario.subFrames.isEmpty
                return [
                    "rule": rule.value, "passed": passed,
                    "result": passed
                        ? "Oppfylt" : (found.contains { $0.kind == .hard && !$0.passed } ? "Brudd" : "Advarsel"),
                    "text": noSubFrames ? Self.noSubFramesText : RuleTexts.text(rule.value),
                ]
            },
        ]
    }

    /// The row of the comparison table: what differs between the scenarios, at a glance.
    var comparisonRow: [String: Any] {
        let largest = scenario.subFrames.max { $0.amountOre < $1.amountOre }
        return [
            "heading": SimulatorPage.heading(scenario),
            "largestSubFrame": largest.map {
                "\(SimulatorPage.targetName($0, views: views, networkNames: networkNames)): \(NorwegianFormat.kroner($0.amountOre))"
            } ?? "Ingen delrammer",
            "ownerTotal": NorwegianFormat.kroner(ownerTotal),
            "uhTotal": NorwegianFormat.kroner(uhTotal),
            "failedRules": failedRules.isEmpty ? "Ingen" : failedRules.joined(separator: ", "),
        ]
    }
}
