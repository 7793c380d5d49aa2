/// Reclaim proposals the system opens from PartnershipService's events (issue 13): a termination with
/// remaining funds (PART-R5) and an abort found without notice (PART-R6, `MeasureAborted{notifiedInTime:
/// false}`) each open a reclaim case in its initial state (`open`: the recipient may comment, then the
/// statsforvalter decides, ALLOC-R16) on the grants concerned, and emit `ReclaimProposed` so the
/// statsforvalter hears of it. A notified abort opens none.
extension GrantContext {
    /// Opens the reclaim proposals `event` calls for; idempotent by `requestId` (the relay derives it from
    /// the event's sequence, so a replay or an operator's retry opens no second case). Grants with nothing
    /// disbursed to reclaim get none; a grant that cannot take a reclaim now (e.g. one already open) refuses,
    /// and the event becomes a dead letter the operator retries when the first reclaim is settled.
    public func proposeReclaims(
        from event: PartnershipEvent,
        requestId: String,
        as caller: Caller
    ) async throws -> ListReclaimCasesResponse {
        guard let trigger = ReclaimProposalRule.trigger(of: event) else { return ListReclaimCasesResponse() }
        return try await runner.run(AllocationSystemCommand.proposeReclaims, systemRequestId: requestId, caller: caller)
        { scope in
            var grants: [Grant] = []
            for grantId in event.grantIds {
                grants.append(try await scope.store.require(Grant.self, id: grantId, what: "grant"))
            }
            var response = ListReclaimCasesResponse()
            for proposal in ReclaimProposalRule.proposals(for: event, trigger: trigger, grants: grants) {
                let reason =
                    trigger == .unspentFunds
                    ? "partnership \(event.partnershipId) terminated with \(event.remainingFundsOre) øre remaining (PART-R5)"
                    : "measure \(event.measureId) aborted without notice (PART-R6)"
                let opened = try await openReclaimCase(
                    scope,
                    grant: proposal.grant,
                    trigger: trigger,
                    measureId: event.measureId,
                    documentedEligibleSpendOre: Money.saturatingSubtract(
                        proposal.grant.disbursedOre,
                        proposal.amountOre
                    ),
                    reasonText: reason,
                    role: .system
                )
                try await Self.emit(scope, .reclaimProposed, aggregateId: opened.id) {
                    $0.governorOfficeId = proposal.grant.governorOfficeId
                    $0.scheme = proposal.grant.scheme
                    $0.year = proposal.grant.year
                    $0.grantId = proposal.grant.id
                    $0.recipientOrgId = proposal.grant.recipientOrgId
                    $0.amountOre = opened.amountOre
                    $0.reclaimCaseId = opened.id
                    $0.reclaimTrigger = trigger
                }
                response.items.append(opened)
            }
            return response
        }
    }

    /// disbursed | reported → reclaimOpen, with a new `open` reclaim case of ALLOC-R16's amount
    /// (disbursed − documented eligible spend) and its 21-day comment period. Shared by `OpenReclaim` and
    /// the proposals above.
    func openReclaimCase(
        _ scope: CommandScope,
        grant: Grant,
        trigger: ReclaimTrigger,
        measureId: String,
        documentedEligibleSpendOre: Int64,
        reasonText: String,
        role: Role
    ) async throws -> ReclaimCase {
        var grant = grant
        let before = grant.status
        let next = try GrantStateMachine.apply(.openReclaim, to: grant, by: scope.caller)
        let reclaim = ReclaimCase.with {
            $0.id = Self.makeEntityId()
            $0.createdAt = scope.nowMillis
            $0.updatedAt = scope.nowMillis
            $0.grantId = grant.id
            $0.recipientOrgId = grant.recipientOrgId
            $0.trigger = trigger
            $0.measureId = measureId
            $0.disbursedOre = grant.disbursedOre
            $0.documentedEligibleSpendOre = documentedEligibleSpendOre
            $0.amountOre = ReclaimAmountRule.amount(
                disbursedOre: grant.disbursedOre,
                documentedEligibleSpendOre: documentedEligibleSpendOre
            )
            $0.commentDueOn = scope.today.adding(days: ReclaimAmountRule.commentDays)
            $0.reasonText = reasonText
            $0.status = .open
        }
        let stored = try await scope.create(reclaim, role: role, state: ReclaimCaseStatus.open.name)
        grant.resumeStatus = before
        grant.status = next
        grant.updatedAt = scope.nowMillis
        _ = try await scope.save(
            grant,
            role: role,
            before: before.name,
            after: next.name,
            reason: "reclaim \(stored.id) opened"
        )
        return stored
    }
}

/// Which partnership events lead to a reclaim, on which grants, for how much (PART-R5, PART-R6, ALLOC-R16).
enum ReclaimProposalRule {
    struct Proposal {
        var grant: Grant
        var amountOre: Int64
    }

    /// The trigger of a reclaim `event` calls for, or nil: a termination with remaining funds (PART-R5) and
    /// an abort without notice (PART-R6). A notified abort calls for none.
    static func trigger(of event: PartnershipEvent) -> ReclaimTrigger? {
        switch event.eventType {
        case .partnershipTerminated where event.remainingFundsOre > 0: return .unspentFunds
        case .measureAborted where !event.notifiedInTime: return .unannouncedAbort
        default: return nil
        }
    }

    /// The proposals, in the event's grant order; grants with nothing to reclaim get none.
    ///
    /// - Termination: the remaining funds are reclaimed from the partnership's grants in order, each up to
    ///   what it paid out for this partnership (disbursed × the partnership's lines ÷ the grant amount, or
    ///   all it disbursed when no line names a partnership), less what was already reclaimed.
    /// - Abort without notice: on the grant funding the measure's line (`grant_line_id`: a recommendation
    ///   line or a grant id), the disbursed part of that line; nothing spent is documented yet, so ALLOC-R16
    ///   gives it all; the recipient comments and the statsforvalter decides the final amount.
    static func proposals(for event: PartnershipEvent, trigger: ReclaimTrigger, grants: [Grant]) -> [Proposal] {
        var proposals: [Proposal] = []
        switch trigger {
        case .unspentFunds:
            var remaining = event.remainingFundsOre
            for grant in grants where remaining > 0 {
                let partnershipLines = grant.lineAmounts.filter { $0.partnershipId == event.partnershipId }
                let paid =
                    partnershipLines.isEmpty
                    ? grant.disbursedOre
                    : disbursedShare(of: grant, lineAmountOre: Money.saturatingSum(partnershipLines.map(\.amountOre)))
                let open = max(0, Money.saturatingSubtract(paid, grant.reclaimedOre))
                let amount = Money.floorToKroner(min(remaining, open))
                guard amount > 0 else { continue }
                remaining -= amount
                proposals.append(Proposal(grant: grant, amountOre: amount))
            }
        case .unannouncedAbort:
            for grant in grants {
                let amount: Int64
                if grant.id == event.grantLineId || event.grantLineId.isEmpty {
                    amount = Money.floorToKroner(grant.disbursedOre)
                } else if let line = grant.lineAmounts.first(where: { $0.recommendationLineId == event.grantLineId }) {
                    amount = Money.floorToKroner(disbursedShare(of: grant, lineAmountOre: line.amountOre))
                } else {
                    continue
                }
                guard amount > 0 else { continue }
                proposals.append(Proposal(grant: grant, amountOre: amount))
            }
        default:
            break
        }
        return proposals
    }

    /// disbursed × line ÷ grant amount (rounded down).
    static func disbursedShare(of grant: Grant, lineAmountOre: Int64) -> Int64 {
        guard grant.amountOre > 0 else { return 0 }
        return min(grant.disbursedOre, Money.multiplyDivide(grant.disbursedOre, lineAmountOre, grant.amountOre))
    }
}
