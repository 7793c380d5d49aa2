/// A referral from the PPT office's draft through Statped's intake (`referral.intake`, issue 16): drafting
/// (this file), triage to acceptance or decline (+Triage), the intake queue (+Queue).
///
/// Drafting: create, edit, attachments, submit and withdraw (REF-R1, R3–R6a, R14, R15; PRIV-R3).
public struct ReferralIntakeContext: ReferralContextPart {
    let environment: ReferralEnvironment

    /// — → draft: `pptAdviser`/`pptLeader` of the responsible office (REF-R1), or the requesting
    /// organisation of a system request (REF-R15).
    public func createReferral(_ request: CreateReferralRequest, as caller: Caller) async throws -> Referral {
        try await runner.run(ReferralServiceRPC.createReferral, request: request, caller: caller) { scope in
            let kind = request.kind
            guard kind == .individual || kind == .system else {
                throw DomainError.invalidArgument(
                    field: "kind",
                    "a referral is created as individual or system; Statped opens exception cases"
                )
            }
            let actors = ReferralAccess.actors(
                of: caller,
                kind: kind,
                pptOfficeId: request.referringPptOfficeId,
                requestingOrgId: request.requestingOrgId,
                adviserIds: []
            )
            _ = try ReferralStateMachine(kind: kind).next(.create, from: nil, actors: actors)
            let id = Self.newId()
            var referral = Referral.with {
                $0.id = id
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
                $0.kind = kind
                $0.status = .draft
                $0.referringAdviserId = caller.personId
            }
            var findings = Findings()
            if kind == .system {
                findings.merge(
                    SystemRequestRule.check(
                        child: request.child,
                        content: request.content,
                        requestingOrgId: request.requestingOrgId,
                        reference: reference
                    )
                )
                referral.requestingOrgId = request.requestingOrgId
                referral.governorOfficeId = governorOffice(ofRequestingOrg: request.requestingOrgId)
            } else {
                let child = try validatedChild(request.child)
                findings.merge(
                    ResponsiblePptOfficeRule.check(
                        officeId: request.referringPptOfficeId,
                        municipalityId: child.residenceMunicipalityId,
                        unitId: child.unitId,
                        reference: reference,
                        on: scope.today
                    )
                )
                referral.referringPptOfficeId = request.referringPptOfficeId
                referral.child = try sealing.sealChild(child, childRef: try Self.newChildRef(), referralId: id)
                referral.governorOfficeId = governorOffice(
                    ofMunicipality: child.residenceMunicipalityId,
                    on: scope.today
                )
            }
            try apply(request.content, to: &referral, findings: &findings, policy: policy(referral, on: scope.today))
            referral.warnings = try findings.throwIfViolated()
            let stored = try await scope.create(
                referral,
                role: ReferralAccess.auditRole(caller),
                state: referral.status.name
            )
            return ReferralSealing.redact(stored)
        }
    }

    /// Replaces a draft's or returned referral's content; child absent = unchanged (REF-R1; PRIV-R3).
    public func updateReferralDraft(_ request: UpdateReferralDraftRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.updateReferralDraft,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .updateDraft
        ) { referral, scope, _ in
            var findings = Findings()
            if referral.kind == .system {
                findings.merge(
                    SystemRequestRule.check(
                        child: request.child,
                        content: request.content ?? self.content(of: referral),
                        requestingOrgId: referral.requestingOrgId,
                        reference: self.reference
                    )
                )
            } else if let input = request.child {
                let child = try self.validatedChild(input)
                findings.merge(
                    ResponsiblePptOfficeRule.check(
                        officeId: referral.referringPptOfficeId,
                        municipalityId: child.residenceMunicipalityId,
                        unitId: child.unitId,
                        reference: self.reference,
                        on: scope.today
                    )
                )
                referral.child = try self.sealing.sealChild(
                    child,
                    childRef: referral.child?.childRef ?? (try Self.newChildRef()),
                    referralId: referral.id
                )
                referral.governorOfficeId = self.governorOffice(
                    ofMunicipality: child.residenceMunicipalityId,
                    on: scope.today
                )
            }
            if let content = request.content {
                try self.apply(
                    content,
                    to: &referral,
                    findings: &findings,
                    policy: self.policy(referral, on: scope.today)
                )
            }
            let warnings = try findings.throwIfViolated()
            referral.warnings =
                referral.warnings.filter { $0.ruleId == MeetingPlanRule.id.value ? false : true } + warnings
            return Outcome()
        }
    }

    /// Adds a sealed attachment (REF-R5; PRIV-R2) and marks its checklist kind attached.
    public func addReferralAttachment(
        _ request: AddReferralAttachmentRequest,
        as caller: Caller
    ) async throws -> Referral {
        try await change(
            ReferralServiceRPC.addReferralAttachment,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .addAttachment
        ) { referral, scope, _ in
            guard request.kind != .unspecified else {
                throw DomainError.invalidArgument(field: "kind", "an attachment needs a kind")
            }
            guard !request.content.isEmpty else {
                throw DomainError.invalidArgument(field: "content", "an attachment needs content")
            }
            let attachmentId = Self.newId()
            let sealed = try self.sealing.crypto.sealBytes(
                request.content,
                referralId: referral.id,
                field: ReferralSealing.Field.attachmentContent(attachmentId)
            )
            try await scope.store.insert(
                SealedAttachment(
                    attachmentId: attachmentId,
                    referralId: referral.id,
                    kind: request.kind,
                    sealedContent: sealed,
                    plaintextSize: Int64(request.content.count),
                    at: scope.nowMillis
                ),
                at: scope.nowMillis
            )
            referral.attachments.append(
                try Attachment.with {
                    $0.id = attachmentId
                    $0.kind = request.kind
                    $0.fileRef = attachmentId
                    $0.addedAt = scope.nowMillis
                    $0.title = try self.sealing.text(
                        request.title,
                        referral.id,
                        ReferralSealing.Field.attachmentTitle(attachmentId)
                    )
                    $0.contentType = request.contentType
                    $0.sizeBytes = Int64(request.content.count)
                    $0.addedByPersonId = caller.personId
                }
            )
            referral.attachmentChecklist.removeAll { $0.kind == request.kind }
            referral.attachmentChecklist.append(
                AttachmentChecklistItem.with {
                    $0.kind = request.kind
                    $0.availability = .attached
                }
            )
            return Outcome(reason: "attachment added")
        }
    }

    /// Removes an attachment from a draft; its sealed content is overwritten with a tombstone.
    public func removeReferralAttachment(
        _ request: RemoveReferralAttachmentRequest,
        as caller: Caller
    ) async throws -> Referral {
        try await change(
            ReferralServiceRPC.removeReferralAttachment,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .removeAttachment
        ) { referral, scope, _ in
            guard let index = referral.attachments.firstIndex(where: { $0.id == request.attachmentId }) else {
                throw DomainError.notFound("attachment", request.attachmentId)
            }
            let removed = referral.attachments.remove(at: index)
            try await self.tombstone(attachmentId: removed.id, scope: scope)
            if !referral.attachments.contains(where: { $0.kind == removed.kind }) {
                referral.attachmentChecklist.removeAll { $0.kind == removed.kind }
            }
            return Outcome(reason: "attachment removed")
        }
    }

    /// draft | returned → submitted: `pptLeader` (REF-R1, R3, R4, R6a; REF-R5 and R14 warn).
    public func submitReferral(_ request: SubmitReferralRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.submitReferral,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .submit
        ) { referral, scope, _ in
            var findings = Findings()
            let policy = self.policy(referral, on: scope.today)
            if referral.kind == .system {
                findings.merge(
                    SystemRequestRule.check(
                        child: nil,
                        content: self.content(of: referral),
                        requestingOrgId: referral.requestingOrgId,
                        reference: self.reference
                    )
                )
            } else {
                let child = referral.child ?? Child()
                findings.merge(
                    ResponsiblePptOfficeRule.check(
                        officeId: referral.referringPptOfficeId,
                        municipalityId: child.residenceMunicipalityId,
                        unitId: child.unitId,
                        reference: self.reference,
                        on: scope.today
                    )
                )
                findings.merge(ReferralGroundRule.check(referral))
                findings.merge(TriedMeasuresRule.check(referral, triedMeasures: referral.triedMeasures))
                findings.merge(AttachmentChecklistRule.check(referral))
                findings.merge(GuardianConsentRule.checkAgreement(confirmed: request.guardianAgreementConfirmed))
                referral.governorOfficeId = self.governorOffice(
                    ofMunicipality: child.residenceMunicipalityId,
                    on: scope.today
                )
            }
            findings.merge(MeetingPlanRule.check(referral.meetingPlan, policy: policy.statped))
            referral.warnings = try findings.throwIfViolated()
            if referral.kind != .system { referral.guardianAgreementRecordedAt = scope.nowMillis }
            MilestoneTimestampRule.stamp(&referral, \.submittedAt, at: scope.nowMillis)
            return Outcome(.submitted)
        }
    }

    /// draft | submitted | returned → withdrawn: `pptLeader` (or the requesting organisation).
    public func withdrawReferral(_ request: WithdrawReferralRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.withdrawReferral,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .withdraw
        ) { referral, scope, _ in
            referral.withdrawalReason = try self.sealing.text(
                request.reason,
                referral.id,
                ReferralSealing.Field.withdrawalReason
            )
            referral.withdrawnAt = scope.nowMillis
            return Outcome(.withdrawn, reason: "withdrawn by the referrer")
        }
    }

    // MARK: Helpers

    /// A child in a request, checked: a valid national id (D-numbers accepted), a name, a home municipality.
    func validatedChild(_ input: ChildInput?) throws -> ChildInput {
        guard let input else {
            throw DomainError.invalidArgument(field: "child", "an individual referral needs the child's data")
        }
        try nationalIds.check(input.nationalId, field: "child.national_id")  // ID-R1 in production
        guard !input.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalidArgument(field: "child.name", "the child's name is required")
        }
        guard !input.residenceMunicipalityId.isEmpty else {
            throw DomainError.invalidArgument(
                field: "child.residence_municipality_id",
                "the child's home municipality is required"
            )
        }
        if let birthDate = input.birthDate, !birthDate.isValid {
            throw DomainError.invalidArgument(field: "child.birth_date", "the birth date is not a calendar date")
        }
        return input
    }

    /// Applies draft content; sealed fields are sealed, new guardians get ids (REF-R14 warns).
    func apply(
        _ content: ReferralDraftContent?,
        to referral: inout Referral,
        findings: inout Findings,
        policy: PolicyConfig
    ) throws {
        guard let content else {
            if referral.meetingPlan == nil { referral.meetingPlan = MeetingPlanRule.defaultPlan(policy.statped) }
            return
        }
        let id = referral.id
        referral.guardians = try content.guardians.map { guardian in
            var guardian = guardian
            if guardian.id.isEmpty { guardian.id = Self.newId() }
            return try sealing.sealGuardian(guardian, referralId: id)
        }
        referral.subjectAreas = content.subjectAreas.filter { $0 != .unspecified }
        referral.grounds = content.grounds.filter { $0 != .unspecified }
        referral.needDescription = try sealing.text(content.needDescription, id, ReferralSealing.Field.needDescription)
        referral.triedMeasures = try sealing.text(content.triedMeasures, id, ReferralSealing.Field.triedMeasures)
        // Attachments already added keep their kind marked attached.
        var checklist = content.attachmentChecklist.filter { item in
            !referral.attachments.contains { $0.kind == item.kind }
        }
        for kind in Set(referral.attachments.map(\.kind)) {
            checklist.append(
                AttachmentChecklistItem.with {
                    $0.kind = kind
                    $0.availability = .attached
                }
            )
        }
        referral.attachmentChecklist = checklist
        referral.samiTopic = content.samiTopic
        referral.meetingPlan = content.meetingPlan ?? MeetingPlanRule.defaultPlan(policy.statped)
        findings.merge(MeetingPlanRule.check(content.meetingPlan, policy: policy.statped))
        referral.topic = content.topic
        referral.linkedThirdPartyContributionId = content.linkedThirdPartyContributionId
    }

    /// The stored draft content of a system request, for re-checking REF-R15.
    func content(of referral: Referral) -> ReferralDraftContent {
        ReferralDraftContent.with {
            $0.topic = referral.topic
            $0.guardians = referral.guardians
        }
    }
}
