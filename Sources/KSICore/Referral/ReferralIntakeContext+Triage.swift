/// Intake: the exception path, triage and its decisions (REF-R2, R7, R8, R12).
extension ReferralIntakeContext {
    /// — → accepted: `statpedIntake` opens a case without an application (REF-R2); the responsible
    /// PPT office (REF-R1) gets read access and must be informed before the service starts.
    public func openWithoutApplication(
        _ request: OpenWithoutApplicationRequest,
        as caller: Caller
    ) async throws -> Referral {
        try await runner.run(ReferralServiceRPC.openWithoutApplication, request: request, caller: caller) {
            scope in
            let kind = ReferralKind.exceptionOpenedByStatped
            let actors = ReferralAccess.actors(
                of: caller,
                kind: kind,
                pptOfficeId: request.referringPptOfficeId,
                requestingOrgId: "",
                adviserIds: []
            )
            _ = try ReferralStateMachine(kind: kind).next(.openWithoutApplication, from: nil, actors: actors)
            let child = try validatedChild(request.child)
            let id = Self.newId()
            var referral = Referral.with {
                $0.id = id
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
                $0.kind = kind
                $0.status = .accepted
                $0.exceptionCause = request.exceptionCause
                $0.referringPptOfficeId = request.referringPptOfficeId
                $0.governorOfficeId = governorOffice(ofMunicipality: child.residenceMunicipalityId, on: scope.today)
            }
            referral.triage = try sealing.sealTriage(
                Triage.with {
                    $0.decision = .accepted
                    $0.reason = "opened without an application"
                    $0.by = caller.personId
                    $0.at = scope.nowMillis
                },
                referralId: id
            )
            var findings = ExceptionPathRule.checkOpening(cause: request.exceptionCause)
            findings.merge(
                ResponsiblePptOfficeRule.check(
                    officeId: request.referringPptOfficeId,
                    municipalityId: child.residenceMunicipalityId,
                    unitId: child.unitId,
                    reference: reference,
                    on: scope.today
                )
            )
            referral.child = try sealing.sealChild(child, childRef: try Self.newChildRef(), referralId: id)
            let policy = policy(referral, on: scope.today)
            try apply(request.content, to: &referral, findings: &findings, policy: policy)
            findings.merge(SeadRoutingRule.checkAcceptance(referral, samiLanguage: child.samiLanguage, policy: policy))
            referral.warnings = try findings.throwIfViolated()
            MilestoneTimestampRule.stamp(&referral, \.acceptedAt, at: scope.nowMillis)
            let stored = try await scope.create(
                referral,
                role: ReferralAccess.auditRole(caller),
                state: referral.status.name
            )
            try await emit(.accepted, for: stored, scope: scope)
            return ReferralSealing.redact(stored)
        }
    }

    /// Records that Statped informed the responsible PPT office (REF-R2), once, with the note on how (sealed).
    public func notifyPpt(_ request: NotifyPptRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.notifyPpt,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .notifyPpt
        ) { referral, scope, _ in
            guard referral.pptNotifiedAt == 0 else {
                throw DomainError.illegalTransition("the responsible PPT office has already been informed of this case")
            }
            referral.pptNotifiedAt = scope.nowMillis
            referral.pptNotificationNote = try self.sealing.text(
                request.note,
                referral.id,
                ReferralSealing.Field.pptNotificationNote
            )
            return Outcome(reason: "responsible PPT office informed")
        }
    }

    /// submitted → inTriage: `statpedIntake`.
    public func startTriage(_ request: StartTriageRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.startTriage,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .startTriage
        ) { _, _, _ in Outcome() }
    }

    /// inTriage → returned: `statpedIntake`, with a reason (REF-R7).
    public func returnReferralForCompletion(
        _ request: ReturnReferralForCompletionRequest,
        as caller: Caller
    ) async throws -> Referral {
        try await change(
            ReferralServiceRPC.returnReferralForCompletion,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .returnForCompletion
        ) { referral, scope, _ in
            try TriageDecisionRule.checkReturn(reason: request.reason).throwIfViolated()
            referral.triage = try self.sealing.sealTriage(
                Triage.with {
                    $0.decision = .returnedForCompletion
                    $0.reason = request.reason
                    $0.by = caller.personId
                    $0.at = scope.nowMillis
                },
                referralId: referral.id
            )
            referral.returnReason = try self.sealing.text(
                request.reason,
                referral.id,
                ReferralSealing.Field.returnReason
            )
            referral.returnedAt = scope.nowMillis
            MilestoneTimestampRule.stamp(&referral, \.triagedAt, at: scope.nowMillis)
            return Outcome(.returned, reason: "returned for completion")
        }
    }

    /// inTriage → accepted: `statpedIntake` (REF-R7 decision; REF-R8 routing reminder).
    public func acceptReferral(_ request: AcceptReferralRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.acceptReferral,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .accept
        ) { referral, scope, _ in
            var findings = TriageDecisionRule.checkAccept(referral, reference: self.reference, on: scope.today)
            findings.merge(
                SeadRoutingRule.checkAcceptance(
                    referral,
                    samiLanguage: try self.samiLanguage(of: referral),
                    policy: self.policy(referral, on: scope.today)
                )
            )
            referral.warnings += try findings.throwIfViolated()
            referral.triage = try self.sealing.sealTriage(
                Triage.with {
                    $0.decision = .accepted
                    $0.reason = request.reason
                    $0.by = caller.personId
                    $0.at = scope.nowMillis
                },
                referralId: referral.id
            )
            MilestoneTimestampRule.stamp(&referral, \.triagedAt, at: scope.nowMillis)
            MilestoneTimestampRule.stamp(&referral, \.acceptedAt, at: scope.nowMillis)
            return Outcome(.accepted)
        }
    }

    /// inTriage → declined: `statpedIntake`, with a reason and a suggestion (REF-R7).
    public func declineReferral(_ request: DeclineReferralRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.declineReferral,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .decline
        ) { referral, scope, _ in
            try TriageDecisionRule.checkDecline(reason: request.declineReason, redirect: request.redirect)
                .throwIfViolated()
            referral.triage = try self.sealing.sealTriage(
                Triage.with {
                    $0.decision = .declined
                    $0.declineReason = request.declineReason
                    $0.reason = request.reason
                    $0.redirect = request.redirect
                    $0.by = caller.personId
                    $0.at = scope.nowMillis
                },
                referralId: referral.id
            )
            MilestoneTimestampRule.stamp(&referral, \.triagedAt, at: scope.nowMillis)
            return Outcome(.declined, reason: "declined: \(request.declineReason.name)")
        }
    }
}
