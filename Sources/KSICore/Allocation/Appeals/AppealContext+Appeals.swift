/// Appeals against grant decisions (ALLOC-R17): lodged → underReconsideration → resolvedByGovernor |
/// forwardedToAppealBody → decided → closed. Affected grants wait in `appealed` until the appeal is decided.
extension AppealContext {
    /// → lodged; the appellant's ownerAdmin (or uhContact); decided | committed grants → appealed (ALLOC-R17 deadline).
    public func lodgeAppeal(_ request: LodgeAppealRequest, as caller: Caller) async throws -> Appeal {
        try await runner.run(AllocationServiceRPC.lodgeAppeal, request: request, caller: caller) { scope in
            try caller.require(.ownerAdmin, .uhContact, scope: request.appellantOrgId, toDo: "lodge an appeal")
            guard !request.decisionIds.isEmpty else {
                throw DomainError.invalidArgument(field: "decision_ids", "an appeal names the decisions it is against")
            }
            guard !request.grounds.allocationTrimmed.isEmpty else {
                throw DomainError.invalidArgument(field: "grounds", "an appeal states its grounds")
            }
            var decisions: [GrantDecision] = []
            for id in request.decisionIds.allocationUniqued() {
                let decision = try await scope.store.require(GrantDecision.self, id: id, what: "grant decision")
                guard decision.status == .signed else {
                    throw DomainError.illegalTransition(
                        "only a signed decision in force can be appealed; this one is \(decision.status.name)"
                    )
                }
                guard decision.recipientOrgId == request.appellantOrgId else {
                    throw DomainError.notPermitted("only the applicant or recipient of a decision may appeal it")
                }
                decisions.append(decision)
            }
            let first = decisions[0]
            guard decisions.allSatisfy({ $0.governorOfficeId == first.governorOfficeId }) else {
                throw DomainError.invalidArgument(field: "decision_ids", "one appeal covers decisions of one embete")
            }
            let config = try await moneyPolicy(scope.store, first.governorOfficeId, first.year, first.scheme)
            let earliest = decisions.map(\.decidedAt).min() ?? scope.nowMillis
            let deadline = AppealDeadlineRule.deadline(
                decidedOn: OsloCalendar.localDate(atMillis: earliest),
                config: config
            )
            let lodgedOn = request.lodgedOn ?? scope.today
            try AppealDeadlineRule.check(lodgedOn: lodgedOn, deadline: deadline, config: config).throwIfViolated()
            let appeal = Appeal.with {
                $0.id = Self.makeEntityId()
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
                $0.decisionIds = decisions.map(\.id)
                $0.appellantOrgId = request.appellantOrgId
                $0.lodgedOn = lodgedOn
                $0.status = .lodged
                $0.governorOfficeId = first.governorOfficeId
                $0.grounds = request.grounds
                $0.deadlineOn = deadline
                $0.appealBody = config.governor.appealBody == .unspecified ? .directorate : config.governor.appealBody
            }
            let role = caller.auditRole([.ownerAdmin, .uhContact])
            let stored = try await scope.create(appeal, role: role, state: AppealStatus.lodged.name)
            for grantId in Set(decisions.flatMap(\.grantIds)) {
                guard var grant = try await scope.store.get(Grant.self, id: grantId),
                    grant.recipientOrgId == request.appellantOrgId,
                    grant.status == .decided || grant.status == .committed
                else { continue }
                let before = grant.status
                grant.status = try GrantStateMachine.apply(.lodgeAppeal, to: grant, by: caller)
                grant.resumeStatus = before
                grant.updatedAt = scope.nowMillis
                _ = try await scope.save(
                    grant,
                    role: role,
                    before: before.name,
                    after: GrantStatus.appealed.name,
                    reason: "appeal \(stored.id)"
                )
            }
            return stored
        }
    }

    /// lodged → underReconsideration; sfCaseworker (ALLOC-R17: the statsforvalter reconsiders first).
    public func startReconsideration(_ request: StartReconsiderationRequest, as caller: Caller) async throws -> Appeal {
        try await runner.run(AllocationServiceRPC.startReconsideration, request: request, caller: caller) { scope in
            var appeal = try await scope.load(
                Appeal.self,
                id: request.appealId,
                expectedVersion: request.expectedVersion,
                what: "appeal",
                field: "appeal_id"
            )
            let next = try AppealStateMachine.apply(.startReconsideration, to: appeal, by: caller)
            appeal.status = next
            appeal.reconsiderationStartedAt = scope.nowMillis
            appeal.updatedAt = scope.nowMillis
            return try await scope.save(appeal, role: .sfCaseworker, before: AppealStatus.lodged.name, after: next.name)
        }
    }

    /// underReconsideration → resolvedByGovernor; sfDecisionMaker (ALLOC-R17).
    public func resolveAppealByGovernor(
        _ request: ResolveAppealByGovernorRequest,
        as caller: Caller
    ) async throws -> Appeal {
        try await runner.run(AllocationServiceRPC.resolveAppealByGovernor, request: request, caller: caller) { scope in
            var appeal = try await scope.load(
                Appeal.self,
                id: request.appealId,
                expectedVersion: request.expectedVersion,
                what: "appeal",
                field: "appeal_id"
            )
            let next = try AppealStateMachine.apply(.resolveByGovernor, to: appeal, by: caller)
            appeal.status = next
            appeal.reconsiderationNote = request.note
            appeal.resolvedAt = scope.nowMillis
            appeal.updatedAt = scope.nowMillis
            return try await scope.save(
                appeal,
                role: .sfDecisionMaker,
                before: AppealStatus.underReconsideration.name,
                after: next.name
            )
        }
    }

    /// underReconsideration → forwardedToAppealBody (ALLOC-R17 appealBody, default directorate).
    public func forwardAppeal(_ request: ForwardAppealRequest, as caller: Caller) async throws -> Appeal {
        try await runner.run(AllocationServiceRPC.forwardAppeal, request: request, caller: caller) { scope in
            var appeal = try await scope.load(
                Appeal.self,
                id: request.appealId,
                expectedVersion: request.expectedVersion,
                what: "appeal",
                field: "appeal_id"
            )
            let next = try AppealStateMachine.apply(.forward, to: appeal, by: caller)
            if request.appealBody != .unspecified { appeal.appealBody = request.appealBody }
            appeal.status = next
            appeal.reconsiderationNote = request.note.isEmpty ? appeal.reconsiderationNote : request.note
            appeal.forwardedAt = scope.nowMillis
            appeal.updatedAt = scope.nowMillis
            return try await scope.save(
                appeal,
                role: caller.auditRole([.sfCaseworker, .sfDecisionMaker]),
                before: AppealStatus.underReconsideration.name,
                after: next.name
            )
        }
    }

    /// resolvedByGovernor | forwardedToAppealBody → decided; revised decisions become new signed decision versions
    /// (COM-R4); emits AppealDecided; appealed grants return to their previous status.
    public func decideAppeal(_ request: DecideAppealRequest, as caller: Caller) async throws -> Appeal {
        try await runner.run(AllocationServiceRPC.decideAppeal, request: request, caller: caller) { scope in
            var appeal = try await scope.load(
                Appeal.self,
                id: request.appealId,
                expectedVersion: request.expectedVersion,
                what: "appeal",
                field: "appeal_id"
            )
            let before = appeal.status.name
            let next = try AppealStateMachine.apply(.decide, to: appeal, by: caller)
            guard request.outcome != .unspecified else {
                throw DomainError.invalidArgument(field: "outcome", "an appeal is upheld, changed or dismissed")
            }
            if request.outcome == .changed && request.revisedDecisions.isEmpty {
                throw DomainError.invalidArgument(
                    field: "revised_decisions",
                    "a changed outcome lists the revised decisions"
                )
            }
            if request.outcome != .changed && !request.revisedDecisions.isEmpty {
                throw DomainError.invalidArgument(
                    field: "revised_decisions",
                    "only a changed outcome revises decisions"
                )
            }
            let role = caller.auditRole([.sfDecisionMaker, .udirAdmin])
            let person = caller.person ?? caller.orgNumber
            var originals: [GrantDecision] = []
            for id in appeal.decisionIds {
                originals.append(try await scope.store.require(GrantDecision.self, id: id, what: "grant decision"))
            }
            var revised: [GrantDecision] = []
            var touchedGrants = Set(originals.flatMap(\.grantIds))
            for (index, input) in request.revisedDecisions.enumerated() {
                guard let old = originals.first(where: { $0.lineId == input.recommendationLineId }),
                    old.status == .signed
                else {
                    throw DomainError.invalidArgument(
                        field: "revised_decisions[\(index)]",
                        "a revised decision must be for a line whose decision is appealed"
                    )
                }
                var recommendation = try await scope.store.require(
                    Recommendation.self,
                    id: old.recommendationId,
                    what: "recommendation"
                )
                guard let lineIndex = recommendation.lines.firstIndex(where: { $0.id == old.lineId }) else {
                    throw DomainError.notFound("recommendation line", old.lineId)
                }
                let line = recommendation.lines[lineIndex]
                try DecisionReasonRule.check(input, lineAmountOre: line.amountOre).throwIfViolated()
                let prepared = Self.makeDecision(
                    input,
                    line: line,
                    recommendation: recommendation,
                    preparedBy: "appeal:\(appeal.id)",
                    now: scope.nowMillis
                ) {
                    $0.supersedesDecisionId = old.id
                    $0.appealId = appeal.id
                }
                try await frameFindings(scope.store, adding: prepared).throwIfViolated()
                let signed = try await sign(prepared, line: line, signedBy: person, scope: scope)
                touchedGrants.formUnion(signed.grantIds)
                revised.append(signed)
                recommendation.lines[lineIndex].grantDecisionId = signed.id
                recommendation.updatedAt = scope.nowMillis
                _ = try await scope.save(
                    recommendation,
                    role: role,
                    before: recommendation.status.name,
                    after: recommendation.status.name,
                    reason: "appeal \(appeal.id) revised line \(line.id)"
                )
            }
            for grantId in touchedGrants.sorted() {
                guard var grant = try await scope.store.get(Grant.self, id: grantId), grant.status == .appealed else {
                    continue
                }
                _ = try GrantStateMachine.apply(.appealDecided, to: grant, by: caller)
                let resumed = grant.resumeStatus == .unspecified ? GrantStatus.decided : grant.resumeStatus
                grant.status = grant.amountOre == 0 ? .cancelled : resumed
                grant.resumeStatus = .unspecified
                grant.updatedAt = scope.nowMillis
                _ = try await scope.save(
                    grant,
                    role: role,
                    before: GrantStatus.appealed.name,
                    after: grant.status.name,
                    reason: "appeal \(appeal.id) decided"
                )
            }
            appeal.status = next
            appeal.outcome = request.outcome
            appeal.outcomeText = request.outcomeText
            appeal.revisedDecisionIds = revised.map(\.id)
            appeal.decidedAt = scope.nowMillis
            appeal.updatedAt = scope.nowMillis
            let saved = try await scope.save(appeal, role: role, before: before, after: next.name)
            try await Self.emit(scope, .appealDecided, aggregateId: saved.id) {
                $0.governorOfficeId = saved.governorOfficeId
                $0.scheme = originals.first?.scheme ?? .unspecified
                $0.year = originals.first?.year ?? 0
                $0.appealId = saved.id
                $0.recipientOrgId = saved.appellantOrgId
                $0.appealOutcome = saved.outcome
                $0.needsReportIds = Array(Set(originals.flatMap(\.needsReportIds))).sorted()
                $0.decisions = revised.map(Self.summary)
            }
            return saved
        }
    }

    /// decided → closed; sfCaseworker.
    public func closeAppeal(_ request: CloseAppealRequest, as caller: Caller) async throws -> Appeal {
        try await runner.run(AllocationServiceRPC.closeAppeal, request: request, caller: caller) { scope in
            var appeal = try await scope.load(
                Appeal.self,
                id: request.appealId,
                expectedVersion: request.expectedVersion,
                what: "appeal",
                field: "appeal_id"
            )
            let next = try AppealStateMachine.apply(.close, to: appeal, by: caller)
            appeal.status = next
            appeal.closedAt = scope.nowMillis
            appeal.updatedAt = scope.nowMillis
            return try await scope.save(
                appeal,
                role: .sfCaseworker,
                before: AppealStatus.decided.name,
                after: next.name
            )
        }
    }

    /// Reads one appeal.
    public func getAppeal(_ request: GetAppealRequest, as caller: Caller) async throws -> Appeal {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in try await store.require(Appeal.self, id: request.id, what: "appeal") }
    }

    /// Lists appeals.
    public func listAppeals(_ request: ListAppealsRequest, as caller: Caller) async throws -> ListAppealsResponse {
        try Self.requireMoneyReader(caller)
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                Appeal.self,
                filter: StorageFilter(
                    statuses: request.statuses.nonEmpty?.map(\.name),
                    governorOfficeId: request.governorOfficeId.nonEmpty,
                    ownerId: request.appellantOrgId.nonEmpty
                ),
                pageRequest
            )
            return ListAppealsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }
}
