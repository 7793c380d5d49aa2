import Foundation

/// Third-party contributions: Statped, SEAD, competence centres and other expertise bought by UH (PART-R2).
public struct ThirdPartyContributionContext: PartnershipContextPart {
    let environment: PartnershipEnvironment

    /// The amounts already committed to third parties from the partnership's UH share (requested or agreed
    /// or delivered, excluding direct-Statped contributions and `excluding`).
    func committedThirdPartyOre(
        _ partnershipId: String,
        excluding id: String,
        store: StoreTransaction
    ) async throws -> Int64 {
        let all = try await store.list(ThirdPartyContribution.self, filter: StorageFilter(parentId: partnershipId))
            .items
        return try Money.sum(
            all.filter { $0.id != id && $0.status != .declined && !$0.requestedByUhId.isEmpty },
            field: "amount_ore"
        ) { $0.amountOre }
    }

    func loadContribution(
        _ scope: CommandScope,
        id: String,
        expectedVersion: Int64
    ) async throws -> (ThirdPartyContribution, Partnership) {
        let contribution = try await scope.load(
            ThirdPartyContribution.self,
            id: id,
            expectedVersion: expectedVersion,
            what: "third-party contribution",
            field: "third_party_contribution_id"
        )
        let partnership = try await scope.store.require(
            Partnership.self,
            id: contribution.partnershipId,
            what: "partnership"
        )
        return (contribution, partnership)
    }

    /// Who may act on a contribution: the requesting UH's contact, the owner for a direct-Statped
    /// contribution, or Statped for Statped and SEAD.
    static func contributionActors(
        _ caller: Caller,
        _ contribution: ThirdPartyContribution,
        _ partnership: Partnership
    ) -> Set<PartnershipActor> {
        var actors: Set<PartnershipActor> = []
        if !contribution.requestedByUhId.isEmpty && caller.has(.uhContact, scope: contribution.requestedByUhId) {
            actors.insert(.uhContact)
        }
        if contribution.requestedByUhId.isEmpty
            && partnership.ownerIds.contains(where: { caller.has(.ownerAdmin, scope: $0) })
        {
            actors.insert(.ownerAdmin)
        }
        if [.statped, .sead].contains(contribution.provider) && caller.hasAny([.statpedManager, .statpedIntake]) {
            actors.insert(.statped)
        }
        return actors.isEmpty ? [.other] : actors
    }

    /// → requested; UH buys expertise paid from its share (PART-R2); emits ThirdPartyContributionRequested.
    public func requestThirdPartyContribution(
        _ request: RequestThirdPartyContributionRequest,
        as caller: Caller
    ) async throws -> ThirdPartyContribution {
        try await runner.run(
            PartnershipServiceRPC.requestThirdPartyContribution,
            request: request,
            caller: caller
        ) { scope in
            let partnership = try await scope.store.require(
                Partnership.self,
                id: request.partnershipId,
                what: "partnership",
                field: "partnership_id"
            )
            let direct = ThirdPartyProviderRule.usesDirectException(
                provider: request.provider,
                requestedByUhId: request.requestedByUhId,
                partnership: partnership
            )
            var actors: Set<PartnershipActor> = []
            if !request.requestedByUhId.isEmpty && caller.has(.uhContact, scope: request.requestedByUhId) {
                actors.insert(.uhContact)
            }
            if direct && partnership.ownerIds.contains(where: { caller.has(.ownerAdmin, scope: $0) }) {
                actors.insert(.ownerAdmin)
            }
            if request.requestedByUhId.isEmpty && !direct
                && PartnershipActor.of(caller, in: partnership).contains(.ownerAdmin)
            {
                // The owner asks without the forum's approval: PART-R2 explains why that is not allowed.
                actors.insert(.ownerAdmin)
            }
            let (to, actor) = try ThirdPartyContributionStateMachine.transition(
                .requestThirdPartyContribution,
                from: .unspecified,
                by: actors.isEmpty ? [.other] : actors
            )
            try Self.requireLive(partnership)
            if !request.measureId.isEmpty {
                let measure = try await scope.store.require(
                    Measure.self,
                    id: request.measureId,
                    what: "measure",
                    field: "measure_id"
                )
                guard measure.partnershipId == partnership.id else {
                    throw DomainError.invalidArgument(field: "measure_id", "the measure belongs to this partnership")
                }
            }
            var findings = Findings()
            if request.amountOre < 0 || !Money.isWholeKroner(request.amountOre) {
                findings.reject(.wholeKroner, field: "amount_ore", "amounts are whole kroner and not negative")
            }
            let committed = try await self.committedThirdPartyOre(partnership.id, excluding: "", store: scope.store)
            findings.merge(
                ThirdPartyProviderRule.checkContribution(
                    provider: request.provider,
                    requestedByUhId: request.requestedByUhId,
                    amountOre: request.amountOre,
                    committedOre: committed,
                    partnership: partnership
                )
            )
            try findings.throwIfViolated()
            let contribution = ThirdPartyContribution.with {
                $0.id = Self.newId()
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
                $0.partnershipId = partnership.id
                $0.measureId = request.measureId
                $0.provider = request.provider
                $0.requestedByUhId = request.requestedByUhId
                $0.amountOre = request.amountOre
                $0.status = to
                $0.description = request.description
            }
            let stored = try await scope.create(contribution, role: actor.auditRole, state: to.name)
            var event = PartnershipEvent(
                PartnershipEventType.thirdPartyContributionRequested,
                partnership: partnership,
                aggregateId: stored.id,
                at: scope.nowMillis
            )
            event.thirdPartyContributionId = stored.id
            event.measureId = stored.measureId
            event.provider = stored.provider
            event.amountOre = stored.amountOre
            try await scope.emitPartnershipEvent(event)
            return stored
        }
    }

    /// requested → agreed, with the agreed amount (paid from the UH share, PART-R2).
    public func agreeThirdPartyContribution(
        _ request: AgreeThirdPartyContributionRequest,
        as caller: Caller
    ) async throws -> ThirdPartyContribution {
        try await runner.run(
            PartnershipServiceRPC.agreeThirdPartyContribution,
            request: request,
            caller: caller
        ) { scope in
            var (contribution, partnership) = try await self.loadContribution(
                scope,
                id: request.thirdPartyContributionId,
                expectedVersion: request.expectedVersion
            )
            let before = contribution.status
            let (to, actor) = try ThirdPartyContributionStateMachine.transition(
                .agreeThirdPartyContribution,
                from: before,
                by: Self.contributionActors(caller, contribution, partnership)
            )
            let amount = request.amountOre == 0 ? contribution.amountOre : request.amountOre
            var findings = Findings()
            if amount < 0 || !Money.isWholeKroner(amount) {
                findings.reject(.wholeKroner, field: "amount_ore", "amounts are whole kroner and not negative")
            }
            let committed = try await self.committedThirdPartyOre(
                partnership.id,
                excluding: contribution.id,
                store: scope.store
            )
            findings.merge(
                ThirdPartyProviderRule.checkContribution(
                    provider: contribution.provider,
                    requestedByUhId: contribution.requestedByUhId,
                    amountOre: amount,
                    committedOre: committed,
                    partnership: partnership
                )
            )
            try findings.throwIfViolated()
            contribution.amountOre = amount
            contribution.status = to
            contribution.agreedAt = scope.nowMillis
            contribution.updatedAt = scope.nowMillis
            return try await scope.save(contribution, role: actor.auditRole, before: before.name, after: to.name)
        }
    }

    /// agreed → delivered.
    public func deliverThirdPartyContribution(
        _ request: DeliverThirdPartyContributionRequest,
        as caller: Caller
    ) async throws -> ThirdPartyContribution {
        try await runner.run(
            PartnershipServiceRPC.deliverThirdPartyContribution,
            request: request,
            caller: caller
        ) { scope in
            var (contribution, partnership) = try await self.loadContribution(
                scope,
                id: request.thirdPartyContributionId,
                expectedVersion: request.expectedVersion
            )
            let before = contribution.status
            let (to, actor) = try ThirdPartyContributionStateMachine.transition(
                .deliverThirdPartyContribution,
                from: before,
                by: Self.contributionActors(caller, contribution, partnership)
            )
            contribution.status = to
            contribution.deliveredAt = scope.nowMillis
            contribution.updatedAt = scope.nowMillis
            return try await scope.save(contribution, role: actor.auditRole, before: before.name, after: to.name)
        }
    }

    /// requested | agreed → declined, with a reason.
    public func declineThirdPartyContribution(
        _ request: DeclineThirdPartyContributionRequest,
        as caller: Caller
    ) async throws -> ThirdPartyContribution {
        try await runner.run(
            PartnershipServiceRPC.declineThirdPartyContribution,
            request: request,
            caller: caller
        ) { scope in
            var (contribution, partnership) = try await self.loadContribution(
                scope,
                id: request.thirdPartyContributionId,
                expectedVersion: request.expectedVersion
            )
            let before = contribution.status
            let (to, actor) = try ThirdPartyContributionStateMachine.transition(
                .declineThirdPartyContribution,
                from: before,
                by: Self.contributionActors(caller, contribution, partnership)
            )
            guard !request.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError.invalidArgument(field: "reason", "a declined contribution states why")
            }
            contribution.status = to
            contribution.declinedReason = request.reason
            contribution.updatedAt = scope.nowMillis
            return try await scope.save(
                contribution,
                role: actor.auditRole,
                before: before.name,
                after: to.name,
                reason: request.reason
            )
        }
    }

    /// Links the ReferralService `system` request that carries the contribution (REF-R15; no child data, PRIV-R11).
    public func linkThirdPartyReferral(
        _ request: LinkThirdPartyReferralRequest,
        as caller: Caller
    ) async throws -> ThirdPartyContribution {
        try await runner.run(PartnershipServiceRPC.linkThirdPartyReferral, request: request, caller: caller) {
            scope in
            var (contribution, partnership) = try await self.loadContribution(
                scope,
                id: request.thirdPartyContributionId,
                expectedVersion: request.expectedVersion
            )
            let actors = Self.contributionActors(caller, contribution, partnership)
            guard let actor = actors.first(where: { $0 != .other }) else {
                throw DomainError.notPermitted("only the requesting side or Statped may link the referral request")
            }
            guard !request.referralSystemRequestId.isEmpty else {
                throw DomainError.invalidArgument(
                    field: "referral_system_request_id",
                    "name the referral system request to link"
                )
            }
            guard [.requested, .agreed, .delivered].contains(contribution.status) else {
                throw DomainError.illegalTransition("a declined contribution cannot be linked to a referral request")
            }
            contribution.referralSystemRequestId = request.referralSystemRequestId
            contribution.updatedAt = scope.nowMillis
            return try await scope.save(
                contribution,
                role: actor.auditRole,
                before: contribution.status.name,
                after: contribution.status.name,
                reason: "referral linked"
            )
        }
    }
}
