/// Grant decisions on recommendation lines (ALLOC-R2, R10, R11, R13) and the decided round.
extension RecommendationContext {
    /// Prepares (or corrects) the decision on one line; sfCaseworker = preparedBy (ALLOC-R10; COM-R4).
    public func prepareGrantDecision(
        _ request: PrepareGrantDecisionRequest,
        as caller: Caller
    ) async throws -> GrantDecision {
        try await runner.run(AllocationServiceRPC.prepareGrantDecision, request: request, caller: caller) { scope in
            let recommendation = try await scope.store.require(
                Recommendation.self,
                id: request.recommendationId,
                what: "recommendation",
                field: "recommendation_id"
            )
            _ = try RecommendationStateMachine.apply(.prepareDecision, to: recommendation, by: caller)
            // ALLOC-R11: four eyes compares persons, so the preparer must be an authenticated person.
            let person = try caller.requirePerson(toDo: "prepare a grant decision", rule: FourEyesRule.id)
            let input = request.decision ?? GrantDecisionInput()
            guard let line = recommendation.lines.first(where: { $0.id == input.recommendationLineId }) else {
                throw DomainError.notFound("recommendation line", input.recommendationLineId)
            }
            let active = try await activeDecisions(scope.store, recommendation.id, lineId: line.id)
            if request.supersedesGrantDecisionId.isEmpty {
                if !active.isEmpty {
                    throw DomainError.illegalTransition(
                        "this line already has a decision; prepare a correction that supersedes it instead"
                    )
                }
            } else if !active.contains(where: { $0.id == request.supersedesGrantDecisionId }) {
                throw DomainError.invalidArgument(
                    field: "supersedes_grant_decision_id",
                    "only a prepared or signed decision on this line can be corrected"
                )
            }
            try DecisionReasonRule.check(input, lineAmountOre: line.amountOre).throwIfViolated()
            // A prepared decision that is corrected is superseded at once; a signed one when the correction is signed.
            if var old = active.first(where: { $0.id == request.supersedesGrantDecisionId }), old.status == .prepared {
                old.status = .superseded
                old.updatedAt = scope.nowMillis
                _ = try await scope.save(
                    old,
                    role: .sfCaseworker,
                    before: GrantDecisionStatus.prepared.name,
                    after: GrantDecisionStatus.superseded.name
                )
            }
            let decision = Self.makeDecision(
                input,
                line: line,
                recommendation: recommendation,
                preparedBy: person,
                now: scope.nowMillis
            ) {
                $0.supersedesDecisionId = request.supersedesGrantDecisionId
            }
            return try await scope.create(decision, role: .sfCaseworker, state: GrantDecisionStatus.prepared.name)
        }
    }

    /// Signs a prepared decision; sfDecisionMaker ≠ preparer (ALLOC-R2, R10, R11); emits GrantDecided and creates
    /// the grant(s) in `decided`, indicative multi-year commitments (ALLOC-R13) and co-financing pledges (ALLOC-R12).
    public func signGrantDecision(_ request: SignGrantDecisionRequest, as caller: Caller) async throws -> GrantDecision
    {
        try await runner.run(AllocationServiceRPC.signGrantDecision, request: request, caller: caller) { scope in
            var decision = try await scope.load(
                GrantDecision.self,
                id: request.grantDecisionId,
                expectedVersion: request.expectedVersion,
                what: "grant decision"
            )
            var recommendation = try await scope.store.require(
                Recommendation.self,
                id: decision.recommendationId,
                what: "recommendation"
            )
            _ = try RecommendationStateMachine.apply(.signDecision, to: recommendation, by: caller)
            guard decision.status == .prepared else {
                throw DomainError.illegalTransition(
                    "only a prepared decision can be signed; this decision is \(decision.status.name)"
                )
            }
            guard let lineIndex = recommendation.lines.firstIndex(where: { $0.id == decision.lineId }) else {
                throw DomainError.notFound("recommendation line", decision.lineId)
            }
            let person = caller.person
            var findings = FourEyesRule.check(
                signer: caller,
                signerPerson: person,
                governorOfficeId: decision.governorOfficeId,
                preparedBy: decision.preparedBy
            )
            findings.merge(try await frameFindings(scope.store, adding: decision))
            try findings.throwIfViolated()
            decision = try await sign(
                decision,
                line: recommendation.lines[lineIndex],
                signedBy: person ?? "",
                scope: scope
            )
            recommendation.lines[lineIndex].grantDecisionId = decision.id
            recommendation.updatedAt = scope.nowMillis
            _ = try await scope.save(
                recommendation,
                role: .sfDecisionMaker,
                before: recommendation.status.name,
                after: recommendation.status.name,
                reason: "decision \(decision.id) signed for line \(decision.lineId)"
            )
            return decision
        }
    }

    /// underControl → decided once every line has a signed decision (ALLOC-R2, R10, R11); emits RoundDecided.
    public func decideRecommendation(
        _ request: DecideRecommendationRequest,
        as caller: Caller
    ) async throws -> Recommendation {
        try await runner.run(AllocationServiceRPC.decideRecommendation, request: request, caller: caller) { scope in
            var recommendation = try await scope.load(
                Recommendation.self,
                id: request.recommendationId,
                expectedVersion: request.expectedVersion,
                what: "recommendation"
            )
            let next = try RecommendationStateMachine.apply(.decide, to: recommendation, by: caller)
            var findings = Findings()
            var decisions: [GrantDecision] = []
            for (index, line) in recommendation.lines.enumerated() {
                let decision =
                    line.grantDecisionId.isEmpty
                    ? nil : try await scope.store.get(GrantDecision.self, id: line.grantDecisionId)
                guard let decision, decision.status == .signed else {
                    findings.reject(
                        DecisionReasonRule.id,
                        field: "lines[\(index)]",
                        "every line needs a signed decision before the round is decided"
                    )
                    continue
                }
                if decision.signedBy.isEmpty || decision.signedBy == decision.preparedBy {
                    findings.reject(
                        FourEyesRule.id,
                        field: "lines[\(index)]",
                        "every decision must be signed by someone other than its preparer"
                    )
                }
                decisions.append(decision)
            }
            let frame = try await publishedFrameOre(
                scope.store,
                recommendation.governorOfficeId,
                recommendation.scheme,
                recommendation.year
            )
            let totals = try await decidedTotals(
                scope.store,
                recommendation.governorOfficeId,
                recommendation.scheme,
                recommendation.year
            )
            findings.merge(
                DecisionsWithinFrameRule.check(
                    frameOre: frame,
                    approvedOre: totals.approvedOre,
                    confirmedMultiYearOre: totals.confirmedOre,
                    addedOre: 0,
                    field: "lines"
                )
            )
            try findings.throwIfViolated()
            recommendation.status = next
            recommendation.decidedAt = scope.nowMillis
            recommendation.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                recommendation,
                role: .sfDecisionMaker,
                before: RecommendationStatus.underControl.name,
                after: next.name
            )
            try await Self.emit(scope, .roundDecided, aggregateId: saved.roundId) {
                $0.governorOfficeId = saved.governorOfficeId
                $0.scheme = saved.scheme
                $0.year = saved.year
                $0.roundId = saved.roundId
                $0.recommendationId = saved.id
                $0.needsReportIds = Array(Set(saved.lines.flatMap(\.needsReportIds))).sorted()
                $0.amountOre = Money.saturatingSum(decisions) { $0.approvedAmountOre }
                $0.decisions = decisions.map(Self.summary)
            }
            return saved
        }
    }

    // MARK: Reads

    /// Reads one recommendation.
    public func getRecommendation(_ request: GetRecommendationRequest, as caller: Caller) async throws -> Recommendation
    {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            try await store.require(Recommendation.self, id: request.id, what: "recommendation")
        }
    }

    /// Lists recommendations.
    public func listRecommendations(
        _ request: ListRecommendationsRequest,
        as caller: Caller
    ) async throws -> ListRecommendationsResponse {
        try Self.requireMoneyReader(caller)
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                Recommendation.self,
                filter: StorageFilter(
                    statuses: request.statuses.nonEmpty?.map(\.name),
                    governorOfficeId: request.governorOfficeId.nonEmpty,
                    year: request.year.nonZero,
                    scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue,
                    parentId: request.roundId.nonEmpty,
                    ids: request.ids.nonEmpty
                ),
                pageRequest
            )
            return ListRecommendationsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// Reads one grant decision; the public only where the transparency page is on (ALLOC-R23).
    public func getGrantDecision(_ request: GetGrantDecisionRequest, as caller: Caller) async throws -> GrantDecision {
        try await runner.read { store in
            let decision = try await store.require(GrantDecision.self, id: request.id, what: "grant decision")
            if (try? Self.requireMoneyReader(caller)) == nil {
                let config = try await moneyPolicy(store, decision.governorOfficeId, decision.year, decision.scheme)
                guard caller.has(.public), TransparencyRule.mayPublish(decision, config: config) else {
                    throw DomainError.notPermitted("this embete does not publish its grant decisions")
                }
            }
            return decision
        }
    }

    /// Lists grant decisions; the public sees signed decisions of embeter that publish a transparency page (ALLOC-R23).
    public func listGrantDecisions(
        _ request: ListGrantDecisionsRequest,
        as caller: Caller
    ) async throws -> ListGrantDecisionsResponse {
        let isPublic = (try? Self.requireMoneyReader(caller)) == nil
        if isPublic && !caller.has(.public) {
            throw DomainError.notPermitted("only registered organisations may read allocation data")
        }
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            var filter = StorageFilter(
                statuses: request.statuses.nonEmpty?.map(\.name),
                governorOfficeId: request.governorOfficeId.nonEmpty,
                year: request.year.nonZero,
                scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue,
                ownerId: request.recipientOrgId.nonEmpty,
                parentId: request.recommendationId.nonEmpty,
                ids: request.ids.nonEmpty
            )
            if isPublic {
                guard !request.governorOfficeId.isEmpty, request.year > 0, request.scheme != .unspecified else {
                    throw DomainError.invalidArgument(
                        field: "governor_office_id",
                        "the public list needs an embete, a scheme and a year"
                    )
                }
                let config = try await moneyPolicy(store, request.governorOfficeId, request.year, request.scheme)
                guard TransparencyRule.publishes(config) else {
                    throw DomainError.notPermitted("this embete does not publish its grant decisions")
                }
                filter.statuses = [GrantDecisionStatus.signed.name]
            }
            let page = try await store.page(GrantDecision.self, filter: filter, pageRequest) { decision in
                (request.lineId.isEmpty || decision.lineId == request.lineId)
                    && (request.needsReportId.isEmpty || decision.needsReportIds.contains(request.needsReportId))
            }
            return ListGrantDecisionsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }
}

// MARK: Helpers

/// Preparing, signing and summarising decisions, shared with the appeal context (ALLOC-R17).
extension AllocationContextPart {
    /// Prepared or signed decisions on a line.
    func activeDecisions(
        _ store: StoreTransaction,
        _ recommendationId: String,
        lineId: String
    ) async throws -> [GrantDecision] {
        try await store.list(GrantDecision.self, filter: StorageFilter(parentId: recommendationId)).items.filter {
            $0.lineId == lineId && ($0.status == .prepared || $0.status == .signed)
        }
    }

    static func makeDecision(
        _ input: GrantDecisionInput,
        line: RecommendationLine,
        recommendation: Recommendation,
        preparedBy: String,
        now: Int64,
        _ configure: (inout GrantDecision) -> Void = { _ in }
    ) -> GrantDecision {
        let split = Money.split(totalOre: input.approvedAmountOre, firstBp: line.ownerShareBp)
        var decision = GrantDecision.with {
            $0.id = makeEntityId()
            $0.createdAt = now
            $0.updatedAt = now
            $0.lineId = line.id
            $0.recommendationId = recommendation.id
            $0.roundId = recommendation.roundId
            $0.governorOfficeId = recommendation.governorOfficeId
            $0.scheme = recommendation.scheme
            $0.year = recommendation.year
            $0.recipientOrgId = line.recipientOrgId
            $0.needsReportIds = line.needsReportIds
            $0.outcome = input.outcome
            $0.approvedAmountOre = input.approvedAmountOre
            $0.reason = input.reason
            $0.reasonText = input.reasonText
            $0.preparedBy = preparedBy
            $0.status = .prepared
            $0.deviatesFromRequest = line.deviatesFromRequest || input.outcome != .approved
            $0.ownerAmountOre = split.first
            $0.uhAmountOre = split.last
        }
        configure(&decision)
        return decision
    }

    static func summary(_ decision: GrantDecision) -> DecisionSummary {
        DecisionSummary.with {
            $0.grantDecisionId = decision.id
            $0.recommendationLineId = decision.lineId
            $0.needsReportIds = decision.needsReportIds
            $0.recipientOrgId = decision.recipientOrgId
            $0.outcome = decision.outcome
            $0.approvedAmountOre = decision.approvedAmountOre
            $0.deviatesFromRequest = decision.deviatesFromRequest
            $0.ownerAmountOre = decision.ownerAmountOre
            $0.uhAmountOre = decision.uhAmountOre
            $0.decidedAt = decision.decidedAt
        }
    }

    /// ALLOC-R2 for signing `decision` (replacing the decision it supersedes, if any).
    func frameFindings(_ store: StoreTransaction, adding decision: GrantDecision) async throws -> Findings {
        let frame = try await publishedFrameOre(store, decision.governorOfficeId, decision.scheme, decision.year)
        let excluded: Set<String> = decision.supersedesDecisionId.isEmpty ? [] : [decision.supersedesDecisionId]
        let totals = try await decidedTotals(
            store,
            decision.governorOfficeId,
            decision.scheme,
            decision.year,
            excludingDecisionIds: excluded
        )
        return DecisionsWithinFrameRule.check(
            frameOre: frame,
            approvedOre: totals.approvedOre,
            confirmedMultiYearOre: totals.confirmedOre,
            addedOre: decision.approvedAmountOre,
            field: "approved_amount_ore"
        )
    }

    /// Marks a decision signed, supersedes its predecessor, books it on grants and emits GrantDecided.
    func sign(
        _ prepared: GrantDecision,
        line: RecommendationLine,
        signedBy: String,
        scope: CommandScope
    ) async throws
        -> GrantDecision
    {
        var decision = prepared
        var reuse: [String: String] = [:]
        if !decision.supersedesDecisionId.isEmpty,
            var old = try await scope.store.get(GrantDecision.self, id: decision.supersedesDecisionId),
            old.status == .signed
        {
            reuse = try await removeFromGrants(old, scope: scope)
            old.status = .superseded
            old.supersededByDecisionId = decision.id
            old.updatedAt = scope.nowMillis
            _ = try await scope.save(
                old,
                role: scope.caller.auditRole([.sfDecisionMaker, .udirAdmin]),
                before: GrantDecisionStatus.signed.name,
                after: GrantDecisionStatus.superseded.name
            )
        }
        decision.status = .signed
        decision.signedBy = signedBy
        decision.decidedAt = scope.nowMillis
        decision.updatedAt = scope.nowMillis
        decision.grantIds = try await bookOnGrants(decision, line: line, reuse: reuse, scope: scope)
        // A grant left with nothing after a correction is cancelled.
        for id in Set(reuse.values).subtracting(decision.grantIds) {
            if var emptied = try await scope.store.get(Grant.self, id: id), emptied.amountOre == 0 {
                let before = emptied.status.name
                emptied.status = .cancelled
                emptied.cancelReason = "the decision was corrected to grant nothing"
                emptied.updatedAt = scope.nowMillis
                _ = try await scope.save(
                    emptied,
                    role: scope.caller.auditRole([.sfDecisionMaker, .udirAdmin]),
                    before: before,
                    after: GrantStatus.cancelled.name,
                    reason: emptied.cancelReason
                )
            }
        }
        let saved: GrantDecision
        if try await scope.store.get(GrantDecision.self, id: decision.id) == nil {
            saved = try await scope.create(
                decision,
                role: scope.caller.auditRole([.sfDecisionMaker, .udirAdmin]),
                state: GrantDecisionStatus.signed.name
            )
        } else {
            saved = try await scope.save(
                decision,
                role: scope.caller.auditRole([.sfDecisionMaker, .udirAdmin]),
                before: GrantDecisionStatus.prepared.name,
                after: GrantDecisionStatus.signed.name
            )
        }
        try await Self.emit(scope, .grantDecided, aggregateId: saved.id) {
            $0.governorOfficeId = saved.governorOfficeId
            $0.scheme = saved.scheme
            $0.year = saved.year
            $0.roundId = saved.roundId
            $0.recommendationId = saved.recommendationId
            $0.recommendationLineId = saved.lineId
            $0.needsReportIds = saved.needsReportIds
            $0.recipientOrgId = saved.recipientOrgId
            $0.uhRecipientOrgId = line.uhRecipientOrgId
            $0.amountOre = saved.approvedAmountOre
            $0.grantId = saved.grantIds.first ?? ""
            $0.appealId = saved.appealId
            $0.decisions = [Self.summary(saved)]
        }
        return saved
    }
}
