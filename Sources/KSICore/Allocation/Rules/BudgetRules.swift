/// ALLOC-R1: the embeter's regional frames for a scheme × year sum to at most the national budget.
struct FramesWithinNationalBudgetRule: DomainRule {
    static let id: RuleID = "ALLOC-R1"
    static let severity: RuleSeverity = .hard

    /// `otherFramesOre` are the other embeter's frames for the same scheme × year.
    static func check(frameOre: Int64, otherFramesOre: [Int64], nationalBudgetOre: Int64?) -> Findings {
        var findings = Findings()
        guard let budget = nationalBudgetOre else {
            findings.reject(
                id,
                field: "amount_ore",
                "a national budget must be set for this scheme and year before frames are entered"
            )
            return findings
        }
        guard let total = findings.sum([[frameOre], otherFramesOre].joined(), field: "amount_ore", of: { $0 }) else {
            return findings
        }  // LIM-R2
        if total > budget {
            findings.reject(
                id,
                field: "amount_ore",
                "the regional frames would total \(total) øre, more than the national budget of \(budget) øre"
            )
        }
        return findings
    }
}

/// ALLOC-R2: per embete, scheme and year, Σ approved for Y plus confirmed multi-year amounts for Y ≤ the frame.
struct DecisionsWithinFrameRule: DomainRule {
    static let id: RuleID = SimulatorRules.FrameCeilingRule.id
    static let severity: RuleSeverity = .hard

    static func check(
        frameOre: Int64?,
        approvedOre: Int64,
        confirmedMultiYearOre: Int64,
        addedOre: Int64,
        field: String
    )
        -> Findings
    {
        var findings = Findings()
        guard let frame = frameOre else {
            findings.reject(
                id,
                field: field,
                "the embete needs a published frame for this scheme and year before grants are decided"
            )
            return findings
        }
        guard let total = findings.sum([approvedOre, confirmedMultiYearOre, addedOre], field: field) else {
            return findings
        }
        if total > frame {
            findings.reject(
                id,
                field: field,
                "decided and confirmed amounts would total \(total) øre, more than the frame of \(frame) øre"
            )
        }
        return findings
    }
}

/// COM-R2: requested, recommended, decided, committed and disbursed amounts are whole kroner.
struct WholeKronerRule: DomainRule {
    static let id: RuleID = .wholeKroner
    static let severity: RuleSeverity = .hard

    static func check(_ amountOre: Int64, field: String, into findings: inout Findings) {
        if !Money.isWholeKroner(amountOre) {
            findings.reject(id, field: field, "amounts must be whole kroner (a multiple of 100 øre)")
        }
        if amountOre < 0 {
            findings.reject(id, field: field, "amounts cannot be negative")
        }
    }
}
