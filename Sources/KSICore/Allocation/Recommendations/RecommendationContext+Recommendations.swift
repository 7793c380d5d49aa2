/// The recommendation (innstilling) and its lines, up to the statsforvalter's control (DOMAIN.md §4.3).
extension RecommendationContext {
    /// — → draft; committeeMember or sfCaseworker (ALLOC-R18 author).
    ///
    /// The round's closure is NeedsService's state; Allocation records `round_id` and keeps one
    /// recommendation per round (docs/allocation.md).
    public func createRecommendation(
        _ request: CreateRecommendationRequest,
        as caller: Caller
    ) async throws -> Recommendation {
        try await runner.run(AllocationServiceRPC.createRecommendation, request: request, caller: caller) { scope in
            try caller.require(
                .committeeMember,
                .sfCaseworker,
                scope: request.governorOfficeId,
                toDo: "create a recommendation"
            )
            guard reference.governorOffice(request.governorOfficeId) != nil else {
                throw DomainError.notFound("governor office", request.governorOfficeId)
            }
            guard !request.roundId.isEmpty else {
                throw DomainError.invalidArgument(
                    field: "round_id",
                    "a recommendation is made for a closed needs round"
                )
            }
            guard request.scheme != .unspecified, request.year > 0 else {
                throw DomainError.invalidArgument(field: "scheme", "a recommendation needs a scheme and a year")
            }
            let existing = try await scope.store.list(
                Recommendation.self,
                filter: StorageFilter(parentId: request.roundId)
            )
            if !existing.items.isEmpty {
                throw DomainError.illegalTransition("this round already has a recommendation; revise that one instead")
            }
            let config = try await moneyPolicy(scope.store, request.governorOfficeId, request.year, request.scheme)
            let author = request.author == .unspecified ? SkkAuthorRule.expectedAuthor(config) : request.author
            try SkkAuthorRule.check(author: author, config: config).throwIfViolated()
            if author == .governor {
                try caller.require(
                    .sfCaseworker,
                    scope: request.governorOfficeId,
                    toDo: "write the statsforvalter's recommendation"
                )
            } else if request.forumId.isEmpty {
                throw DomainError.invalidArgument(field: "forum_id", "a forum recommendation names its forum")
            }
            let recommendation = Recommendation.with {
                $0.id = Self.makeEntityId()
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
                $0.roundId = request.roundId
                $0.governorOfficeId = request.governorOfficeId
                $0.scheme = request.scheme
                $0.year = request.year
                $0.forumId = request.forumId
                $0.author = author
                $0.status = .draft
            }
            return try await scope.create(
                recommendation,
                role: caller.auditRole([.sfCaseworker, .committeeMember]),
                state: RecommendationStatus.draft.name
            )
        }
    }

    /// Adds a line to a draft (ALLOC-R3…R9, R13, R22); emits RecommendationLineCreated.
    public func addRecommendationLine(
        _ request: AddRecommendationLineRequest,
        as caller: Caller
    ) async throws -> Recommendation {
        let cited = try await citedReports(request.line ?? RecommendationLineContent())
        return try await runner.run(AllocationServiceRPC.addRecommendationLine, request: request, caller: caller) {
            scope in
            var recommendation = try await scope.load(
                Recommendation.self,
                id: request.recommendationId,
                expectedVersion: request.expectedVersion,
                what: "recommendation"
            )
            _ = try RecommendationStateMachine.apply(.editLines, to: recommendation, by: caller)
            let config = try await moneyPolicy(
                scope.store,
                recommendation.governorOfficeId,
                recommendation.year,
                recommendation.scheme
            )
            let line = try makeLine(
                request.line ?? RecommendationLineContent(),
                id: Self.makeEntityId(),
                in: recommendation,
                config: config,
                cited: cited,
                now: scope.nowMillis
            )
            recommendation.lines.append(line)
            try refreshPortfolio(&recommendation, config: config, now: scope.nowMillis)
            let saved = try await scope.save(
                recommendation,
                role: caller.auditRole([.sfCaseworker, .committeeMember]),
                before: RecommendationStatus.draft.name,
                after: RecommendationStatus.draft.name,
                reason: "line \(line.id) added"
            )
            try await Self.emit(scope, .recommendationLineCreated, aggregateId: line.id) {
                $0.governorOfficeId = saved.governorOfficeId
                $0.scheme = saved.scheme
                $0.year = saved.year
                $0.roundId = saved.roundId
                $0.recommendationId = saved.id
                $0.recommendationLineId = line.id
                $0.needsReportIds = line.needsReportIds
                $0.recipientOrgId = line.recipientOrgId
                $0.uhRecipientOrgId = line.uhRecipientOrgId
                $0.amountOre = line.amountOre
            }
            return saved
        }
    }

    /// Replaces a line of a draft (ALLOC-R3…R9, R13, R22).
    public func updateRecommendationLine(
        _ request: UpdateRecommendationLineRequest,
        as caller: Caller
    ) async throws -> Recommendation {
        let cited = try await citedReports(request.line ?? RecommendationLineContent())
        return try await runner.run(AllocationServiceRPC.updateRecommendationLine, request: request, caller: caller) {
            scope in
            var recommendation = try await scope.load(
                Recommendation.self,
                id: request.recommendationId,
                expectedVersion: request.expectedVersion,
                what: "recommendation"
            )
            _ = try RecommendationStateMachine.apply(.editLines, to: recommendation, by: caller)
            guard let index = recommendation.lines.firstIndex(where: { $0.id == request.recommendationLineId }) else {
                throw DomainError.notFound("recommendation line", request.recommendationLineId)
            }
            let config = try await moneyPolicy(
                scope.store,
                recommendation.governorOfficeId,
                recommendation.year,
                recommendation.scheme
            )
            var line = try makeLine(
                request.line ?? RecommendationLineContent(),
                id: request.recommendationLineId,
                in: recommendation,
                config: config,
                cited: cited,
                now: scope.nowMillis
            )
            line.createdAt = recommendation.lines[index].createdAt
            recommendation.lines[index] = line
            try refreshPortfolio(&recommendation, config: config, now: scope.nowMillis)
            return try await scope.save(
                recommendation,
                role: caller.auditRole([.sfCaseworker, .committeeMember]),
                before: RecommendationStatus.draft.name,
                after: RecommendationStatus.draft.name,
                reason: "line \(line.id) replaced"
            )
        }
    }

    /// Removes a line from a draft.
    public func removeRecommendationLine(
        _ request: RemoveRecommendationLineRequest,
        as caller: Caller
    ) async throws -> Recommendation {
        try await runner.run(AllocationServiceRPC.removeRecommendationLine, request: request, caller: caller) { scope in
            var recommendation = try await scope.load(
                Recommendation.self,
                id: request.recommendationId,
                expectedVersion: request.expectedVersion,
                what: "recommendation"
            )
            _ = try RecommendationStateMachine.apply(.editLines, to: recommendation, by: caller)
            guard recommendation.lines.contains(where: { $0.id == request.recommendationLineId }) else {
                throw DomainError.notFound("recommendation line", request.recommendationLineId)
            }
            recommendation.lines.removeAll { $0.id == request.recommendationLineId }
            let config = try await moneyPolicy(
                scope.store,
                recommendation.governorOfficeId,
                recommendation.year,
                recommendation.scheme
            )
            try refreshPortfolio(&recommendation, config: config, now: scope.nowMillis)
            return try await scope.save(
                recommendation,
                role: caller.auditRole([.sfCaseworker, .committeeMember]),
                before: RecommendationStatus.draft.name,
                after: RecommendationStatus.draft.name,
                reason: "line \(request.recommendationLineId) removed"
            )
        }
    }

    /// draft → adopted with minutes; sfCaseworker records the forum decision (ALLOC-R3…R6 HARD; R8, R9, R19,
    /// R21 WARN; R20 and R22 warnings acknowledged); emits RecommendationAdopted.
    public func adoptRecommendation(
        _ request: AdoptRecommendationRequest,
        as caller: Caller
    ) async throws -> Recommendation {
        try await runner.run(AllocationServiceRPC.adoptRecommendation, request: request, caller: caller) { scope in
            var recommendation = try await scope.load(
                Recommendation.self,
                id: request.recommendationId,
                expectedVersion: request.expectedVersion,
                what: "recommendation"
            )
            let next = try RecommendationStateMachine.apply(.adopt, to: recommendation, by: caller)
            guard recommendation.author == .forum else {
                throw DomainError.illegalTransition(
                    "the statsforvalter's own recommendation is submitted, not adopted by a forum"
                )
            }
            guard !request.minutesRef.allocationTrimmed.isEmpty else {
                throw DomainError.invalidArgument(
                    field: "minutes_ref",
                    "the forum's minutes must be attached to adopt a recommendation"
                )
            }
            let config = try await moneyPolicy(
                scope.store,
                recommendation.governorOfficeId,
                recommendation.year,
                recommendation.scheme
            )
            var findings = completeLineFindings(recommendation, config: config)
            let forum = try await forum(scope.store, recommendation.forumId)
            let today = scope.today
            let members = (forum?.members ?? []).filter { member in member.to.map { $0 >= today } ?? true }
            var warnings = Findings()
            warnings.merge(ProRataWarningRule.check(lines: recommendation.lines, reference: reference))
            warnings.merge(MicroGrantFragmentationRule.check(lines: recommendation.lines, config: config))
            warnings.merge(ReservedSharesRule.check(lines: recommendation.lines, config: config, reference: reference))
            warnings.merge(
                PptStatpedInputRule.check(scheme: recommendation.scheme, forumMembers: members, acknowledgedRuleIds: [])
            )
            warnings.merge(ConflictOfInterestRule.check(lines: recommendation.lines, forumMembers: members))
            var stored = try warnings.throwIfViolated()
            // ALLOC-R20 is the governance side's check, run on the forum as it stands today.
            if let forum {
                let policies = try await moneyResolver(scope.store)
                stored += ForumCompositionRule.check(forum, reference: reference, policies: policies, on: today)
                    .warnings
                    .filter { $0.ruleId == ForumCompositionRule.id.value }
            }
            findings.merge(AcknowledgementRule.check(warnings: stored, acknowledged: request.acknowledgedRuleIds))
            try findings.throwIfViolated()
            recommendation.status = next
            recommendation.minutesRef = request.minutesRef
            recommendation.adoptedOn = request.adoptedOn ?? scope.today
            recommendation.adoptedAt = scope.nowMillis
            recommendation.acknowledgedRuleIds = request.acknowledgedRuleIds
            recommendation.warnings = stored
            recommendation.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                recommendation,
                role: .sfCaseworker,
                before: RecommendationStatus.draft.name,
                after: next.name
            )
            try await Self.emit(scope, .recommendationAdopted, aggregateId: saved.id) {
                $0.governorOfficeId = saved.governorOfficeId
                $0.scheme = saved.scheme
                $0.year = saved.year
                $0.roundId = saved.roundId
                $0.recommendationId = saved.id
                $0.needsReportIds = Array(Set(saved.lines.flatMap(\.needsReportIds))).sorted()
                $0.amountOre = saved.totalAmountOre
            }
            return saved
        }
    }

    /// draft → submitted in SKK mode; sfCaseworker (ALLOC-R18; ALLOC-R3…R6 HARD).
    public func submitGovernorRecommendation(
        _ request: SubmitGovernorRecommendationRequest,
        as caller: Caller
    ) async throws
        -> Recommendation
    {
        try await runner.run(AllocationServiceRPC.submitGovernorRecommendation, request: request, caller: caller) {
            scope in
            var recommendation = try await scope.load(
                Recommendation.self,
                id: request.recommendationId,
                expectedVersion: request.expectedVersion,
                what: "recommendation"
            )
            let next = try RecommendationStateMachine.apply(
                .submitGovernorRecommendation,
                to: recommendation,
                by: caller
            )
            let config = try await moneyPolicy(
                scope.store,
                recommendation.governorOfficeId,
                recommendation.year,
                recommendation.scheme
            )
            var findings = completeLineFindings(recommendation, config: config)
            if !config.schemeYear.skkMode || recommendation.author != .governor {
                findings.reject(
                    SkkAuthorRule.id,
                    field: "author",
                    "only in SKK mode does the statsforvalter submit its own recommendation; otherwise the forum adopts it"
                )
            }
            try findings.throwIfViolated()
            var warnings = Findings()
            warnings.merge(ProRataWarningRule.check(lines: recommendation.lines, reference: reference))
            warnings.merge(MicroGrantFragmentationRule.check(lines: recommendation.lines, config: config))
            warnings.merge(ReservedSharesRule.check(lines: recommendation.lines, config: config, reference: reference))
            warnings.merge(
                RecommendationDeadlineRule.check(today: scope.today, year: recommendation.year, config: config)
            )
            recommendation.warnings = try warnings.throwIfViolated()
            recommendation.status = next
            recommendation.submittedAt = scope.nowMillis
            recommendation.updatedAt = scope.nowMillis
            return try await scope.save(
                recommendation,
                role: .sfCaseworker,
                before: RecommendationStatus.draft.name,
                after: next.name
            )
        }
    }

    /// adopted → submitted; sfCaseworker (ALLOC-R14 deadline WARN).
    public func submitToGovernor(_ request: SubmitToGovernorRequest, as caller: Caller) async throws -> Recommendation {
        try await runner.run(AllocationServiceRPC.submitToGovernor, request: request, caller: caller) { scope in
            var recommendation = try await scope.load(
                Recommendation.self,
                id: request.recommendationId,
                expectedVersion: request.expectedVersion,
                what: "recommendation"
            )
            let next = try RecommendationStateMachine.apply(.submitToGovernor, to: recommendation, by: caller)
            let config = try await moneyPolicy(
                scope.store,
                recommendation.governorOfficeId,
                recommendation.year,
                recommendation.scheme
            )
            let late = try RecommendationDeadlineRule.check(
                today: scope.today,
                year: recommendation.year,
                config: config
            ).throwIfViolated()
            recommendation.warnings.removeAll { $0.ruleId == RecommendationDeadlineRule.id.value }
            recommendation.warnings += late
            recommendation.status = next
            recommendation.submittedAt = scope.nowMillis
            recommendation.updatedAt = scope.nowMillis
            return try await scope.save(
                recommendation,
                role: .sfCaseworker,
                before: RecommendationStatus.adopted.name,
                after: next.name
            )
        }
    }

    /// submitted → underControl; sfCaseworker.
    public func startControl(_ request: StartControlRequest, as caller: Caller) async throws -> Recommendation {
        try await runner.run(AllocationServiceRPC.startControl, request: request, caller: caller) { scope in
            var recommendation = try await scope.load(
                Recommendation.self,
                id: request.recommendationId,
                expectedVersion: request.expectedVersion,
                what: "recommendation"
            )
            let next = try RecommendationStateMachine.apply(.startControl, to: recommendation, by: caller)
            recommendation.status = next
            recommendation.controlStartedAt = scope.nowMillis
            recommendation.updatedAt = scope.nowMillis
            return try await scope.save(
                recommendation,
                role: .sfCaseworker,
                before: RecommendationStatus.submitted.name,
                after: next.name
            )
        }
    }

    /// underControl → returnedToForum; sfDecisionMaker, with a reason.
    public func returnRecommendation(
        _ request: ReturnRecommendationRequest,
        as caller: Caller
    ) async throws -> Recommendation {
        try await runner.run(AllocationServiceRPC.returnRecommendation, request: request, caller: caller) { scope in
            var recommendation = try await scope.load(
                Recommendation.self,
                id: request.recommendationId,
                expectedVersion: request.expectedVersion,
                what: "recommendation"
            )
            let next = try RecommendationStateMachine.apply(.returnToForum, to: recommendation, by: caller)
            guard !request.reason.allocationTrimmed.isEmpty else {
                throw DomainError.invalidArgument(field: "reason", "a returned recommendation needs a reason")
            }
            let open = try await scope.store.list(
                GrantDecision.self,
                filter: StorageFilter(status: GrantDecisionStatus.signed.name, parentId: recommendation.id)
            )
            guard open.items.isEmpty else {
                throw DomainError.illegalTransition(
                    "a recommendation with signed decisions cannot be returned to the forum"
                )
            }
            recommendation.status = next
            recommendation.returnReason = request.reason
            recommendation.returnedAt = scope.nowMillis
            recommendation.updatedAt = scope.nowMillis
            return try await scope.save(
                recommendation,
                role: .sfDecisionMaker,
                before: RecommendationStatus.underControl.name,
                after: next.name,
                reason: request.reason
            )
        }
    }

    /// returnedToForum → draft; sfCaseworker.
    public func reviseRecommendation(
        _ request: ReviseRecommendationRequest,
        as caller: Caller
    ) async throws -> Recommendation {
        try await runner.run(AllocationServiceRPC.reviseRecommendation, request: request, caller: caller) { scope in
            var recommendation = try await scope.load(
                Recommendation.self,
                id: request.recommendationId,
                expectedVersion: request.expectedVersion,
                what: "recommendation"
            )
            let next = try RecommendationStateMachine.apply(.revise, to: recommendation, by: caller)
            recommendation.status = next
            recommendation.updatedAt = scope.nowMillis
            return try await scope.save(
                recommendation,
                role: .sfCaseworker,
                before: RecommendationStatus.returnedToForum.name,
                after: next.name
            )
        }
    }

    // MARK: Lines

    /// Builds a line from its content, checking the rules that a draft line must already meet (COM-R2, ALLOC-R6,
    /// R7, R13 HARD) and storing ALLOC-R3…R5 findings as warnings until adoption makes them HARD.
    /// The needs reports a line cites, read from NeedsService before the command's transaction (ALLOC-R4).
    /// LIM: at most `CitedNeedsReportRule.maxCitedReports` ids; NeedsService unreachable → `unavailable`.
    func citedReports(_ content: RecommendationLineContent) async throws -> [String: NeedsReport] {
        let ids = content.needsReportIds.filter { !$0.allocationTrimmed.isEmpty }
        guard !ids.isEmpty else { return [:] }
        guard ids.count <= CitedNeedsReportRule.maxCitedReports else {
            throw DomainError.invalidArgument(
                field: "line.needs_report_ids",
                "a line cites at most \(CitedNeedsReportRule.maxCitedReports) needs reports"
            )
        }
        let reports = try await needsReports.needsReports(ids: ids)
        return Dictionary(reports.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Builds a line from its content, checking the rules that a draft line must already meet (COM-R2, ALLOC-R4
    /// against the cited reports, ALLOC-R6, R7, R13 HARD) and storing ALLOC-R3…R5 findings as warnings until
    /// adoption makes them HARD. The line keeps a snapshot of the reports it cites (`CitedNeedsSnapshot`).
    func makeLine(
        _ content: RecommendationLineContent,
        id: String,
        in recommendation: Recommendation,
        config: PolicyConfig,
        cited: [String: NeedsReport],
        now: Int64
    ) throws -> RecommendationLine {
        var line = RecommendationLine.with {
            $0.id = id
            $0.recommendationId = recommendation.id
            $0.createdAt = now
            $0.updatedAt = now
            $0.recipientOrgId = content.recipientOrgId
            $0.recipientType = content.recipientType
            $0.uhRecipientOrgId = content.uhRecipientOrgId
            $0.needsReportIds = content.needsReportIds
            $0.partnershipId = content.partnershipId
            $0.proposedMeasureIds = content.proposedMeasureIds
            $0.amountOre = content.amountOre
            $0.years = content.years
            $0.indicativeLaterYears = content.indicativeLaterYears
            $0.ownerShareBp = content.ownerShareBp
            $0.uhShareBp = content.uhShareBp
            $0.splitDeviationReason = content.splitDeviationReason
            $0.participants = content.participants
            $0.criteria = content.criteria
            $0.deviatesFromRequest = content.deviatesFromRequest
            $0.conflictOfInterestMemberIds = content.conflictOfInterestMemberIds
        }
        // PD: ownerOnly pays everything to the owner; an unset split there means 10 000 / 0.
        if config.governor.recipientMode == .ownerOnly && line.ownerShareBp == 0 && line.uhShareBp == 0 {
            line.ownerShareBp = BasisPoints.whole
        }
        let split = Money.split(totalOre: line.amountOre, firstBp: line.ownerShareBp)
        line.ownerAmountOre = split.first
        line.uhAmountOre = split.last
        // ALLOC-R8 and sub-frames: the recipient owner's municipality. Sectors, themes, units and the requested
        // amount come only from the needs reports the line cites (V4, V5, ALLOC-R19); the owner's sectors are
        // not a stand-in for them (a kommune with schools and kindergartens may ask for schools only).
        if line.recipientType == .owner, let owner = reference.owner(line.recipientOrgId) {
            line.municipalityIds = owner.municipalityId.isEmpty ? [] : [owner.municipalityId]
        }
        try CitedNeedsSnapshot.apply(to: &line, reports: Array(cited.values), reference: reference)
        let context = LineRuleContext(
            line: line,
            scheme: recommendation.scheme,
            year: recommendation.year,
            config: config,
            reference: reference,
            field: "line"
        )
        var hard = Findings()
        WholeKronerRule.check(line.amountOre, field: "line.amount_ore", into: &hard)
        hard.merge(RecipientRule.check(context))
        hard.merge(SplitFollowsPolicyRule.check(context))
        hard.merge(MultiYearLineRule.check(context))
        hard.merge(
            CitedNeedsReportRule.check(line, reports: cited, in: recommendation, reference: reference, field: "line")
        )
        let warnings = try hard.throwIfViolated()
        var pending = Findings()
        pending.merge(LineCompletenessRule.check(context))
        pending.merge(NeedsReportReferenceRule.check(context))
        pending.merge(CriteriaTextRule.check(context))
        line.warnings =
            warnings
            + pending.violations.map { violation in
                Findings.warning(
                    violation.rule,
                    field: violation.field,
                    violation.message + " (required before adoption)"
                )
            }
        return line
    }

    /// ALLOC-R3…R7 and R13 over every line, as HARD findings (adoption and SKK submission).
    func completeLineFindings(_ recommendation: Recommendation, config: PolicyConfig) -> Findings {
        var findings = Findings()
        if recommendation.lines.isEmpty {
            findings.reject(LineCompletenessRule.id, field: "lines", "a recommendation needs at least one line")
        }
        for (index, line) in recommendation.lines.enumerated() {
            let context = LineRuleContext(
                line: line,
                scheme: recommendation.scheme,
                year: recommendation.year,
                config: config,
                reference: reference,
                field: "lines[\(index)]"
            )
            findings.merge(LineCompletenessRule.check(context))
            findings.merge(NeedsReportReferenceRule.check(context))
            findings.merge(CriteriaTextRule.check(context))
            findings.merge(RecipientRule.check(context))
            findings.merge(SplitFollowsPolicyRule.check(context))
            findings.merge(MultiYearLineRule.check(context))
        }
        return Findings.hardOnly(findings)
    }

    /// Recomputes the total and the portfolio warnings (ALLOC-R8, R9) of a draft.
    /// LIM-R2: lines whose total is beyond the money range refuse the command (field `lines`).
    func refreshPortfolio(_ recommendation: inout Recommendation, config: PolicyConfig, now: Int64) throws(DomainError)
    {
        recommendation.totalAmountOre = try Money.sum(recommendation.lines, field: "lines") { $0.amountOre }
        var findings = ProRataWarningRule.check(lines: recommendation.lines, reference: reference)
        findings.merge(MicroGrantFragmentationRule.check(lines: recommendation.lines, config: config))
        let portfolio: Set<String> = [ProRataWarningRule.id.value, MicroGrantFragmentationRule.id.value]
        recommendation.warnings.removeAll { portfolio.contains($0.ruleId) }
        recommendation.warnings += findings.warnings
        recommendation.updatedAt = now
    }
}

extension Findings {
    /// Only the HARD findings of `findings` (WARN results of the same rules are dropped).
    static func hardOnly(_ findings: Findings) -> Findings {
        var result = Findings()
        for violation in findings.violations {
            result.reject(violation.rule, field: violation.field, violation.message)
        }
        return result
    }
}
