/// How a signed decision becomes money on grants: one grant per recipient × scheme × year while `decided`,
/// the UH share on the UH's own grant (recipientMode ownerAndUh), indicative later years (ALLOC-R13) and the
/// owner's co-financing requirement (ALLOC-R12).
extension AllocationContextPart {
    /// Books a signed decision on grants; returns the grant ids. `reuse` maps recipients to the grants of the
    /// decision this one supersedes, so a correction changes the same grant.
    func bookOnGrants(
        _ decision: GrantDecision,
        line: RecommendationLine,
        reuse: [String: String],
        scope: CommandScope
    )
        async throws -> [String]
    {
        guard decision.approvedAmountOre > 0 else { return [] }
        let config = try await moneyPolicy(scope.store, decision.governorOfficeId, decision.year, decision.scheme)
        var parts: [(recipient: String, type: RecipientType, amount: Int64)] = []
        if line.uhRecipientOrgId.isEmpty || decision.uhAmountOre == 0 {
            parts = [(line.recipientOrgId, line.recipientType, decision.approvedAmountOre)]
        } else {
            parts = [
                (line.recipientOrgId, line.recipientType, decision.ownerAmountOre),
                (line.uhRecipientOrgId, .uhInstitution, decision.uhAmountOre),
            ]
        }
        let role = scope.caller.auditRole([.sfDecisionMaker, .udirAdmin])
        var ids: [String] = []
        for part in parts where part.amount > 0 {
            var grant: Grant
            var isNew = false
            if let id = reuse[part.recipient], let existing = try await scope.store.get(Grant.self, id: id) {
                grant = existing
            } else if let open = try await scope.store.list(
                Grant.self,
                filter: StorageFilter(
                    status: GrantStatus.decided.name,
                    governorOfficeId: decision.governorOfficeId,
                    year: decision.year,
                    scheme: decision.scheme.rawValue,
                    ownerId: part.recipient
                )
            ).items.first {
                grant = open
            } else {
                isNew = true
                grant = Grant.with {
                    $0.id = Self.makeEntityId()
                    $0.createdAt = scope.nowMillis
                    $0.recipientOrgId = part.recipient
                    $0.recipientType = part.type
                    $0.governorOfficeId = decision.governorOfficeId
                    $0.scheme = decision.scheme
                    $0.year = decision.year
                    $0.status = .decided
                }
            }
            grant.lineAmounts.append(
                GrantLineAmount.with {
                    $0.recommendationLineId = line.id
                    $0.grantDecisionId = decision.id
                    $0.partnershipId = line.partnershipId
                    $0.amountOre = part.amount
                }
            )
            grant.lineIds = grant.lineAmounts.map(\.recommendationLineId).allocationUniqued()
            grant.amountOre = try Money.sum(grant.lineAmounts, field: "approved_amount_ore") { $0.amountOre }
            grant.updatedAt = scope.nowMillis
            if part.type == .owner && config.schemeYear.coFinancingBp > 0 {
                grant.coFinancingPledgeId = try await upsertPledge(
                    grant,
                    current: decision,
                    config: config,
                    scope: scope
                )
            }
            if isNew {
                _ = try await scope.create(grant, role: role, state: grant.status.name)
            } else {
                _ = try await scope.save(
                    grant,
                    role: role,
                    before: grant.status.name,
                    after: grant.status.name,
                    reason: "decision \(decision.id) booked"
                )
            }
            ids.append(grant.id)
        }
        if line.years > 1, let grantId = ids.first {
            let existing = try await scope.store.list(
                MultiYearCommitment.self,
                filter: StorageFilter(parentId: grantId)
            ).items
            for later in line.indicativeLaterYears
            where !existing.contains(where: {
                $0.recommendationLineId == line.id && $0.year == later.year && $0.status != .cancelled
            }) {
                let commitment = MultiYearCommitment.with {
                    $0.id = Self.makeEntityId()
                    $0.createdAt = scope.nowMillis
                    $0.updatedAt = scope.nowMillis
                    $0.grantId = grantId
                    $0.recommendationLineId = line.id
                    $0.year = later.year
                    $0.amountOre = later.amountOre
                    $0.status = .indicative
                }
                _ = try await scope.create(commitment, role: role, state: MultiYearCommitmentStatus.indicative.name)
            }
        }
        return ids
    }

    /// Takes a superseded decision's amounts off its grants; returns recipient → grant id for reuse.
    func removeFromGrants(_ old: GrantDecision, scope: CommandScope) async throws -> [String: String] {
        var reuse: [String: String] = [:]
        for id in old.grantIds {
            guard var grant = try await scope.store.get(Grant.self, id: id) else { continue }
            grant.lineAmounts.removeAll { $0.grantDecisionId == old.id }
            grant.lineIds = grant.lineAmounts.map(\.recommendationLineId).allocationUniqued()
            grant.amountOre = try Money.sum(grant.lineAmounts, field: "approved_amount_ore") { $0.amountOre }
            grant.updatedAt = scope.nowMillis
            reuse[grant.recipientOrgId] = grant.id
            _ = try await scope.save(
                grant,
                role: scope.caller.auditRole([.sfDecisionMaker, .udirAdmin]),
                before: grant.status.name,
                after: grant.status.name,
                reason: "decision \(old.id) superseded"
            )
        }
        return reuse
    }

    /// Creates or updates the owner's co-financing pledge for a grant (ALLOC-R12); returns its id.
    func upsertPledge(
        _ grant: Grant,
        current: GrantDecision,
        config: PolicyConfig,
        scope: CommandScope
    ) async throws -> String {
        var approved = Money.Total()
        for decisionId in grant.lineAmounts.map(\.grantDecisionId).allocationUniqued() {
            if decisionId == current.id {
                approved.add(current.approvedAmountOre)
            } else if let decision = try await scope.store.get(GrantDecision.self, id: decisionId) {
                approved.add(decision.approvedAmountOre)
            }
        }
        let bp = config.schemeYear.coFinancingBp
        let base =
            config.schemeYear.coFinancingBase == .unspecified
            ? CoFinancingBase.ownerGrant : config.schemeYear.coFinancingBase
        let required = CoFinancingRule.requiredOre(
            ownerGrantOre: grant.amountOre,
            totalGrantOre: try approved.checked(field: "approved_amount_ore"),
            bp: bp,
            base: base
        )
        let role = scope.caller.auditRole([.sfDecisionMaker, .udirAdmin])
        if !grant.coFinancingPledgeId.isEmpty,
            var pledge = try await scope.store.get(CoFinancingPledge.self, id: grant.coFinancingPledgeId)
        {
            pledge.requiredOre = required
            pledge.updatedAt = scope.nowMillis
            _ = try await scope.save(
                pledge,
                role: role,
                before: nil,
                after: nil,
                reason: "required co-financing \(required) øre"
            )
            return pledge.id
        }
        let pledge = CoFinancingPledge.with {
            $0.id = Self.makeEntityId()
            $0.createdAt = scope.nowMillis
            $0.updatedAt = scope.nowMillis
            $0.grantId = grant.id
            $0.ownerId = grant.recipientOrgId
            $0.coFinancingBp = bp
            $0.coFinancingBase = base
            $0.requiredOre = required
        }
        _ = try await scope.create(pledge, role: role, state: nil)
        return pledge.id
    }
}

extension Array where Element: Hashable {
    /// The elements in order, without repeats.
    func allocationUniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
