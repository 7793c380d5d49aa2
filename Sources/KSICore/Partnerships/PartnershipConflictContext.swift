import Foundation

/// Conflict cases between the parties (PP7), with mediation by the embete (PART-R5).
public struct PartnershipConflictContext: PartnershipContextPart {
    let environment: PartnershipEnvironment

    func loadConflict(
        _ scope: CommandScope,
        id: String,
        expectedVersion: Int64
    ) async throws -> (ConflictCase, Partnership) {
        let conflict = try await scope.load(
            ConflictCase.self,
            id: id,
            expectedVersion: expectedVersion,
            what: "conflict case",
            field: "conflict_case_id"
        )
        let partnership = try await scope.store.require(
            Partnership.self,
            id: conflict.partnershipId,
            what: "partnership"
        )
        return (conflict, partnership)
    }

    /// → open; a party or the embete's caseworker.
    public func raiseConflictCase(_ request: RaiseConflictCaseRequest, as caller: Caller) async throws -> ConflictCase {
        try await runner.run(PartnershipServiceRPC.raiseConflictCase, request: request, caller: caller) {
            scope in
            let partnership = try await scope.store.require(
                Partnership.self,
                id: request.partnershipId,
                what: "partnership",
                field: "partnership_id"
            )
            let (to, actor) = try ConflictCaseStateMachine.transition(
                .raiseConflictCase,
                from: .unspecified,
                by: Self.actors(caller, partnership)
            )
            try Self.requireLive(partnership)
            guard !request.description.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError.invalidArgument(field: "description", "a conflict case describes the conflict")
            }
            let raisedBy =
                request.raisedByOrgId.isEmpty ? try self.registryId(of: caller, on: scope.today) : request.raisedByOrgId
            let conflict = ConflictCase.with {
                $0.id = Self.newId()
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
                $0.partnershipId = partnership.id
                $0.raisedByOrgId = raisedBy
                $0.description = request.description
                $0.status = to
            }
            return try await scope.create(conflict, role: actor.auditRole, state: to.name)
        }
    }

    /// open → mediation; sfCaseworker (PART-R5).
    public func startMediation(_ request: StartMediationRequest, as caller: Caller) async throws -> ConflictCase {
        try await runner.run(PartnershipServiceRPC.startMediation, request: request, caller: caller) { scope in
            var (conflict, partnership) = try await self.loadConflict(
                scope,
                id: request.conflictCaseId,
                expectedVersion: request.expectedVersion
            )
            let before = conflict.status
            let (to, actor) = try ConflictCaseStateMachine.transition(
                .startMediation,
                from: before,
                by: Self.actors(caller, partnership)
            )
            conflict.status = to
            conflict.mediatorPersonId = request.mediatorPersonId.isEmpty ? caller.personId : request.mediatorPersonId
            conflict.mediationNotes = request.notes
            conflict.mediationStartedAt = scope.nowMillis
            conflict.updatedAt = scope.nowMillis
            return try await scope.save(conflict, role: actor.auditRole, before: before.name, after: to.name)
        }
    }

    /// open | mediation → resolved; the embete, or a party.
    public func resolveConflictCase(
        _ request: ResolveConflictCaseRequest,
        as caller: Caller
    ) async throws -> ConflictCase {
        try await runner.run(PartnershipServiceRPC.resolveConflictCase, request: request, caller: caller) {
            scope in
            var (conflict, partnership) = try await self.loadConflict(
                scope,
                id: request.conflictCaseId,
                expectedVersion: request.expectedVersion
            )
            let before = conflict.status
            let (to, actor) = try ConflictCaseStateMachine.transition(
                .resolveConflictCase,
                from: before,
                by: Self.actors(caller, partnership)
            )
            guard !request.resolution.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError.invalidArgument(field: "resolution", "a resolved case states the resolution")
            }
            conflict.status = to
            conflict.resolution = request.resolution
            conflict.closedAt = scope.nowMillis
            conflict.updatedAt = scope.nowMillis
            return try await scope.save(
                conflict,
                role: actor.auditRole,
                before: before.name,
                after: to.name,
                reason: request.resolution
            )
        }
    }

    /// mediation → leadsToTermination; sfCaseworker after mediation (PART-R5).
    public func concludeConflictCaseWithTermination(
        _ request: ConcludeConflictCaseWithTerminationRequest,
        as caller: Caller
    ) async throws -> ConflictCase {
        try await runner.run(
            PartnershipServiceRPC.concludeConflictCaseWithTermination,
            request: request,
            caller: caller
        ) { scope in
            var (conflict, partnership) = try await self.loadConflict(
                scope,
                id: request.conflictCaseId,
                expectedVersion: request.expectedVersion
            )
            let before = conflict.status
            let (to, actor) = try ConflictCaseStateMachine.transition(
                .concludeConflictCaseWithTermination,
                from: before,
                by: Self.actors(caller, partnership)
            )
            conflict.status = to
            conflict.resolution = request.resolution
            conflict.closedAt = scope.nowMillis
            conflict.updatedAt = scope.nowMillis
            return try await scope.save(
                conflict,
                role: actor.auditRole,
                before: before.name,
                after: to.name,
                reason: request.resolution
            )
        }
    }
}
