/// Reclaims (ALLOC-R16) and the yearly confirmation of multi-year commitments (ALLOC-R13, ALLOC-R2).
extension GrantContext {
    /// disbursed | reported → reclaimOpen; sfCaseworker or system (ALLOC-R16 amount; 21-day comment period).
    public func openReclaim(_ request: OpenReclaimRequest, as caller: Caller) async throws -> ReclaimCase {
        try await runner.run(AllocationServiceRPC.openReclaim, request: request, caller: caller) { scope in
            let grant = try await scope.load(
                Grant.self,
                id: request.grantId,
                expectedVersion: request.expectedVersion,
                what: "grant",
                field: "grant_id"
            )
            _ = try GrantStateMachine.apply(.openReclaim, to: grant, by: caller)
            guard request.trigger != .unspecified else {
                throw DomainError.invalidArgument(
                    field: "trigger",
                    "a reclaim is triggered by an unannounced abort, unspent funds or a co-financing shortfall"
                )
            }
            var findings = Findings()
            WholeKronerRule.check(
                request.documentedEligibleSpendOre,
                field: "documented_eligible_spend_ore",
                into: &findings
            )
            try findings.throwIfViolated()
            return try await openReclaimCase(
                scope,
                grant: grant,
                trigger: request.trigger,
                measureId: request.measureId,
                documentedEligibleSpendOre: request.documentedEligibleSpendOre,
                reasonText: request.reasonText,
                role: caller.auditRole([.sfCaseworker, .system])
            )
        }
    }

    /// The recipient comments on an open reclaim (ALLOC-R16).
    public func recordReclaimComment(
        _ request: RecordReclaimCommentRequest,
        as caller: Caller
    ) async throws -> ReclaimCase {
        try await runner.run(AllocationServiceRPC.recordReclaimComment, request: request, caller: caller) { scope in
            var reclaim = try await scope.load(
                ReclaimCase.self,
                id: request.reclaimCaseId,
                expectedVersion: request.expectedVersion,
                what: "reclaim case"
            )
            let grant = try await scope.store.require(Grant.self, id: reclaim.grantId, what: "grant")
            _ = try ReclaimCaseStateMachine.apply(
                .comment,
                to: reclaim,
                governorOfficeId: grant.governorOfficeId,
                by: caller
            )
            guard !request.comment.allocationTrimmed.isEmpty else {
                throw DomainError.invalidArgument(field: "comment", "the comment must not be empty")
            }
            reclaim.recipientComment = request.comment
            reclaim.commentedAt = scope.nowMillis
            reclaim.updatedAt = scope.nowMillis
            return try await scope.save(
                reclaim,
                role: caller.auditRole([.ownerAdmin, .uhContact]),
                before: ReclaimCaseStatus.open.name,
                after: ReclaimCaseStatus.open.name
            )
        }
    }

    /// open → decided; sfDecisionMaker (ALLOC-R16 amount cap and comment period); emits ReclaimDecided.
    public func decideReclaim(_ request: DecideReclaimRequest, as caller: Caller) async throws -> ReclaimCase {
        try await runner.run(AllocationServiceRPC.decideReclaim, request: request, caller: caller) { scope in
            var reclaim = try await scope.load(
                ReclaimCase.self,
                id: request.reclaimCaseId,
                expectedVersion: request.expectedVersion,
                what: "reclaim case"
            )
            let grant = try await scope.store.require(Grant.self, id: reclaim.grantId, what: "grant")
            let next = try ReclaimCaseStateMachine.apply(
                .decide,
                to: reclaim,
                governorOfficeId: grant.governorOfficeId,
                by: caller
            )
            try ReclaimAmountRule.checkDecision(reclaim, amountOre: request.amountOre, today: scope.today)
                .throwIfViolated()
            reclaim.amountOre = request.amountOre
            reclaim.reasonText = request.reasonText.isEmpty ? reclaim.reasonText : request.reasonText
            reclaim.status = next
            reclaim.decidedAt = scope.nowMillis
            reclaim.decidedBy = caller.personId
            reclaim.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                reclaim,
                role: .sfDecisionMaker,
                before: ReclaimCaseStatus.open.name,
                after: next.name
            )
            try await Self.emit(scope, .reclaimDecided, aggregateId: saved.id) {
                $0.governorOfficeId = grant.governorOfficeId
                $0.scheme = grant.scheme
                $0.year = grant.year
                $0.grantId = grant.id
                $0.recipientOrgId = grant.recipientOrgId
                $0.amountOre = saved.amountOre
                $0.reclaimCaseId = saved.id
                $0.reclaimTrigger = saved.trigger
            }
            return saved
        }
    }

    /// decided → settled; the grant returns to its previous status; sfCaseworker.
    public func settleReclaim(_ request: SettleReclaimRequest, as caller: Caller) async throws -> ReclaimCase {
        try await runner.run(AllocationServiceRPC.settleReclaim, request: request, caller: caller) { scope in
            var reclaim = try await scope.load(
                ReclaimCase.self,
                id: request.reclaimCaseId,
                expectedVersion: request.expectedVersion,
                what: "reclaim case"
            )
            var grant = try await scope.store.require(Grant.self, id: reclaim.grantId, what: "grant")
            let next = try ReclaimCaseStateMachine.apply(
                .settle,
                to: reclaim,
                governorOfficeId: grant.governorOfficeId,
                by: caller
            )
            var findings = Findings()
            WholeKronerRule.check(request.settledAmountOre, field: "settled_amount_ore", into: &findings)
            try findings.throwIfViolated()
            reclaim.status = next
            reclaim.settledOn = request.settledOn ?? scope.today
            reclaim.settledAmountOre = request.settledAmountOre
            reclaim.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                reclaim,
                role: .sfCaseworker,
                before: ReclaimCaseStatus.decided.name,
                after: next.name
            )
            if grant.status == .reclaimOpen {
                let resumed = grant.resumeStatus == .unspecified ? GrantStatus.disbursed : grant.resumeStatus
                _ = try GrantStateMachine.apply(.settleReclaim, to: grant, by: caller)
                grant.status = resumed
                grant.resumeStatus = .unspecified
                grant.reclaimedOre = try Money.add(
                    grant.reclaimedOre,
                    request.settledAmountOre,
                    field: "settled_amount_ore"
                )
                grant.updatedAt = scope.nowMillis
                _ = try await scope.save(
                    grant,
                    role: .sfCaseworker,
                    before: GrantStatus.reclaimOpen.name,
                    after: resumed.name,
                    reason: "reclaim \(saved.id) settled"
                )
            }
            return saved
        }
    }

    // MARK: Multi-year commitments (ALLOC-R13)

    /// indicative → confirmed by a signed year-Y decision, within Y's frame (ALLOC-R2, ALLOC-R13).
    public func confirmMultiYearCommitment(
        _ request: ConfirmMultiYearCommitmentRequest,
        as caller: Caller
    ) async throws
        -> MultiYearCommitment
    {
        try await runner.run(AllocationServiceRPC.confirmMultiYearCommitment, request: request, caller: caller) {
            scope in
            try await changeCommitment(
                scope,
                id: request.multiYearCommitmentId,
                expectedVersion: request.expectedVersion,
                command: .confirm,
                decisionId: request.grantDecisionId,
                amountOre: nil,
                reason: ""
            )
        }
    }

    /// indicative → reduced by a signed year-Y decision, within Y's frame (ALLOC-R13).
    public func reduceMultiYearCommitment(
        _ request: ReduceMultiYearCommitmentRequest,
        as caller: Caller
    ) async throws
        -> MultiYearCommitment
    {
        try await runner.run(AllocationServiceRPC.reduceMultiYearCommitment, request: request, caller: caller) {
            scope in
            try await changeCommitment(
                scope,
                id: request.multiYearCommitmentId,
                expectedVersion: request.expectedVersion,
                command: .reduce,
                decisionId: request.grantDecisionId,
                amountOre: request.amountOre,
                reason: request.reason
            )
        }
    }

    /// indicative → cancelled by a signed year-Y decision (ALLOC-R13).
    public func cancelMultiYearCommitment(
        _ request: CancelMultiYearCommitmentRequest,
        as caller: Caller
    ) async throws
        -> MultiYearCommitment
    {
        try await runner.run(AllocationServiceRPC.cancelMultiYearCommitment, request: request, caller: caller) {
            scope in
            try await changeCommitment(
                scope,
                id: request.multiYearCommitmentId,
                expectedVersion: request.expectedVersion,
                command: .cancel,
                decisionId: request.grantDecisionId,
                amountOre: nil,
                reason: request.reason
            )
        }
    }

    func changeCommitment(
        _ scope: CommandScope,
        id: String,
        expectedVersion: Int64,
        command: MultiYearCommitmentStateMachine.Command,
        decisionId: String,
        amountOre: Int64?,
        reason: String
    ) async throws -> MultiYearCommitment {
        var commitment = try await scope.load(
            MultiYearCommitment.self,
            id: id,
            expectedVersion: expectedVersion,
            what: "multi-year commitment"
        )
        let grant = try await scope.store.require(Grant.self, id: commitment.grantId, what: "grant")
        let next = try MultiYearCommitmentStateMachine.table.apply(
            command,
            from: commitment.status,
            by: scope.caller,
            governorOfficeId: grant.governorOfficeId
        )
        var findings = Findings()
        let decision = try await scope.store.get(GrantDecision.self, id: decisionId)
        if decision?.status != .signed || decision?.year != commitment.year
            || decision?.governorOfficeId != grant.governorOfficeId
        {
            findings.reject(
                MultiYearLineRule.id,
                field: "grant_decision_id",
                "a later year is changed by a signed decision of the embete for that year (\(commitment.year))"
            )
        }
        var confirmed: Int64 = 0
        switch command {
        case .confirm: confirmed = commitment.amountOre
        case .reduce:
            let amount = amountOre ?? 0
            WholeKronerRule.check(amount, field: "amount_ore", into: &findings)
            if amount <= 0 || amount >= commitment.amountOre {
                findings.reject(
                    MultiYearLineRule.id,
                    field: "amount_ore",
                    "a reduced year is granted more than zero and less than the indicative amount"
                )
            }
            if reason.allocationTrimmed.isEmpty {
                findings.reject(MultiYearLineRule.id, field: "reason", "a reduction needs a reason")
            }
            confirmed = amount
        case .cancel:
            if reason.allocationTrimmed.isEmpty {
                findings.reject(MultiYearLineRule.id, field: "reason", "a cancellation needs a reason")
            }
        }
        if confirmed > 0 {
            let frame = try await publishedFrameOre(scope.store, grant.governorOfficeId, grant.scheme, commitment.year)
            let totals = try await decidedTotals(scope.store, grant.governorOfficeId, grant.scheme, commitment.year)
            findings.merge(
                DecisionsWithinFrameRule.check(
                    frameOre: frame,
                    approvedOre: totals.approvedOre,
                    confirmedMultiYearOre: totals.confirmedOre,
                    addedOre: confirmed,
                    field: "amount_ore"
                )
            )
        }
        try findings.throwIfViolated()
        commitment.status = next
        commitment.confirmedAmountOre = confirmed
        commitment.grantDecisionId = decisionId
        commitment.reason = reason
        commitment.updatedAt = scope.nowMillis
        return try await scope.save(
            commitment,
            role: .sfDecisionMaker,
            before: MultiYearCommitmentStatus.indicative.name,
            after: next.name,
            reason: reason.isEmpty ? nil : reason
        )
    }
}
