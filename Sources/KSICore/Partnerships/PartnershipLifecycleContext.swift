import Foundation

/// A partnership from draft to end (`partnerships.lifecycle`, issue 16): this file, its roles, meetings and
/// committed grant (+Organisation), the time-driven expiry and warnings (+Schedule).
///
/// Partnership commands: create, edit, sign, suspend, resume, terminate, expire, renew.
public struct PartnershipLifecycleContext: PartnershipContextPart {
    let environment: PartnershipEnvironment

    /// The rules of a partnership's content (CreatePartnership, UpdatePartnership): COM-R7, PART-R1, R2, R4.
    func contentFindings(_ content: PartnershipContent) -> Findings {
        var findings = Findings()
        if content.scheme == .unspecified {
            findings.reject(.oneScheme, field: "content.scheme", "a partnership carries exactly one scheme")
        }
        if reference.governorOffice(content.governorOfficeId) == nil {
            findings.reject(.malformedInput, field: "content.governor_office_id", "the embete must be in the register")
        }
        if content.name.trimmingCharacters(in: .whitespaces).isEmpty {
            findings.reject(.malformedInput, field: "content.name", "a partnership has a name")
        }
        for (index, pptId) in content.pptOfficeIds.enumerated() where reference.pptOffice(pptId) == nil {
            findings.reject(
                .malformedInput,
                field: "content.ppt_office_ids[\(index)]",
                "each PPT office must be in the register; \(pptId) is not"
            )
        }
        findings.merge(
            PartnershipPartiesRule.check(
                ownerIds: content.ownerIds,
                uhInstitutionIds: content.uhInstitutionIds,
                reference: reference
            )
        )
        findings.merge(
            ThirdPartyProviderRule.checkParties(
                ownerIds: content.ownerIds,
                uhInstitutionIds: content.uhInstitutionIds,
                reference: reference
            )
        )
        let year = content.validFrom?.year ?? OsloCalendar.localDate(atMillis: time.nowMillis()).year
        let config = reference.policies.resolve(
            governorOfficeId: content.governorOfficeId,
            year: year,
            scheme: content.scheme
        )
        findings.merge(
            AgreementDurationRule.check(validFrom: content.validFrom, validTo: content.validTo, config: config)
        )
        return findings
    }

    static func apply(_ content: PartnershipContent, to partnership: inout Partnership) {
        partnership.scheme = content.scheme
        partnership.governorOfficeId = content.governorOfficeId
        partnership.name = content.name
        partnership.ownerIds = content.ownerIds
        partnership.uhInstitutionIds = content.uhInstitutionIds
        partnership.pptOfficeIds = content.pptOfficeIds
        partnership.supportServiceParticipants = content.supportServiceParticipants
        partnership.meetingPlan = content.meetingPlan
        // Editing the draft's terms clears any signature already given.
        partnership.agreement = PartnershipAgreement.with {
            $0.version = 1
            $0.validFrom = content.validFrom
            $0.validTo = content.validTo
            $0.expectations = content.expectations
        }
    }

    /// — → draft; ownerAdmin of one of the owners (PART-R1, R2, R4).
    public func createPartnership(_ request: CreatePartnershipRequest, as caller: Caller) async throws -> Partnership {
        try await runner.run(PartnershipServiceRPC.createPartnership, request: request, caller: caller) {
            scope in
            try caller.require(.ownerAdmin, toDo: "create a partnership")
            let content = request.content ?? PartnershipContent()
            var partnership = Partnership()
            partnership.id = Self.newId()
            Self.apply(content, to: &partnership)
            let warnings = try self.contentFindings(content).throwIfViolated()
            let (to, actor) = try PartnershipStateMachine.transition(
                .createPartnership,
                from: .unspecified,
                by: Self.actors(caller, partnership)
            )
            partnership.status = to
            partnership.createdAt = scope.nowMillis
            partnership.updatedAt = scope.nowMillis
            partnership.warnings = warnings + Self.roleWarnings(partnership, today: scope.today)
            return try await scope.create(partnership, role: actor.auditRole, state: to.name)
        }
    }

    /// Replaces the content of a draft partnership; a party may edit it, and signatures are cleared.
    public func updatePartnership(_ request: UpdatePartnershipRequest, as caller: Caller) async throws -> Partnership {
        try await runner.run(PartnershipServiceRPC.updatePartnership, request: request, caller: caller) {
            scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            let actors = Self.actors(caller, partnership, only: [.ownerAdmin, .uhContact])
            guard actors != [.other] else {
                throw DomainError.notPermitted("only ownerAdmin or uhContact of the partnership concerned may edit it")
            }
            guard partnership.status == .draft else {
                throw DomainError.illegalTransition(
                    "only a draft partnership can be edited; this one is \(partnership.status.name)"
                )
            }
            let content = request.content ?? PartnershipContent()
            let before = partnership.status
            Self.apply(content, to: &partnership)
            let warnings = try self.contentFindings(content).throwIfViolated()
            partnership.warnings = Self.replacing(partnership.warnings, of: [AgreementDurationRule.id], with: warnings)
            return try await self.savePartnership(scope, partnership, actor: actors.first ?? .other, before: before)
        }
    }

    /// One party signs; when owner and UH have both signed, draft → active (PART-R1, R2, R4); emits PartnershipActivated.
    public func signAgreement(_ request: SignAgreementRequest, as caller: Caller) async throws -> Partnership {
        try await runner.run(PartnershipServiceRPC.signAgreement, request: request, caller: caller) { scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            let side: PartnershipActor = try Self.side(of: request.party)
            var agreement = partnership.agreement ?? PartnershipAgreement()
            let signedOn = request.signedOn ?? scope.today
            guard signedOn.isValid, signedOn <= scope.today else {
                throw DomainError.invalidArgument(field: "signed_on", "an agreement cannot be signed on a future date")
            }
            let person = caller.personId
            let alreadySigned = side == .ownerAdmin ? agreement.signedByOwnerOn != nil : agreement.signedByUhOn != nil
            if side == .ownerAdmin {
                agreement.signedByOwnerOn = signedOn
                agreement.signedByOwnerPersonId = person
            } else {
                agreement.signedByUhOn = signedOn
                agreement.signedByUhPersonId = person
            }
            let complete = agreement.signedByOwnerOn != nil && agreement.signedByUhOn != nil
            let before = partnership.status
            let (to, actor) = try PartnershipStateMachine.transition(
                .signAgreement,
                from: before,
                by: Self.actors(caller, partnership, only: [side]),
                complete: complete
            )
            if alreadySigned {
                throw DomainError.illegalTransition("the \(request.party.name) side has already signed this agreement")
            }
            partnership.agreement = agreement
            if complete {
                var findings = Findings()
                findings.merge(
                    PartnershipPartiesRule.check(
                        ownerIds: partnership.ownerIds,
                        uhInstitutionIds: partnership.uhInstitutionIds,
                        reference: self.reference
                    )
                )
                findings.merge(
                    ThirdPartyProviderRule.checkParties(
                        ownerIds: partnership.ownerIds,
                        uhInstitutionIds: partnership.uhInstitutionIds,
                        reference: self.reference
                    )
                )
                let config = self.policy(for: partnership, year: agreement.validFrom?.year ?? scope.today.year)
                findings.merge(
                    AgreementDurationRule.check(
                        validFrom: agreement.validFrom,
                        validTo: agreement.validTo,
                        config: config,
                        field: "agreement"
                    )
                )
                let warnings = try findings.throwIfViolated()
                partnership.warnings = Self.replacing(
                    partnership.warnings,
                    of: [AgreementDurationRule.id],
                    with: warnings
                )
                partnership.status = to
                partnership.activatedAt = scope.nowMillis
            }
            let saved = try await self.savePartnership(
                scope,
                partnership,
                actor: actor,
                before: before,
                reason: "signed by the \(request.party.name) side"
            )
            if complete {
                try await scope.emitPartnershipEvent(
                    PartnershipEvent(
                        PartnershipEventType.partnershipActivated,
                        partnership: saved,
                        aggregateId: saved.id,
                        at: scope.nowMillis
                    )
                )
            }
            return saved
        }
    }

    /// active → suspended; sfCaseworker, for an open conflict case or a funding gap.
    public func suspendPartnership(_ request: SuspendPartnershipRequest, as caller: Caller) async throws -> Partnership
    {
        try await runner.run(PartnershipServiceRPC.suspendPartnership, request: request, caller: caller) {
            scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            let before = partnership.status
            let (to, actor) = try PartnershipStateMachine.transition(
                .suspendPartnership,
                from: before,
                by: Self.actors(caller, partnership)
            )
            if request.conflictCaseId.isEmpty {
                guard !request.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw DomainError.invalidArgument(
                        field: "reason",
                        "a suspension names an open conflict case or states the funding gap"
                    )
                }
            } else {
                let conflict = try await scope.store.require(
                    ConflictCase.self,
                    id: request.conflictCaseId,
                    what: "conflict case",
                    field: "conflict_case_id"
                )
                guard conflict.partnershipId == partnership.id, [.open, .mediation].contains(conflict.status) else {
                    throw DomainError.invalidArgument(
                        field: "conflict_case_id",
                        "a suspension names an open conflict case of this partnership"
                    )
                }
            }
            partnership.status = to
            partnership.suspensionReason =
                request.reason.isEmpty ? "conflict case \(request.conflictCaseId)" : request.reason
            return try await self.savePartnership(
                scope,
                partnership,
                actor: actor,
                before: before,
                reason: partnership.suspensionReason
            )
        }
    }

    /// suspended → active; sfCaseworker, when the conflict or the funding gap is resolved.
    public func resumePartnership(_ request: ResumePartnershipRequest, as caller: Caller) async throws -> Partnership {
        try await runner.run(PartnershipServiceRPC.resumePartnership, request: request, caller: caller) {
            scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            let before = partnership.status
            let (to, actor) = try PartnershipStateMachine.transition(
                .resumePartnership,
                from: before,
                by: Self.actors(caller, partnership)
            )
            partnership.status = to
            partnership.suspensionReason = ""
            return try await self.savePartnership(
                scope,
                partnership,
                actor: actor,
                before: before,
                reason: request.reason
            )
        }
    }

    /// active | suspended → terminating; ownerAdmin or uhContact of the partnership, with a reason.
    public func requestTermination(_ request: RequestTerminationRequest, as caller: Caller) async throws -> Partnership
    {
        try await runner.run(PartnershipServiceRPC.requestTermination, request: request, caller: caller) {
            scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            let before = partnership.status
            let (to, actor) = try PartnershipStateMachine.transition(
                .requestTermination,
                from: before,
                by: Self.actors(caller, partnership)
            )
            guard !request.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError.invalidArgument(field: "reason", "a request to terminate states its reason")
            }
            partnership.status = to
            partnership.terminationRequestedByOrgId = try self.registryId(of: caller, on: scope.today)
            partnership.terminationReason = request.reason
            partnership.terminationRequestedAt = scope.nowMillis
            return try await self.savePartnership(
                scope,
                partnership,
                actor: actor,
                before: before,
                reason: request.reason
            )
        }
    }

    /// terminating → terminated: the other party, or sfCaseworker after mediation (PART-R5); emits
    /// PartnershipTerminated with the remaining funds.
    public func confirmTermination(_ request: ConfirmTerminationRequest, as caller: Caller) async throws -> Partnership
    {
        try await runner.run(PartnershipServiceRPC.confirmTermination, request: request, caller: caller) {
            scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            let before = partnership.status
            let actors = Self.actors(caller, partnership)
            let (to, actor) = try PartnershipStateMachine.transition(.confirmTermination, from: before, by: actors)
            let requester = Self.terminationRequester(partnership, reference: self.reference, on: scope.today)
            let conflict =
                request.conflictCaseId.isEmpty
                ? nil : try await scope.store.get(ConflictCase.self, id: request.conflictCaseId)
            let findings = TerminationConsentRule.check(
                confirmer: actor,
                confirmerSides: actors,
                confirmerIsRequester: requester.orgNumbers.contains(caller.orgNumber),
                requesterSides: requester.sides,
                conflictCase: conflict,
                partnershipId: partnership.id,
                remainingFundsOre: request.remainingFundsOre,
                remainingUhHours: request.remainingUhHours,
                config: self.policy(for: partnership, year: scope.today.year)
            )
            let warnings = try findings.throwIfViolated()
            partnership.warnings += warnings
            partnership.status = to
            partnership.terminatedAt = scope.nowMillis
            partnership.remainingFundsOre = request.remainingFundsOre
            partnership.remainingUhHours = request.remainingUhHours
            let saved = try await self.savePartnership(
                scope,
                partnership,
                actor: actor,
                before: before,
                reason: partnership.terminationReason
            )
            var event = PartnershipEvent(
                PartnershipEventType.partnershipTerminated,
                partnership: saved,
                aggregateId: saved.id,
                at: scope.nowMillis
            )
            event.remainingFundsOre = request.remainingFundsOre
            try await scope.emitPartnershipEvent(event)
            return saved
        }
    }

    /// active → expired when `validTo` is reached and the final annual report is accepted; system; emits
    /// PartnershipExpired.
    public func expirePartnership(_ request: ExpirePartnershipRequest, as caller: Caller) async throws -> Partnership {
        try await runner.run(PartnershipServiceRPC.expirePartnership, request: request, caller: caller) {
            scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            let before = partnership.status
            let (to, actor) = try PartnershipStateMachine.transition(
                .expirePartnership,
                from: before,
                by: Self.actors(caller, partnership)
            )
            guard let validTo = partnership.agreement?.validTo, scope.today >= validTo else {
                throw DomainError.illegalTransition("a partnership expires only when its agreement has run out")
            }
            guard try await Self.finalReportAccepted(partnership, validTo: validTo, store: scope.store) else {
                throw DomainError.illegalTransition(
                    "a partnership expires only when its final annual report, for \(validTo.year), is accepted"
                )
            }
            partnership.status = to
            partnership.expiredAt = scope.nowMillis
            let saved = try await self.savePartnership(scope, partnership, actor: actor, before: before)
            try await scope.emitPartnershipEvent(
                PartnershipEvent(
                    PartnershipEventType.partnershipExpired,
                    partnership: saved,
                    aggregateId: saved.id,
                    at: scope.nowMillis
                )
            )
            return saved
        }
    }

    /// One party signs renewed terms; when both have signed the same terms, active | expired → active
    /// with the agreement's version one up (PART-R4). Different terms replace the pending renewal.
    public func renewAgreement(_ request: RenewAgreementRequest, as caller: Caller) async throws -> Partnership {
        try await runner.run(PartnershipServiceRPC.renewAgreement, request: request, caller: caller) { scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            let side = try Self.side(of: request.party)
            let before = partnership.status
            let config = self.policy(for: partnership, year: request.validFrom?.year ?? scope.today.year)
            var findings = AgreementDurationRule.check(
                validFrom: request.validFrom,
                validTo: request.validTo,
                config: config,
                field: "renewal"
            )
            let current = partnership.agreement ?? PartnershipAgreement()
            if let from = request.validFrom, let currentFrom = current.validFrom, from <= currentFrom {
                findings.reject(
                    AgreementDurationRule.id,
                    field: "valid_from",
                    "a renewal starts after the current agreement started"
                )
            }
            let signedOn = request.signedOn ?? scope.today
            let person = caller.personId
            let sameTerms =
                partnership.pendingAgreement.map {
                    $0.validFrom == request.validFrom && $0.validTo == request.validTo
                        && $0.expectations == request.expectations
                } ?? false
            var pending =
                sameTerms
                ? partnership.pendingAgreement!
                : PartnershipAgreement.with {
                    $0.version = current.version + 1
                    $0.validFrom = request.validFrom
                    $0.validTo = request.validTo
                    $0.expectations = request.expectations
                }
            let alreadySigned = side == .ownerAdmin ? pending.signedByOwnerOn != nil : pending.signedByUhOn != nil
            if side == .ownerAdmin {
                pending.signedByOwnerOn = signedOn
                pending.signedByOwnerPersonId = person
            } else {
                pending.signedByUhOn = signedOn
                pending.signedByUhPersonId = person
            }
            let complete = pending.signedByOwnerOn != nil && pending.signedByUhOn != nil
            let (to, actor) = try PartnershipStateMachine.transition(
                .renewAgreement,
                from: before,
                by: Self.actors(caller, partnership, only: [side]),
                complete: complete
            )
            if alreadySigned {
                throw DomainError.illegalTransition("the \(request.party.name) side has already signed this renewal")
            }
            let warnings = try findings.throwIfViolated()
            partnership.warnings = Self.replacing(partnership.warnings, of: [AgreementDurationRule.id], with: warnings)
            if complete {
                if let old = partnership.agreement { partnership.previousAgreements.append(old) }
                partnership.agreement = pending
                partnership.pendingAgreement = nil
                partnership.status = to
                if before != .active { partnership.activatedAt = scope.nowMillis }
            } else {
                partnership.pendingAgreement = pending
            }
            let saved = try await self.savePartnership(
                scope,
                partnership,
                actor: actor,
                before: before,
                reason: "renewal signed by the \(request.party.name) side"
            )
            if complete && before != .active {
                try await scope.emitPartnershipEvent(
                    PartnershipEvent(
                        PartnershipEventType.partnershipActivated,
                        partnership: saved,
                        aggregateId: saved.id,
                        at: scope.nowMillis
                    )
                )
            }
            return saved
        }
    }
}

extension PartnershipLifecycleContext {
    /// The organisation that asked to terminate a partnership: the organisation numbers of its registry entries and
    /// the parties of the partnership it acts for (PART-R5). `termination_requested_by_org_id` is its registry id;
    /// a partnership whose termination was requested before that stored the organisation number, which is read too.
    static func terminationRequester(
        _ partnership: Partnership,
        reference: ReferenceData,
        on date: LocalDate
    ) -> (orgNumbers: Set<String>, sides: Set<PartnershipActor>) {
        let stored = partnership.terminationRequestedByOrgId
        var orgNumbers = Set(reference.orgNumbers(ofRecord: stored, on: date))
        if orgNumbers.isEmpty && reference.organisation(orgNumber: stored, on: date) != nil { orgNumbers = [stored] }
        var sides: Set<PartnershipActor> = []
        for orgNumber in orgNumbers {
            guard let requester = try? reference.organisationCaller(orgNumber: orgNumber, on: date) else { continue }
            sides.formUnion(PartnershipActor.of(requester, in: partnership))
        }
        return (orgNumbers, sides)
    }
}
