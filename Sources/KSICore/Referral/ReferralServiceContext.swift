/// An accepted referral's service (`referral.service`, issue 16): this file, assignment (+Assignment), the
/// start-up deadline (+StartupDeadline), progress (+Progress).
///
/// The service: startup meeting, collaboration plan, consents, closing, extension and closure
/// (REF-R2, R6b, R10–R14; PRIV-R9).
public struct ReferralServiceContext: ReferralContextPart {
    let environment: ReferralEnvironment

    /// Schedules or records the startup meeting; `held_on` set: assigned → startupHeld (REF-R10, R12).
    public func recordStartupMeeting(_ request: RecordStartupMeetingRequest, as caller: Caller) async throws -> Referral
    {
        let command: ReferralStateMachine.Command =
            request.heldOn == nil ? .scheduleStartupMeeting : .recordStartupMeeting
        return try await change(
            ReferralServiceRPC.recordStartupMeeting,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            command
        ) { referral, scope, _ in
            try self.requireConsentIfStarted(referral)
            if let heldOn = request.heldOn {
                guard heldOn.isValid, heldOn <= scope.today else {
                    throw DomainError.invalidArgument(
                        field: "held_on",
                        "the meeting date must be a calendar date no later than today"
                    )
                }
                let accepted = OsloCalendar.localDate(atMillis: referral.timestamps?.acceptedAt ?? 0)
                guard accepted <= heldOn else {
                    throw DomainError.invalidArgument(
                        field: "held_on",
                        "the startup meeting cannot be held before the referral was accepted"
                    )
                }
            } else if request.scheduledFor == nil {
                throw DomainError.invalidArgument(
                    field: "scheduled_for",
                    "give the date the meeting is scheduled for or was held on"
                )
            }
            referral.startupMeeting = try StartupMeeting.with {
                $0.scheduledFor = request.scheduledFor ?? request.heldOn
                $0.heldOn = request.heldOn
                $0.physical = request.physical
                $0.note = try self.sealing.text(request.note, referral.id, ReferralSealing.Field.startupMeetingNote)
            }
            guard request.heldOn != nil else { return Outcome(reason: "startup meeting scheduled") }
            try ServicePhaseRule.check(from: referral.phase, to: .startup).throwIfViolated()
            referral.phase = .startup
            MilestoneTimestampRule.stamp(&referral, \.startupHeldAt, at: scope.nowMillis)
            return Outcome(.startupHeld)
        }
    }

    /// Proposes or revises the collaboration plan and the meeting plan; both parties must agree
    /// again (REF-R11, REF-R14).
    public func proposeCollaborationPlan(
        _ request: ProposeCollaborationPlanRequest,
        as caller: Caller
    ) async throws -> Referral {
        try await change(
            ReferralServiceRPC.proposeCollaborationPlan,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .proposePlan
        ) { referral, scope, _ in
            try self.requireConsentIfStarted(referral)
            let plan = CollaborationPlan.with {
                $0.planVersion = (referral.collaborationPlan?.planVersion ?? 0) + 1
                $0.validFrom = request.validFrom
                $0.validTo = request.validTo
                $0.goals = request.goals
                $0.responsibilities = request.responsibilities
                $0.progressPlan = request.progressPlan
                $0.evaluationPlan = request.evaluationPlan
                $0.proposedAt = scope.nowMillis
            }
            let policy = self.policy(referral, on: scope.today).statped
            var findings = referral.kind == .system ? Findings() : CollaborationPlanRule.checkContent(plan)
            findings.merge(MeetingPlanRule.check(request.meetingPlan, policy: policy))
            let warnings = try findings.throwIfViolated()
            if let previous = referral.collaborationPlan { referral.collaborationPlanHistory.append(previous) }
            referral.collaborationPlan = try self.sealing.sealPlan(plan, referralId: referral.id)
            if let meetingPlan = request.meetingPlan { referral.meetingPlan = meetingPlan }
            referral.warnings.removeAll { $0.ruleId == MeetingPlanRule.id.value }
            referral.warnings += warnings
            return Outcome(reason: "collaboration plan proposed")
        }
    }

    /// One party agrees to the current plan. When both have: startupHeld → inService (REF-R2, R6b,
    /// R11, R12), or, for a pending extension, closing → inService (REF-R13).
    public func agreeCollaborationPlan(
        _ request: AgreeCollaborationPlanRequest,
        as caller: Caller
    ) async throws -> Referral {
        try await runner.run(ReferralServiceRPC.agreeCollaborationPlan, request: request, caller: caller) {
            scope in
            // Decide the command from the stored status, then run it through `change` semantics.
            let stored = try await scope.load(
                Referral.self,
                id: request.referralId,
                expectedVersion: request.expectedVersion,
                what: "referral",
                field: "referral_id"
            )
            return try await agree(request, stored: stored, caller: caller, scope: scope)
        }
    }

    /// Records a guardian's consent (REF-R6b, PRIV-R9).
    public func recordConsent(_ request: RecordConsentRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.recordConsent,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .recordConsent
        ) { referral, scope, _ in
            guard referral.guardians.contains(where: { $0.id == request.guardianId }) else {
                throw DomainError.invalidArgument(
                    field: "guardian_id",
                    "the consent must come from a guardian recorded on this referral"
                )
            }
            guard request.scope != .unspecified else {
                throw DomainError.invalidArgument(field: "scope", "a consent needs a scope")
            }
            let givenOn = request.givenOn ?? scope.today
            guard givenOn.isValid, givenOn <= scope.today else {
                throw DomainError.invalidArgument(field: "given_on", "a consent cannot be given in the future")
            }
            let consentId = Self.newId()
            referral.consents.append(
                try Consent.with {
                    $0.id = consentId
                    $0.guardianId = request.guardianId
                    $0.scope = request.scope
                    $0.givenOn = givenOn
                    $0.recordedAt = scope.nowMillis
                    $0.recordedByPersonId = caller.personId
                    $0.pupilOwnConsentFlagged = request.pupilOwnConsentFlagged
                    $0.note = try self.sealing.text(
                        request.note,
                        referral.id,
                        ReferralSealing.Field.consentNote(consentId)
                    )
                }
            )
            if GuardianConsentRule.hasActiveInformationSharing(referral) {
                referral.warnings.removeAll { $0.ruleId == Self.consentRule.value }
            }
            return Outcome(reason: "consent recorded: \(request.scope.name)")
        }
    }

    /// Withdraws a consent (PRIV-R9): the withdrawal is recorded, processing that depends on an
    /// information-sharing consent stops until a new one is recorded, a warning tells the adviser and
    /// PPT on the case, and a `consentWithdrawn` milestone event notifies them.
    public func withdrawConsent(_ request: WithdrawConsentRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.withdrawConsent,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .withdrawConsent
        ) { referral, scope, _ in
            guard let index = referral.consents.firstIndex(where: { $0.id == request.consentId }) else {
                throw DomainError.notFound("consent", request.consentId)
            }
            guard referral.consents[index].withdrawnOn == nil else {
                throw DomainError.illegalTransition("this consent has already been withdrawn")
            }
            let withdrawnOn = request.withdrawnOn ?? scope.today
            guard withdrawnOn.isValid, withdrawnOn <= scope.today else {
                throw DomainError.invalidArgument(field: "withdrawn_on", "a consent cannot be withdrawn in the future")
            }
            referral.consents[index].withdrawnOn = withdrawnOn
            if !GuardianConsentRule.hasActiveInformationSharing(referral) {
                referral.warnings.removeAll { $0.ruleId == Self.consentRule.value }
                referral.warnings.append(
                    Findings.warning(
                        Self.consentRule,
                        field: "consents",
                        "a guardian withdrew consent to share information; the service is paused until a new consent is recorded"
                    )
                )
            }
            // PRIV-R9: the milestone event is what tells them: the notifier e-mails the adviser's Statped
            // organisation and the referring PPT (docs/operations.md), and their event feeds carry it.
            return Outcome(
                .consentWithdrawn,
                reason: "consent withdrawn: \(referral.consents[index].scope.name); adviser and PPT notified"
            )
        }
    }

    /// inService → closing: the assigned adviser records the plan's evaluation entry (REF-R12).
    public func startClosing(_ request: StartClosingRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.startClosing,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .startClosing
        ) { referral, scope, _ in
            try self.requireConsentIfStarted(referral)
            guard let evaluatedOn = request.evaluatedOn, evaluatedOn.isValid, !request.evaluationMethod.isEmpty else {
                throw DomainError.invalidArgument(
                    field: "evaluated_on",
                    "closing starts with the plan's evaluation: a date and a method"
                )
            }
            try ServicePhaseRule.check(from: referral.phase, to: .closingOrExtension).throwIfViolated()
            let evaluationId = Self.newId()
            referral.evaluations.append(
                try ServiceEvaluation.with {
                    $0.id = evaluationId
                    $0.evaluatedOn = evaluatedOn
                    $0.method = request.evaluationMethod
                    $0.summary = try self.sealing.text(
                        request.evaluationSummary,
                        referral.id,
                        ReferralSealing.Field.evaluationSummary(evaluationId)
                    )
                    $0.recordedAt = scope.nowMillis
                    $0.recordedByPersonId = caller.personId
                }
            )
            referral.phase = .closingOrExtension
            return Outcome(.closing)
        }
    }

    /// Proposes an extension from closing: an evaluation and a revised plan with a new end date
    /// (REF-R13); the proposing party's agreement is recorded, the other's completes it.
    public func extendService(_ request: ExtendServiceRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.extendService,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .extendService
        ) { referral, scope, actors in
            try self.requireConsentIfStarted(referral)
            try Self.requireParty(request.party, actors: actors, kind: referral.kind)
            var findings = ExtensionRule.check(
                referral,
                evaluationId: request.evaluationId,
                newValidTo: request.newValidTo
            )
            let previousSealed = referral.collaborationPlan
            // The previous plan's texts are carried over in clear and sealed again under the new version.
            let previous = try previousSealed.map { try self.sealing.openPlan($0, referralId: referral.id) }
            let plan = CollaborationPlan.with {
                $0.planVersion = (previous?.planVersion ?? 0) + 1
                $0.validFrom = previous?.validFrom
                $0.validTo = request.newValidTo
                $0.goals = request.goals.isEmpty ? previous?.goals ?? [] : request.goals
                $0.responsibilities =
                    request.responsibilities.isEmpty ? previous?.responsibilities ?? [] : request.responsibilities
                $0.progressPlan = request.progressPlan.isEmpty ? previous?.progressPlan ?? [] : request.progressPlan
                $0.evaluationPlan =
                    request.evaluationPlan.isEmpty ? previous?.evaluationPlan ?? [] : request.evaluationPlan
                $0.proposedAt = scope.nowMillis
                if request.party == .ppt { $0.agreedByPptOn = scope.today } else { $0.agreedByStatpedOn = scope.today }
            }
            if referral.kind != .system {
                findings.merge(CollaborationPlanRule.checkContent(plan).relabelled(as: ExtensionRule.id))
            }
            try findings.throwIfViolated()
            if let previousSealed { referral.collaborationPlanHistory.append(previousSealed) }
            referral.collaborationPlan = try self.sealing.sealPlan(plan, referralId: referral.id)
            let extensionId = Self.newId()
            referral.extensions.append(
                try Extension.with {
                    $0.id = extensionId
                    $0.evaluationId = request.evaluationId
                    $0.previousValidTo = previous?.validTo
                    $0.newValidTo = request.newValidTo
                    $0.reason = try self.sealing.text(
                        request.reason,
                        referral.id,
                        ReferralSealing.Field.extensionReason(extensionId)
                    )
                    $0.requestedAt = scope.nowMillis
                    if request.party == .ppt {
                        $0.agreedByPptOn = scope.today
                    } else {
                        $0.agreedByStatpedOn = scope.today
                    }
                }
            )
            return Outcome(reason: "extension proposed")
        }
    }

    /// closing → closed: the assigned adviser; the closure summary is sent to PPT.
    public func closeReferral(_ request: CloseReferralRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.closeReferral,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .close
        ) { referral, scope, _ in
            guard !request.summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw DomainError.invalidArgument(
                    field: "summary",
                    "closing a referral needs a closure summary for PPT"
                )
            }
            let closedOn = request.closedOn ?? scope.today
            guard closedOn.isValid, closedOn <= scope.today else {
                throw DomainError.invalidArgument(field: "closed_on", "a referral cannot be closed on a future date")
            }
            referral.closure = try Closure.with {
                $0.summary = try self.sealing.text(request.summary, referral.id, ReferralSealing.Field.closureSummary)
                $0.closedOn = closedOn
                $0.summarySentToPptAt = scope.nowMillis
            }
            MilestoneTimestampRule.stamp(&referral, \.closedAt, at: scope.nowMillis)
            return Outcome(.closed, reason: "closed; closure summary sent to PPT")
        }
    }

    // MARK: Helpers

    static let consentRule: RuleID = .consent

    /// PRIV-R9: once the service has started, commands that process the child's information need an
    /// active information-sharing consent.
    func requireConsentIfStarted(_ referral: Referral) throws {
        guard referral.kind != .system, (referral.timestamps?.inServiceAt ?? 0) != 0 else { return }
        guard GuardianConsentRule.hasActiveInformationSharing(referral) else {
            throw Findings.rejection(
                Self.consentRule,
                field: "consents",
                "a guardian withdrew consent to share information; record a new consent before the service continues"
            )
        }
    }

    /// The party a caller may agree for: PPT for the responsible office (or the requesting
    /// organisation of a system request), Statped for an assigned adviser.
    static func requireParty(
        _ party: ResponsibilityParty,
        actors: Set<ReferralStateMachine.Actor>,
        kind: ReferralKind
    ) throws {
        switch party {
        case .ppt:
            let allowed: Set<ReferralStateMachine.Actor> =
                kind == .system ? [.requestingOrg] : [.pptAdviser, .pptLeader]
            guard !allowed.isDisjoint(with: actors) else {
                throw DomainError.notPermitted("only the responsible PPT office may agree for PPT")
            }
        case .statped:
            guard actors.contains(.assignedAdviser) else {
                throw DomainError.notPermitted("only an assigned Statped adviser may agree for Statped")
            }
        default:
            throw DomainError.invalidArgument(field: "party", "the agreeing party is PPT or Statped")
        }
    }

    /// The body of `agreeCollaborationPlan`, inside its transaction.
    func agree(
        _ request: AgreeCollaborationPlanRequest,
        stored: Referral,
        caller: Caller,
        scope: CommandScope
    ) async throws -> Referral {
        var referral = stored
        let actors = ReferralAccess.actors(of: caller, on: referral)
        let machine = ReferralStateMachine(kind: referral.kind)
        let pendingExtension =
            referral.status == .closing
            && referral.extensions.last.map { $0.agreedByPptOn == nil || $0.agreedByStatpedOn == nil } ?? false
        _ = try machine.next(pendingExtension ? .extendService : .agreePlan, from: referral.status, actors: actors)
        try Self.requireParty(request.party, actors: actors, kind: referral.kind)
        guard var plan = referral.collaborationPlan else {
            throw DomainError.illegalTransition("there is no collaboration plan to agree to; propose one first")
        }
        if referral.status != .startupHeld { try requireConsentIfStarted(referral) }
        let agreedOn = request.agreedOn ?? scope.today
        if request.party == .ppt { plan.agreedByPptOn = agreedOn } else { plan.agreedByStatpedOn = agreedOn }
        referral.collaborationPlan = plan
        let both = plan.agreedByPptOn != nil && plan.agreedByStatpedOn != nil
        var milestone: ReferralMilestone?
        if pendingExtension {
            let last = referral.extensions.count - 1
            if request.party == .ppt {
                referral.extensions[last].agreedByPptOn = agreedOn
            } else {
                referral.extensions[last].agreedByStatpedOn = agreedOn
            }
            if both {
                referral.status = try machine.next(.completeExtension, from: referral.status, actors: actors)
                try ServicePhaseRule.check(from: referral.phase, to: .assessmentAndGuidance).throwIfViolated()
                referral.phase = .assessmentAndGuidance
                milestone = .extended
            }
        } else if both && referral.status == .startupHeld {
            referral.status = try machine.next(.completePlan, from: referral.status, actors: actors)
            var findings = ExceptionPathRule.checkBeforeService(referral)
            findings.merge(GuardianConsentRule.checkInformationSharing(referral))
            if referral.kind != .system {
                findings.merge(CollaborationPlanRule.checkAgreed(try sealing.openPlan(plan, referralId: referral.id)))
            }
            findings.merge(ServicePhaseRule.check(from: referral.phase, to: .assessmentAndGuidance))
            try findings.throwIfViolated()
            referral.phase = .assessmentAndGuidance
            MilestoneTimestampRule.stamp(&referral, \.inServiceAt, at: scope.nowMillis)
            milestone = .inService
        }
        StartupMeetingSlaRule.refresh(&referral, today: scope.today, policy: policy(referral, on: scope.today).statped)
        referral.updatedAt = scope.nowMillis
        let saved = try await scope.save(
            referral,
            role: ReferralAccess.role(of: caller, on: stored),
            before: stored.status.name,
            after: referral.status.name,
            reason: "collaboration plan agreed by \(request.party.name)"
        )
        if let milestone { try await emit(milestone, for: saved, scope: scope) }
        return ReferralSealing.redact(saved)
    }
}

extension Findings {
    /// The same findings reported under another rule id (a rule reused inside another).
    fileprivate func relabelled(as rule: RuleID) -> Findings {
        var copy = Findings()
        for violation in violations { copy.reject(rule, field: violation.field, violation.message) }
        for warning in warnings { copy.warn(rule, field: warning.field, warning.message) }
        return copy
    }
}
