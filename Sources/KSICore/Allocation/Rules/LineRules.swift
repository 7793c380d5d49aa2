/// What the line rules look at: the line, the recommendation's scheme × year and the policy in force.
struct LineRuleContext {
    var line: RecommendationLine
    var scheme: Scheme
    var year: Int32
    var config: PolicyConfig
    var reference: ReferenceData
    /// The field path prefix of the line (`lines[2]`).
    var field: String
}

/// ALLOC-R3: every line states the recipient, amount, prioritised measures, participants and duration.
struct LineCompletenessRule: DomainRule {
    static let id: RuleID = "ALLOC-R3"
    static let severity: RuleSeverity = .hard

    static func check(_ c: LineRuleContext) -> Findings {
        var findings = Findings()
        let line = c.line
        if line.recipientOrgId.isEmpty {
            findings.reject(id, field: "\(c.field).recipient_org_id", "the line must name its recipient")
        }
        if line.amountOre <= 0 {
            findings.reject(id, field: "\(c.field).amount_ore", "the line must state an amount above zero")
        }
        if line.proposedMeasureIds.isEmpty {
            findings.reject(id, field: "\(c.field).proposed_measure_ids", "the line must list the prioritised measures")
        }
        if line.participants.allocationTrimmed.isEmpty {
            findings.reject(id, field: "\(c.field).participants", "the line must state who takes part")
        }
        if line.years <= 0 {
            findings.reject(id, field: "\(c.field).years", "the line must state its duration in years")
        }
        return findings
    }
}

/// ALLOC-R4: every line references at least one submitted needs report.
///
/// Allocation cannot read the Needs database: it records the ids, and NeedsService checks them when it
/// consumes RecommendationLineCreated (docs/allocation.md).
struct NeedsReportReferenceRule: DomainRule {
    static let id: RuleID = "ALLOC-R4"
    static let severity: RuleSeverity = .hard

    static func check(_ c: LineRuleContext) -> Findings {
        var findings = Findings()
        if c.line.needsReportIds.allSatisfy({ $0.allocationTrimmed.isEmpty }) {
            findings.reject(
                id,
                field: "\(c.field).needs_report_ids",
                "the line must reference at least one submitted needs report"
            )
        }
        return findings
    }
}

/// ALLOC-R5: each criterion (local need, unit-based, partnership, and for ksi team around the child / PPT)
/// has a real text; a bare "yes" is not enough.
struct CriteriaTextRule: DomainRule {
    static let id: RuleID = "ALLOC-R5"
    static let severity: RuleSeverity = .hard
    /// PD: answers that only tick a box.
    static let bareAnswers: Set<String> = [
        "yes", "ja", "y", "j", "x", "ok", "true", "✓", "✔", "jo", "no", "nei", "-", "n/a",
    ]

    /// PD: a text explains something when it is not a bare answer and has at least two words.
    static func explains(_ text: String) -> Bool {
        let trimmed = text.allocationTrimmed.lowercased()
        guard !trimmed.isEmpty, !bareAnswers.contains(trimmed) else { return false }
        return trimmed.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count >= 2
    }

    static func check(_ c: LineRuleContext) -> Findings {
        var findings = Findings()
        let criteria = c.line.criteria ?? RecommendationCriteria()
        var texts: [(String, String)] = [
            ("local_need", criteria.localNeed), ("unit_based", criteria.unitBased),
            ("partnership", criteria.partnership),
        ]
        if c.scheme == .ksi { texts.append(("team_around_child", criteria.teamAroundChild)) }
        for (name, text) in texts where !explains(text) {
            findings.reject(
                id,
                field: "\(c.field).criteria.\(name)",
                "each criterion needs an explanation of at least two words, not a bare yes"
            )
        }
        return findings
    }
}

/// ALLOC-R6: the recipient is an owner or a UH institution; networks and PPT are not recipients.
/// `recipientMode` (POLICY) decides whether a UH share may go to a UH institution.
struct RecipientRule: DomainRule {
    static let id: RuleID = "ALLOC-R6"
    static let severity: RuleSeverity = [.hard, .policy]

    static func check(_ c: LineRuleContext) -> Findings {
        var findings = Findings()
        let line = c.line
        guard !line.recipientOrgId.isEmpty else { return findings }
        switch line.recipientType {
        case .owner:
            if c.reference.owner(line.recipientOrgId) == nil {
                findings.reject(
                    id,
                    field: "\(c.field).recipient_org_id",
                    "the recipient must be a known kindergarten or school owner"
                )
            }
        case .uhInstitution:
            if c.reference.uhInstitution(line.recipientOrgId) == nil {
                findings.reject(
                    id,
                    field: "\(c.field).recipient_org_id",
                    "the recipient must be a known UH institution"
                )
            }
        case .unspecified:
            findings.reject(
                id,
                field: "\(c.field).recipient_type",
                "the recipient must be an owner or a UH institution; networks and PPT are funded through their owner"
            )
        }
        let mode = c.config.governor.recipientMode
        let kind = c.config.kind(of: id, default: .hard)
        if mode == .ownerOnly {
            if !line.uhRecipientOrgId.isEmpty || line.uhShareBp != 0 {
                findings.report(
                    id,
                    as: kind,
                    field: "\(c.field).uh_recipient_org_id",
                    "this embete pays the owner only; the owner pays UH, so the line has no UH share"
                )
            }
        } else if line.uhShareBp > 0 && line.recipientType == .owner {
            if line.uhRecipientOrgId.isEmpty || c.reference.uhInstitution(line.uhRecipientOrgId) == nil {
                findings.report(
                    id,
                    as: kind,
                    field: "\(c.field).uh_recipient_org_id",
                    "a UH share must go to a known UH institution"
                )
            }
        }
        return findings
    }
}

/// ALLOC-R7: ownerShareBp + uhShareBp = 10 000, and the split follows the embete's `ownerUhSplitRule`;
/// a deviation needs `splitDeviationReason` (POLICY, HARD unless configured as WARN).
struct SplitFollowsPolicyRule: DomainRule {
    static let id: RuleID = SimulatorRules.SplitShareRule.id
    static let severity: RuleSeverity = .policy

    static func check(_ c: LineRuleContext) -> Findings {
        var findings = Findings()
        let line = c.line
        guard BasisPoints.isValid(line.ownerShareBp), BasisPoints.isValid(line.uhShareBp),
            line.ownerShareBp + line.uhShareBp == BasisPoints.whole
        else {
            findings.reject(
                id,
                field: "\(c.field).owner_share_bp",
                "the owner and UH shares must add up to 10 000 basis points"
            )
            return findings
        }
        guard c.config.governor.recipientMode != .ownerOnly else { return findings }
        let rule = c.config.governor.ownerUhSplitRule ?? OwnerUhSplitRule.with { $0.kind = .caseByCase }
        // The shares sum to 10 000 here, so the simulator's test of the split rule is this rule's too.
        if !SimulatorRules.SplitShareRule.follows(
            ownerShareBp: line.ownerShareBp,
            uhShareBp: line.uhShareBp,
            rule: rule
        )
            && line.splitDeviationReason.allocationTrimmed.isEmpty
        {
            findings.report(
                id,
                as: c.config.kind(of: id, default: .hard),
                field: "\(c.field).split_deviation_reason",
                "the split differs from the embete's owner/UH split rule, so a reason for the deviation is needed"
            )
        }
        return findings
    }
}

/// ALLOC-R13: a line runs for at most `maxCommitmentYears`; only year 1 is binding and each later year
/// has an indicative amount, in order, in whole kroner.
struct MultiYearLineRule: DomainRule {
    static let id: RuleID = "ALLOC-R13"
    static let severity: RuleSeverity = [.hard, .policy]

    static func check(_ c: LineRuleContext) -> Findings {
        var findings = Findings()
        let line = c.line
        let maxYears = c.config.governor.maxCommitmentYears > 0 ? c.config.governor.maxCommitmentYears : 3
        if line.years > maxYears {
            findings.report(
                id,
                as: c.config.kind(of: id, default: .hard),
                field: "\(c.field).years",
                "a line may run for at most \(maxYears) years; this one runs for \(line.years)"
            )
        }
        guard line.years >= 1 else { return findings }
        let expected = (1..<max(line.years, 1)).map { c.year + $0 }
        if line.indicativeLaterYears.map(\.year) != expected {
            findings.reject(
                id,
                field: "\(c.field).indicative_later_years",
                "a line of \(line.years) years needs one indicative amount for each later year, in order"
            )
        }
        for (index, later) in line.indicativeLaterYears.enumerated() {
            if later.amountOre <= 0 || !Money.isWholeKroner(later.amountOre) {
                findings.reject(
                    id,
                    field: "\(c.field).indicative_later_years[\(index)].amount_ore",
                    "indicative amounts must be above zero and in whole kroner"
                )
            }
        }
        return findings
    }
}

extension String {
    var allocationTrimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
