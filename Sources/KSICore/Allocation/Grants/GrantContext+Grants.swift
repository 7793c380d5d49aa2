/// Grants after the decision: commitment letter, acceptance (ALLOC-R12), disbursement (ALLOC-R15), reporting,
/// closing and cancellation; co-financing pledges and disbursements.
extension GrantContext {
    /// decided → committed; sfCaseworker issues the commitment letter; emits GrantCommitted.
    public func issueCommitmentLetter(_ request: IssueCommitmentLetterRequest, as caller: Caller) async throws -> Grant
    {
        try await runner.run(AllocationServiceRPC.issueCommitmentLetter, request: request, caller: caller) { scope in
            var grant = try await scope.load(
                Grant.self,
                id: request.grantId,
                expectedVersion: request.expectedVersion,
                what: "grant",
                field: "grant_id"
            )
            let next = try GrantStateMachine.apply(.issueCommitmentLetter, to: grant, by: caller)
            guard !request.commitmentLetterRef.allocationTrimmed.isEmpty else {
                throw DomainError.invalidArgument(
                    field: "commitment_letter_ref",
                    "the commitment letter must be referenced"
                )
            }
            let config = try await moneyPolicy(scope.store, grant.governorOfficeId, grant.year, grant.scheme)
            grant.commitmentLetterRef = request.commitmentLetterRef
            grant.reportDueOn =
                request.reportDueOn ?? config.governor.reportDeadline
                ?? LocalDate(year: grant.year + 1, month: 1, day: 31)
            grant.status = next
            grant.committedAt = scope.nowMillis
            grant.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                grant,
                role: .sfCaseworker,
                before: GrantStatus.decided.name,
                after: next.name
            )
            var lines: [CommittedLine] = []
            for amount in saved.lineAmounts {
                guard let decision = try await scope.store.get(GrantDecision.self, id: amount.grantDecisionId),
                    let recommendation = try await scope.store.get(Recommendation.self, id: decision.recommendationId),
                    let line = recommendation.lines.first(where: { $0.id == amount.recommendationLineId })
                else { continue }
                lines.append(
                    CommittedLine.with {
                        $0.recommendationLineId = line.id
                        $0.partnershipId = line.partnershipId
                        $0.needsReportIds = line.needsReportIds
                        $0.proposedMeasureIds = line.proposedMeasureIds
                        $0.ownerShareBp = line.ownerShareBp
                        $0.uhShareBp = line.uhShareBp
                        $0.ownerAmountOre = decision.ownerAmountOre
                        $0.uhAmountOre = decision.uhAmountOre
                        $0.years = line.years
                        $0.proposedMeasures = line.proposedMeasures
                        if saved.recipientType == .owner {
                            $0.coFinancingRequiredOre = CoFinancingRule.requiredOre(
                                ownerGrantOre: amount.amountOre,
                                totalGrantOre: decision.approvedAmountOre,
                                bp: config.schemeYear.coFinancingBp,
                                base: config.schemeYear.coFinancingBase
                            )
                        }
                    }
                )
            }
            try await Self.emit(scope, .grantCommitted, aggregateId: saved.id) {
                $0.governorOfficeId = saved.governorOfficeId
                $0.scheme = saved.scheme
                $0.year = saved.year
                $0.grantId = saved.id
                $0.recipientOrgId = saved.recipientOrgId
                $0.amountOre = saved.amountOre
                $0.committedLines = lines
            }
            return saved
        }
    }

    /// committed → accepted; the recipient's ownerAdmin or uhContact (ALLOC-R12 co-financing pledged).
    public func acceptGrant(_ request: AcceptGrantRequest, as caller: Caller) async throws -> Grant {
        try await runner.run(AllocationServiceRPC.acceptGrant, request: request, caller: caller) { scope in
            var grant = try await scope.load(
                Grant.self,
                id: request.grantId,
                expectedVersion: request.expectedVersion,
                what: "grant",
                field: "grant_id"
            )
            let next = try GrantStateMachine.apply(.accept, to: grant, by: caller)
            let pledge =
                grant.coFinancingPledgeId.isEmpty
                ? nil : try await scope.store.get(CoFinancingPledge.self, id: grant.coFinancingPledgeId)
            try CoFinancingRule.checkAcceptance(pledge).throwIfViolated()
            grant.status = next
            grant.acceptedAt = scope.nowMillis
            grant.updatedAt = scope.nowMillis
            return try await scope.save(
                grant,
                role: caller.auditRole([.ownerAdmin, .uhContact]),
                before: GrantStatus.committed.name,
                after: next.name
            )
        }
    }

    /// accepted | disbursed → disbursed, repeatable; sfCaseworker (ALLOC-R15; COM-R2); emits DisbursementMade.
    public func disburse(_ request: DisburseRequest, as caller: Caller) async throws -> DisburseResponse {
        try await runner.run(AllocationServiceRPC.disburse, request: request, caller: caller) { scope in
            var grant = try await scope.load(
                Grant.self,
                id: request.grantId,
                expectedVersion: request.expectedVersion,
                what: "grant",
                field: "grant_id"
            )
            let before = grant.status.name
            let next = try GrantStateMachine.apply(.disburse, to: grant, by: caller)
            var findings = Findings()
            WholeKronerRule.check(request.amountOre, field: "amount_ore", into: &findings)
            if request.amountOre <= 0 {
                findings.reject(WholeKronerRule.id, field: "amount_ore", "a disbursement must be above zero")
            }
            if let after = findings.sum([grant.disbursedOre, request.amountOre], field: "amount_ore"),
                after > grant.amountOre
            {
                findings.reject(
                    DecisionsWithinFrameRule.id,
                    field: "amount_ore",
                    "disbursements cannot exceed the granted \(grant.amountOre) øre; \(grant.disbursedOre) øre is already paid"
                )
            }
            let config = try await moneyPolicy(scope.store, grant.governorOfficeId, grant.year, grant.scheme)
            let recipientGrants = try await scope.store.list(
                Grant.self,
                filter: StorageFilter(ownerId: grant.recipientOrgId)
            ).items
            findings.merge(
                OverdueReportBlocksDisbursementRule.check(
                    recipientGrants: recipientGrants,
                    today: scope.today,
                    kind: config.kind(of: OverdueReportBlocksDisbursementRule.id, default: .hard)
                )
            )
            let warnings = try findings.throwIfViolated()
            let disbursement = Disbursement.with {
                $0.id = Self.makeEntityId()
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
                $0.grantId = grant.id
                $0.recipientOrgId = grant.recipientOrgId
                $0.amountOre = request.amountOre
                $0.paidOn = request.paidOn ?? scope.today
                $0.paymentReference = request.paymentReference
            }
            let storedDisbursement = try await scope.create(disbursement, role: .sfCaseworker, state: nil)
            grant.status = next
            grant.disbursedOre = try Money.add(grant.disbursedOre, request.amountOre, field: "amount_ore")
            grant.warnings.removeAll { $0.ruleId == OverdueReportBlocksDisbursementRule.id.value }
            grant.warnings += warnings
            grant.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                grant,
                role: .sfCaseworker,
                before: before,
                after: next.name,
                reason: "disbursed \(request.amountOre) øre"
            )
            try await Self.emit(scope, .disbursementMade, aggregateId: storedDisbursement.id) {
                $0.governorOfficeId = saved.governorOfficeId
                $0.scheme = saved.scheme
                $0.year = saved.year
                $0.grantId = saved.id
                $0.recipientOrgId = saved.recipientOrgId
                $0.amountOre = storedDisbursement.amountOre
                $0.disbursementId = storedDisbursement.id
            }
            return DisburseResponse.with {
                $0.grant = saved
                $0.disbursement = storedDisbursement
            }
        }
    }

    /// disbursed → reportDue when the report date is reached; system (PART-R13); emits GrantReportDue.
    public func markGrantReportDue(_ request: MarkGrantReportDueRequest, as caller: Caller) async throws -> Grant {
        try await runner.run(AllocationServiceRPC.markGrantReportDue, request: request, caller: caller) { scope in
            var grant = try await scope.load(
                Grant.self,
                id: request.grantId,
                expectedVersion: request.expectedVersion,
                what: "grant",
                field: "grant_id"
            )
            let next = try GrantStateMachine.apply(.markReportDue, to: grant, by: caller)
            if let due = grant.reportDueOn, scope.today < due {
                throw DomainError.illegalTransition(
                    "the report is due on \(due); the grant cannot be marked as report due before then"
                )
            }
            grant.status = next
            grant.updatedAt = scope.nowMillis
            let saved = try await scope.save(grant, role: .system, before: GrantStatus.disbursed.name, after: next.name)
            // Issue 13: the recipient hears that the report is due (the scheduler drives this command).
            try await Self.emit(scope, .grantReportDue, aggregateId: saved.id) {
                Self.describe(saved, due: saved.reportDueOn, in: &$0)
            }
            return saved
        }
    }

    /// Event PartnershipReportSubmitted: reportDue (or disbursed) → reported (PART-R13).
    public func applyPartnershipReportSubmitted(
        _ request: ApplyPartnershipReportSubmittedRequest,
        as caller: Caller
    ) async throws -> Grant {
        try await runner.run(AllocationServiceRPC.applyPartnershipReportSubmitted, request: request, caller: caller) {
            scope in
            var grant = try await scope.load(
                Grant.self,
                id: request.grantId,
                expectedVersion: request.expectedVersion,
                what: "grant",
                field: "grant_id",
                versions: .zeroIsUnconditional
            )
            let before = grant.status.name
            try Self.requireReportYear(request.reportYear, of: grant)
            let next = try GrantStateMachine.apply(.applyReportSubmitted, to: grant, by: caller)
            grant.status = next
            // The report has arrived: the scheduler's "late report" warning no longer holds (ALLOC-R15).
            grant.warnings.removeAll { Self.isLateReportWarning($0) }
            grant.updatedAt = scope.nowMillis
            return try await scope.save(
                grant,
                role: .system,
                before: before,
                after: next.name,
                reason:
                    "partnership report \(request.partnershipReportId) submitted (event \(request.sourceEventSequence))"
            )
        }
    }

    /// Event PartnershipReportAccepted: records the accepted report, a precondition for CloseGrant.
    public func applyPartnershipReportAccepted(
        _ request: ApplyPartnershipReportAcceptedRequest,
        as caller: Caller
    ) async throws -> Grant {
        try await runner.run(AllocationServiceRPC.applyPartnershipReportAccepted, request: request, caller: caller) {
            scope in
            var grant = try await scope.load(
                Grant.self,
                id: request.grantId,
                expectedVersion: request.expectedVersion,
                what: "grant",
                field: "grant_id",
                versions: .zeroIsUnconditional
            )
            try Self.requireReportYear(request.reportYear, of: grant)
            _ = try GrantStateMachine.apply(.applyReportAccepted, to: grant, by: caller)
            guard !request.partnershipReportId.isEmpty else {
                throw DomainError.invalidArgument(field: "partnership_report_id", "the accepted report must be named")
            }
            if !grant.partnershipReportIds.contains(request.partnershipReportId) {
                grant.partnershipReportIds.append(request.partnershipReportId)
            }
            grant.updatedAt = scope.nowMillis
            return try await scope.save(
                grant,
                role: .system,
                before: grant.status.name,
                after: grant.status.name,
                reason: "partnership report \(request.partnershipReportId) accepted"
            )
        }
    }

    /// A partnership report for year Y reports on, and may close, only a grant of year Y (PART-R13, ALLOC-R15).
    static func requireReportYear(_ reportYear: Int32, of grant: Grant) throws(DomainError) {
        guard reportYear != 0, reportYear != grant.year else { return }
        throw Findings.rejection(
            ReportCompletenessRule.id,
            field: "report_year",
            "the partnership report covers \(reportYear); grant \(grant.id) is for \(grant.year) and needs that year's report"
        )
    }

    /// reported → closed; sfCaseworker; the report is accepted and no reclaim is open.
    public func closeGrant(_ request: CloseGrantRequest, as caller: Caller) async throws -> Grant {
        try await runner.run(AllocationServiceRPC.closeGrant, request: request, caller: caller) { scope in
            var grant = try await scope.load(
                Grant.self,
                id: request.grantId,
                expectedVersion: request.expectedVersion,
                what: "grant",
                field: "grant_id"
            )
            let next = try GrantStateMachine.apply(.close, to: grant, by: caller)
            guard !grant.partnershipReportIds.isEmpty else {
                throw DomainError.illegalTransition("a grant can be closed only after its report is accepted")
            }
            let open = try await scope.store.list(
                ReclaimCase.self,
                filter: StorageFilter(
                    statuses: [ReclaimCaseStatus.open.name, ReclaimCaseStatus.decided.name],
                    parentId: grant.id
                )
            )
            guard open.items.isEmpty else {
                throw DomainError.illegalTransition("a grant with an open reclaim cannot be closed")
            }
            grant.status = next
            grant.closedAt = scope.nowMillis
            grant.updatedAt = scope.nowMillis
            return try await scope.save(grant, role: .sfCaseworker, before: GrantStatus.reported.name, after: next.name)
        }
    }

    /// decided | committed → cancelled; sfDecisionMaker, with a reason; indicative later years are cancelled too.
    public func cancelGrant(_ request: CancelGrantRequest, as caller: Caller) async throws -> Grant {
        try await runner.run(AllocationServiceRPC.cancelGrant, request: request, caller: caller) { scope in
            var grant = try await scope.load(
                Grant.self,
                id: request.grantId,
                expectedVersion: request.expectedVersion,
                what: "grant",
                field: "grant_id"
            )
            let before = grant.status.name
            let next = try GrantStateMachine.apply(.cancel, to: grant, by: caller)
            guard !request.reason.allocationTrimmed.isEmpty else {
                throw DomainError.invalidArgument(field: "reason", "a cancelled grant needs a reason")
            }
            for var commitment in try await scope.store.list(
                MultiYearCommitment.self,
                filter: StorageFilter(status: MultiYearCommitmentStatus.indicative.name, parentId: grant.id)
            ).items {
                commitment.status = .cancelled
                commitment.reason = request.reason
                commitment.updatedAt = scope.nowMillis
                _ = try await scope.save(
                    commitment,
                    role: .sfDecisionMaker,
                    before: MultiYearCommitmentStatus.indicative.name,
                    after: MultiYearCommitmentStatus.cancelled.name,
                    reason: request.reason
                )
            }
            grant.status = next
            grant.cancelReason = request.reason
            grant.updatedAt = scope.nowMillis
            return try await scope.save(
                grant,
                role: .sfDecisionMaker,
                before: before,
                after: next.name,
                reason: request.reason
            )
        }
    }

    /// Records the owner's pledged co-financing; the owner's ownerAdmin, before acceptance (ALLOC-R12).
    public func recordCoFinancingPledge(
        _ request: RecordCoFinancingPledgeRequest,
        as caller: Caller
    ) async throws -> CoFinancingPledge {
        try await runner.run(AllocationServiceRPC.recordCoFinancingPledge, request: request, caller: caller) { scope in
            var pledge = try await scope.load(
                CoFinancingPledge.self,
                id: request.coFinancingPledgeId,
                expectedVersion: request.expectedVersion,
                what: "co-financing pledge"
            )
            try caller.require(.ownerAdmin, scope: pledge.ownerId, toDo: "pledge co-financing")
            let grant = try await scope.store.require(Grant.self, id: pledge.grantId, what: "grant")
            guard grant.status == .decided || grant.status == .committed else {
                throw DomainError.illegalTransition(
                    "co-financing is pledged before the grant is accepted; this grant is \(grant.status.name)"
                )
            }
            var findings = Findings()
            WholeKronerRule.check(request.pledgedOre, field: "pledged_ore", into: &findings)
            try findings.throwIfViolated()
            pledge.pledgedOre = request.pledgedOre
            pledge.pledgedAt = scope.nowMillis
            pledge.updatedAt = scope.nowMillis
            return try await scope.save(
                pledge,
                role: .ownerAdmin,
                before: nil,
                after: nil,
                reason: "pledged \(request.pledgedOre) øre"
            )
        }
    }

    /// Records the co-financing documented in the report; the owner or the statsforvalter (ALLOC-R12 shortfall WARN).
    public func recordCoFinancingDocumented(
        _ request: RecordCoFinancingDocumentedRequest,
        as caller: Caller
    ) async throws
        -> CoFinancingPledge
    {
        try await runner.run(AllocationServiceRPC.recordCoFinancingDocumented, request: request, caller: caller) {
            scope in
            var pledge = try await scope.load(
                CoFinancingPledge.self,
                id: request.coFinancingPledgeId,
                expectedVersion: request.expectedVersion,
                what: "co-financing pledge"
            )
            let grant = try await scope.store.require(Grant.self, id: pledge.grantId, what: "grant")
            guard
                caller.has(.ownerAdmin, scope: pledge.ownerId)
                    || caller.has(.sfCaseworker, scope: grant.governorOfficeId)
            else {
                throw DomainError.notPermitted(
                    "only the owner or the statsforvalter may record documented co-financing"
                )
            }
            var findings = Findings()
            WholeKronerRule.check(request.documentedOre, field: "documented_ore", into: &findings)
            try findings.throwIfViolated()
            pledge.documentedOre = request.documentedOre
            pledge.documentedAt = scope.nowMillis
            pledge.warnings = CoFinancingRule.checkDocumented(pledge).warnings
            pledge.updatedAt = scope.nowMillis
            return try await scope.save(
                pledge,
                role: caller.auditRole([.ownerAdmin, .sfCaseworker]),
                before: nil,
                after: nil,
                reason: "documented \(request.documentedOre) øre"
            )
        }
    }
}
