import Foundation

/// Checks and completes policy records before they are stored (§4.5; COM-R5).
///
/// Resolution is per whole record, so a stored record must be complete: fields left unset (an unspecified
/// enum, a zero where zero means nothing, an absent date) take the built-in default when the record is stored.
enum PolicyValidation {
    /// The budget years configuration is kept and looked up for (COM-R5): writes and reads (GetPolicyConfig, the
    /// simulator) are held to the same range, so a read never resolves a year whose dates cannot be written.
    static let budgetYears: ClosedRange<Int32> = 2000...2100

    /// The POLICY rules of DOMAIN.md, the only ones a `RuleKindOverride` may turn HARD or WARN: the rules whose
    /// severity includes POLICY (`RuleCatalog`). Co-financing (ALLOC-R12) is HARD and comes from the regulation,
    /// so an embete cannot soften it.
    static let policyRules: Set<String> = Set(RuleCatalog.configurable.map(\.value))

    /// An embete × year × scheme record (or the national default when the embete is empty), completed.
    static func governor(
        _ input: GovernorPolicy,
        schemeYear: SchemeYearPolicy,
        reference: ReferenceData
    ) throws -> GovernorPolicy {
        var findings = Findings()
        func bad(_ field: String, _ message: String) {
            findings.reject(.policyResolution, field: "governor_policy.\(field)", message)
        }
        if !budgetYears.contains(input.year) { bad("year", "the year must be a budget year such as 2026") }
        if input.scheme == .unspecified { bad("scheme", "the scheme must be set") }
        if !input.governorOfficeId.isEmpty
            && reference.governorOffice(input.governorOfficeId, on: LocalDate(year: input.year, month: 1, day: 1))
                == nil
            && reference.governorOffice(input.governorOfficeId) == nil
        {
            bad("governor_office_id", "the embete is not in the reference data")
        }
        for (index, weight) in input.allocationWeights.enumerated() {
            if weight.factor == .unspecified || !BasisPoints.isValid(weight.weightBp) {
                bad(
                    "allocation_weights[\(index)]",
                    "each weight needs a factor and a share between 0 and 10 000 basis points"
                )
            }
        }
        if !input.allocationWeights.isEmpty
            && input.allocationWeights.reduce(0, { $0 + $1.weightBp }) != BasisPoints.whole
        {
            bad("allocation_weights", "the weights must add up to 10 000 basis points")
        }
        if let rule = input.ownerUhSplitRule, rule.kind != .unspecified,
            !SimulatorRules.SplitShareRule.isWellFormed(rule)
        {
            bad(
                "owner_uh_split_rule",
                "a fixed split must add up to 10 000 basis points and a UH range must lie within 0–10 000 in order"
            )
        }
        for (field, date) in [
            ("submission_deadline", input.submissionDeadline),
            ("recommendation_deadline", input.recommendationDeadline),
            ("report_deadline", input.reportDeadline),
        ] {
            if let date, !date.isValid { bad(field, "the date is not a valid calendar date") }
        }
        if input.maxCommitmentYears < 0 { bad("max_commitment_years", "the number of years cannot be negative") }
        if input.microGrantThresholdOre < 0 || !Money.isWholeKroner(input.microGrantThresholdOre) {
            bad("micro_grant_threshold_ore", "the threshold must be a non-negative amount in whole kroner")
        }
        if !BasisPoints.isValid(input.microGrantShareWarnBp) {
            bad("micro_grant_share_warn_bp", "the share must be between 0 and 10 000 basis points")
        }
        if let bp = input.reservedSpecialNeedsShareBp, !BasisPoints.isValid(bp) {
            bad("reserved_special_needs_share_bp", "the share must be between 0 and 10 000 basis points")
        }
        if let bp = input.reservedKindergartenShareBp, !BasisPoints.isValid(bp) {
            bad("reserved_kindergarten_share_bp", "the share must be between 0 and 10 000 basis points")
        }
        if input.appealDeadlineDays < 0 { bad("appeal_deadline_days", "the number of days cannot be negative") }
        for (index, override) in input.ruleKindOverrides.enumerated() {
            if !policyRules.contains(override.ruleId) {
                bad(
                    "rule_kind_overrides[\(index)].rule_id",
                    "only POLICY rules can be set to HARD or WARN; \(override.ruleId) is not one"
                )
            }
            if override.kind == .unspecified {
                bad("rule_kind_overrides[\(index)].kind", "the kind must be HARD or WARN")
            }
        }
        let completed = completing(input)
        // ALLOC-R18: in SKK mode the statsforvalter writes the recommendation.
        if schemeYear.skkMode && completed.recommendationAuthor == .forum {
            let kind = completed.ruleKindOverrides.first { $0.ruleId == SkkAuthorRule.id.value }?.kind ?? .hard
            if kind == .hard {
                findings.reject(
                    SkkAuthorRule.id,
                    field: "governor_policy.recommendation_author",
                    "in SKK mode the statsforvalter writes the recommendation, so the author must be the statsforvalter"
                )
            }
        }
        try findings.throwIfViolated()
        return completed
    }

    /// Fills unset fields with the built-in defaults (§4.5); the submission deadline stays unset (NEED-R6).
    static func completing(_ input: GovernorPolicy) -> GovernorPolicy {
        let builtIn = BuiltInPolicy.governor(
            governorOfficeId: input.governorOfficeId,
            year: input.year,
            scheme: input.scheme
        )
        var policy = input
        if policy.allocationMethod == .unspecified { policy.allocationMethod = builtIn.allocationMethod }
        if policy.recipientMode == .unspecified { policy.recipientMode = builtIn.recipientMode }
        if (policy.ownerUhSplitRule?.kind ?? .unspecified) == .unspecified {
            policy.ownerUhSplitRule = builtIn.ownerUhSplitRule
        }
        if policy.pptInvolvementRequirement == .unspecified {
            policy.pptInvolvementRequirement = builtIn.pptInvolvementRequirement
        }
        if policy.recommendationDeadline == nil { policy.recommendationDeadline = builtIn.recommendationDeadline }
        if policy.reportDeadline == nil { policy.reportDeadline = builtIn.reportDeadline }
        if policy.maxCommitmentYears == 0 { policy.maxCommitmentYears = builtIn.maxCommitmentYears }
        if policy.microGrantThresholdOre == 0 { policy.microGrantThresholdOre = builtIn.microGrantThresholdOre }
        if policy.microGrantShareWarnBp == 0 { policy.microGrantShareWarnBp = builtIn.microGrantShareWarnBp }
        if policy.recommendationAuthor == .unspecified { policy.recommendationAuthor = builtIn.recommendationAuthor }
        if policy.appealDeadlineDays == 0 { policy.appealDeadlineDays = builtIn.appealDeadlineDays }
        if policy.appealBody == .unspecified { policy.appealBody = builtIn.appealBody }
        return policy
    }

    /// A scheme × year record (udirAdmin), completed.
    static func schemeYear(_ input: SchemeYearPolicy) throws -> SchemeYearPolicy {
        var findings = Findings()
        func bad(_ field: String, _ message: String) {
            findings.reject(.policyResolution, field: "scheme_year_policy.\(field)", message)
        }
        if !budgetYears.contains(input.year) { bad("year", "the year must be a budget year such as 2026") }
        if input.scheme == .unspecified { bad("scheme", "the scheme must be set") }
        if input.nationalBudgetOre < 0 { bad("national_budget_ore", "the national budget cannot be negative") }
        if !Money.isWholeKroner(input.nationalBudgetOre) {
            findings.reject(
                .wholeKroner,
                field: "scheme_year_policy.national_budget_ore",
                "the national budget must be whole kroner"
            )
        }
        if !BasisPoints.isValid(input.coFinancingBp) {
            bad("co_financing_bp", "the co-financing share must be between 0 and 10 000 basis points")
        }
        try findings.throwIfViolated()
        var policy = input
        if policy.coFinancingBase == .unspecified { policy.coFinancingBase = .ownerGrant }
        return policy
    }

    /// The Statped record (udirAdmin), completed; zeros take the built-in values.
    static func statped(_ input: StatpedPolicy) throws -> StatpedPolicy {
        var findings = Findings()
        let numbers: [(String, Int32)] = [
            ("startup_meeting_max_days", input.startupMeetingMaxDays),
            ("default_physical_meetings", input.defaultPhysicalMeetings),
            ("small_cell_threshold", input.smallCellThreshold),
            ("retention_years_after_closure", input.retentionYearsAfterClosure),
            ("startup_meeting_warn_day", input.startupMeetingWarnDay),
            ("triage_target_days", input.triageTargetDays ?? 0),
        ]
        for (field, value) in numbers where value < 0 {
            findings.reject(.policyResolution, field: "statped_policy.\(field)", "the value cannot be negative")
        }
        try findings.throwIfViolated()
        let builtIn = BuiltInPolicy.statped
        var policy = input
        if policy.startupMeetingMaxDays == 0 { policy.startupMeetingMaxDays = builtIn.startupMeetingMaxDays }
        if policy.defaultPhysicalMeetings == 0 { policy.defaultPhysicalMeetings = builtIn.defaultPhysicalMeetings }
        if policy.smallCellThreshold == 0 { policy.smallCellThreshold = builtIn.smallCellThreshold }
        if policy.retentionYearsAfterClosure == 0 {
            policy.retentionYearsAfterClosure = builtIn.retentionYearsAfterClosure
        }
        if policy.startupMeetingWarnDay == 0 { policy.startupMeetingWarnDay = builtIn.startupMeetingWarnDay }
        return policy
    }
}

/// Small helpers shared by the governance, policy and simulator commands.
enum GovernanceSupport {
    static func newId() -> String { UUID().uuidString.lowercased() }

    static func isBlank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}
