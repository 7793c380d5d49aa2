/// The allocation simulator (view V12): for each method × split rule, the indicative sub-frames, the owner
/// and UH amounts of each draft line, the V4–V6 figures and the ALLOC-R2, R7, R8, R9 and R19 findings.
///
/// Pure: it reads the reference data, the resolved policy and the embete's networks, and stores nothing.
/// The pro-rata methods shape the sub-frames only; the lines stay needs-based, so they are the same in
/// every scenario except for their split.
public struct AllocationSimulator: Sendable {
    /// The reference data the targets and units come from.
    public var reference: ReferenceData
    /// The embete's configuration in force (thresholds, reservations, split rule).
    public var config: PolicyConfig
    /// The embete's competence networks (network sub-frames).
    public var networks: [CompetenceNetwork]

    /// A simulator over `reference`, `config` and `networks`.
    public init(reference: ReferenceData, config: PolicyConfig, networks: [CompetenceNetwork] = []) {
        self.reference = reference
        self.config = config
        self.networks = networks
    }

    /// Runs every scenario; throws `invalidArgument` for a malformed request.
    public func simulate(_ request: SimulateAllocationRequest) throws -> SimulateAllocationResponse {
        try Self.validate(request)
        let governor = config.governor
        let methods =
            request.methods.isEmpty
            ? [
                SimulationMethodInput.with {
                    $0.method = governor.allocationMethod == .unspecified ? .needsBased : governor.allocationMethod
                    $0.weights = governor.allocationWeights
                    $0.minimumForAll = governor.minimumForAll
                }
            ]
            : request.methods
        let splitRules =
            request.splitRules.isEmpty
            ? [governor.ownerUhSplitRule ?? OwnerUhSplitRule.with { $0.kind = .caseByCase }]
            : request.splitRules
        let date = LocalDate(year: request.year, month: 1, day: 1)
        let threshold =
            request.microGrantThresholdOre > 0
            ? request.microGrantThresholdOre
            : (governor.microGrantThresholdOre > 0 ? governor.microGrantThresholdOre : 10_000_000)
        let warnBp =
            request.microGrantShareWarnBp > 0
            ? request.microGrantShareWarnBp
            : (governor.microGrantShareWarnBp > 0 ? governor.microGrantShareWarnBp : 5000)
        let reservedSpecialNeeds = request.reservedSpecialNeedsShareBp ?? governor.reservedSpecialNeedsShareBp
        let reservedKindergarten = request.reservedKindergartenShareBp ?? governor.reservedKindergartenShareBp

        // The figures depend only on the lines, so they are the same in every scenario.
        let figureLines = request.draftLines.map {
            ViewFigureLine(
                amountOre: $0.amountOre,
                themes: $0.themes,
                sectors: $0.sectors,
                participatingUnitIds: $0.participatingUnitIds,
                municipalityIds: $0.municipalityIds
            )
        }
        let specialNeeds = ViewFigures.specialNeedsShare(
            figureLines,
            reference: reference,
            reservedBp: reservedSpecialNeeds
        )
        let kindergarten = ViewFigures.kindergartenShare(
            figureLines,
            reference: reference,
            governorOfficeId: request.governorOfficeId,
            on: date,
            reservedBp: reservedKindergarten
        )
        let fragmentation = ViewFigures.fragmentation(figureLines, microGrantThresholdOre: threshold)
        // LIM-R2: Σ lines is checked; every partial sum below is of non-negative amounts, so it fits too.
        let total = try Money.sum(request.draftLines, field: "draft_lines") { $0.amountOre }
        var amountsByRecipient: [String: Int64] = [:]
        for line in request.draftLines where line.recipientType != .uhInstitution {
            amountsByRecipient[line.recipientOrgId] = try Money.add(
                amountsByRecipient[line.recipientOrgId] ?? 0,
                line.amountOre,
                field: "draft_lines"
            )
        }
        let remaining = try Money.subtract(
            try Money.subtract(request.frameOre, request.precommittedOre, field: "precommitted_ore"),
            total,
            field: "draft_lines"
        )
        var common: [RuleFinding] = [
            SimulatorRules.FrameCeilingRule.check(
                frameOre: request.frameOre,
                precommittedOre: request.precommittedOre,
                linesOre: total
            ),
            SimulatorRules.ProRataLineRule.check(
                amountsByRecipient: amountsByRecipient,
                reference: reference,
                on: date
            ),
            SimulatorRules.MicroGrantShareRule.check(fragmentation, warnBp: warnBp),
        ]
        common += SimulatorRules.ReservedShareRule.check(specialNeeds: specialNeeds, kindergarten: kindergarten)

        var scenarios: [SimulationScenario] = []
        for method in methods {
            let targetKind =
                method.targetKind == .unspecified
                ? SubFrameCalculator.defaultTargetKind(for: method.method) : method.targetKind
            let targets = SubFrameCalculator.targets(
                kind: targetKind,
                governorOfficeId: request.governorOfficeId,
                on: date,
                reference: reference,
                networks: networks
            )
            let subFrames = SubFrameCalculator.compute(
                frameOre: request.frameOre,
                method: method,
                targets: targets,
                on: date,
                reference: reference,
                lines: request.draftLines
            )
            for rule in splitRules {
                let lines = request.draftLines.enumerated().map { index, draft in
                    simulatedLine(draft, rule: rule, field: "draft_lines[\(index)]")
                }
                let splitFailures = lines.flatMap(\.findings).filter {
                    !$0.passed && $0.ruleId == SimulatorRules.SplitShareRule.id.value
                }
                let splitSummary = RuleFinding(
                    SimulatorRules.SplitShareRule.id,
                    kind: config.kind(of: SimulatorRules.SplitShareRule.id, default: .hard),
                    passed: splitFailures.isEmpty,
                    field: "draft_lines",
                    splitFailures.isEmpty
                        ? "every line's split follows the split rule or states a reason"
                        : "\(splitFailures.count) of \(lines.count) lines deviate from the split rule without a reason"
                )
                var findings = common
                findings.insert(splitSummary, at: 1)
                if targets.isEmpty {
                    findings.append(
                        RuleFinding(
                            SimulatorRules.ProRataLineRule.id,
                            kind: .warn,
                            passed: true,
                            field: "methods",
                            "the embete has no \(targetKind == .network ? "competence networks" : "counties") to divide the frame between"
                        )
                    )
                } else if subFrames.isEmpty {
                    // No silent equal split: an empty basis gives no sub-frames, and says why.
                    findings.append(
                        RuleFinding(
                            SimulatorRules.ProRataLineRule.id,
                            kind: .warn,
                            passed: false,
                            field: "methods",
                            method.method == .needsBased || method.method == .unspecified
                                ? "needs-based sub-frames follow the draft lines, and no draft line names a network or municipality of these targets"
                                : "the method's factors are 0 for every target, so there is nothing to divide the frame by"
                        )
                    )
                }
                scenarios.append(
                    SimulationScenario.with {
                        $0.method = method.method
                        $0.splitRule = rule
                        $0.subFrames = subFrames
                        $0.lines = lines
                        $0.totalLinesOre = total
                        $0.remainingOre = remaining
                        $0.specialNeedsShare = specialNeeds
                        $0.kindergartenShare = kindergarten
                        $0.fragmentation = fragmentation
                        $0.findings = findings
                    }
                )
            }
        }
        return SimulateAllocationResponse.with { $0.scenarios = scenarios }
    }

    /// One draft line under a split rule: its shares, its COM-R3 amounts and its ALLOC-R7 / COM-R2 findings.
    func simulatedLine(_ draft: SimulationDraftLine, rule: OwnerUhSplitRule, field: String) -> SimulatedLine {
        let ownerOnly = config.governor.recipientMode == .ownerOnly
        let ownerBp =
            draft.ownerShareBp
            ?? (ownerOnly ? BasisPoints.whole : SimulatorRules.SplitShareRule.defaultOwnerShareBp(for: rule))
        let uhBp = BasisPoints.whole - ownerBp
        var findings: [RuleFinding] = []
        if ownerOnly && BasisPoints.isValid(ownerBp) {
            findings.append(
                RuleFinding(
                    SimulatorRules.SplitShareRule.id,
                    kind: .hard,
                    passed: true,
                    field: "\(field).owner_share_bp",
                    "the embete pays the owner only, so no split rule applies"
                )
            )
        } else {
            findings.append(
                SimulatorRules.SplitShareRule.check(
                    ownerShareBp: ownerBp,
                    uhShareBp: uhBp,
                    rule: rule,
                    deviationReason: draft.splitDeviationReason,
                    kind: config.kind(of: SimulatorRules.SplitShareRule.id, default: .hard),
                    field: "\(field).owner_share_bp"
                )
            )
        }
        findings.append(
            RuleFinding(
                .wholeKroner,
                kind: .hard,
                passed: Money.isWholeKroner(draft.amountOre),
                field: "\(field).amount_ore",
                Money.isWholeKroner(draft.amountOre) ? "the amount is whole kroner" : "the amount must be whole kroner"
            )
        )
        let (owner, uh) = Money.split(totalOre: draft.amountOre, firstBp: ownerBp)
        return SimulatedLine.with {
            $0.draftLineRef = draft.draftLineRef
            $0.recipientOrgId = draft.recipientOrgId
            $0.amountOre = draft.amountOre
            $0.ownerShareBp = ownerBp
            $0.uhShareBp = uhBp
            $0.ownerAmountOre = owner
            $0.uhAmountOre = uh
            $0.findings = findings
        }
    }

    /// Rejects a request the simulator cannot read: no embete, scheme or year, negative amounts, bad shares or rules.
    static func validate(_ request: SimulateAllocationRequest) throws {
        var findings = Findings()
        func bad(_ field: String, _ message: String) {
            findings.reject(.malformedInput, field: field, message)
        }
        if request.governorOfficeId.isEmpty { bad("governor_office_id", "the embete must be given") }
        if request.scheme == .unspecified { bad("scheme", "the scheme must be set") }
        if request.year <= 0 { bad("year", "the year must be set") }
        // A negative amount is malformed (COM-INPUT); one above 10 000 000 000 kr breaks LIM-R2, so the
        // arithmetic below always fits.
        func amount(_ field: String, _ amountOre: Int64, _ negative: String) {
            if amountOre < 0 {
                bad(field, negative)
            } else if amountOre > Money.maximumInputOre {
                findings.merge(Money.outOfBound(field: field))
            }
        }
        amount("frame_ore", request.frameOre, "the frame cannot be negative")
        amount("precommitted_ore", request.precommittedOre, "the precommitted amount cannot be negative")
        amount("micro_grant_threshold_ore", request.microGrantThresholdOre, "the threshold cannot be negative")
        if !BasisPoints.isValid(request.microGrantShareWarnBp) {
            bad("micro_grant_share_warn_bp", "the share must be between 0 and 10 000 basis points")
        }
        for (field, value) in [
            ("reserved_special_needs_share_bp", request.reservedSpecialNeedsShareBp),
            ("reserved_kindergarten_share_bp", request.reservedKindergartenShareBp),
        ] {
            if let value, !BasisPoints.isValid(value) {
                bad(field, "the share must be between 0 and 10 000 basis points")
            }
        }
        for (index, method) in request.methods.enumerated() {
            if method.method == .unspecified { bad("methods[\(index)].method", "the method must be set") }
            if method.weights.contains(where: { $0.weightBp < 0 || $0.factor == .unspecified }) {
                bad("methods[\(index)].weights", "each weight needs a factor and a non-negative share")
            }
        }
        for (index, rule) in request.splitRules.enumerated() where !SimulatorRules.SplitShareRule.isWellFormed(rule) {
            bad(
                "split_rules[\(index)]",
                "a fixed split must add up to 10 000 basis points and a UH range must lie within 0–10 000 in order"
            )
        }
        for (index, line) in request.draftLines.enumerated() {
            amount("draft_lines[\(index)].amount_ore", line.amountOre, "a line amount cannot be negative")
        }
        let violations = findings.violations
        if !violations.isEmpty && violations.allSatisfy({ $0.rule == Money.boundRule }) {
            throw DomainError.violations(violations)  // LIM-R2 is a rule: 422 at the API, not 400
        }
        if !violations.isEmpty {
            throw DomainError(
                .invalidArgument,
                "the simulation request is incomplete or malformed",
                violations: violations
            )
        }
    }
}
