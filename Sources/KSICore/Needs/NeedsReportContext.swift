import Foundation

/// A needs report from draft to decision basis (`needs.reports`, issue 16): this file, review and prioritisation
/// (+Review), decision bases (+DecisionBases).
///
/// Needs reports from draft to submission: create, edit, confirm, submit, return, resubmit, extend.
public struct NeedsReportContext: NeedsContextPart {
    let environment: NeedsEnvironment

    /// — → draft: the lead owner's `ownerAdmin` creates a report in an open round (NEED-R5, COM-R7).
    public func createNeedsReport(_ request: CreateNeedsReportRequest, as caller: Caller) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.createNeedsReport, request: request, caller: caller) { scope in
            try scope.caller.require(
                .ownerAdmin,
                scope: request.leadOwnerId,
                toDo: "create a needs report for this owner"
            )
            let round = try await scope.store.require(
                NeedsRound.self,
                id: request.roundId,
                what: "needs round",
                field: "round_id"
            )
            guard round.status == .open else {
                throw DomainError.illegalTransition(
                    "a report can only be created in an open round; this round is \(round.status.name)"
                )
            }
            if let owner = reference.owner(request.leadOwnerId), owner.governorOfficeId != round.governorOfficeId {
                throw DomainError.invalidArgument(
                    field: "lead_owner_id",
                    "the lead owner belongs to another embete than the round"
                )
            }
            var report = NeedsReport.with {
                $0.id = Self.newId()
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
                $0.roundId = round.id
                $0.scheme = round.scheme
                $0.year = round.year
                $0.governorOfficeId = round.governorOfficeId
                $0.leadOwnerId = request.leadOwnerId
                $0.status = .draft
            }
            report.apply(request.content ?? NeedsReportContent())
            report.warnings = try await checkContent(report, round: round, scope: scope)
            return try await scope.create(report, role: .ownerAdmin, state: report.status.name)
        }
    }

    /// Replaces the content of a draft or returned report; co-editors may edit but not change who takes part.
    public func updateNeedsReport(_ request: UpdateNeedsReportRequest, as caller: Caller) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.updateNeedsReport, request: request, caller: caller) { scope in
            var report = try await scope.load(
                NeedsReport.self,
                id: request.needsReportId,
                expectedVersion: request.expectedVersion,
                what: "needs report",
                field: "needs_report_id"
            )
            guard let role = NeedsAccess.editorRole(report, scope.caller) else {
                throw DomainError.notPermitted(
                    "only the lead owner's ownerAdmin or an invited co-editor may edit this report"
                )
            }
            try NeedsReportStateMachine(report.status).check(.update)
            let content = request.content ?? NeedsReportContent()
            if !NeedsAccess.isLead(report, scope.caller) {
                var findings = Findings()
                if content.coApplicantOwnerIds != report.coApplicantOwnerIds {
                    findings.reject(
                        .malformedInput,
                        field: "content.co_applicant_owner_ids",
                        "only the lead owner can change the co-applicants"
                    )
                }
                if content.uhPartnerIds != report.uhPartnerIds {
                    findings.reject(
                        .malformedInput,
                        field: "content.uh_partner_ids",
                        "only the lead owner can change the UH partners"
                    )
                }
                if content.pptOfficeIds != report.pptOfficeIds {
                    findings.reject(
                        .malformedInput,
                        field: "content.ppt_office_ids",
                        "only the lead owner can change the PPT offices"
                    )
                }
                if !findings.violations.isEmpty {
                    throw DomainError(
                        .notPermitted,
                        "a co-editor cannot change who takes part",
                        violations: findings.violations
                    )
                }
            }
            let round = try await scope.store.require(NeedsRound.self, id: report.roundId, what: "needs round")
            report.apply(content)
            // A confirmation stays with the owners still on the report.
            report.coApplicantConfirmations.removeAll { !report.coApplicantOwnerIds.contains($0.ownerId) }
            report.warnings = try await checkContent(report, round: round, scope: scope)
            report.updatedAt = scope.nowMillis
            return try await scope.save(report, role: role, before: report.status.name, after: report.status.name)
        }
    }

    /// A co-applicant's `ownerAdmin` confirms the joint application (NEED-R5).
    public func confirmCoApplication(
        _ request: ConfirmCoApplicationRequest,
        as caller: Caller
    ) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.confirmCoApplication, request: request, caller: caller) { scope in
            var report = try await scope.load(
                NeedsReport.self,
                id: request.needsReportId,
                expectedVersion: request.expectedVersion,
                what: "needs report",
                field: "needs_report_id"
            )
            try scope.caller.require(
                .ownerAdmin,
                scope: request.ownerId,
                toDo: "confirm a joint application for this owner"
            )
            guard report.coApplicantOwnerIds.contains(request.ownerId) else {
                throw Findings.rejection(
                    OwnerApplicantRule.id,
                    field: "owner_id",
                    "only a co-applicant named on the report can confirm it"
                )
            }
            try NeedsReportStateMachine(report.status).check(.confirmCoApplication)
            if report.coApplicantConfirmations.contains(where: { $0.ownerId == request.ownerId }) {
                throw DomainError.illegalTransition("this co-applicant has already confirmed the joint application")
            }
            report.coApplicantConfirmations.append(
                CoApplicantConfirmation.with {
                    $0.ownerId = request.ownerId
                    $0.confirmedAt = scope.nowMillis
                    $0.confirmedByPersonId = scope.caller.personId
                }
            )
            report.updatedAt = scope.nowMillis
            return try await scope.save(
                report,
                role: .ownerAdmin,
                before: report.status.name,
                after: report.status.name,
                reason: "co-applicant confirmed"
            )
        }
    }

    /// draft → submitted (NEED-R1, R2, R5, R6, R11 HARD; R3, R4 per policy; WARNs stored); emits NeedsReportSubmitted.
    public func submitNeedsReport(_ request: SubmitNeedsReportRequest, as caller: Caller) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.submitNeedsReport, request: request, caller: caller) { scope in
            let report = try await scope.load(
                NeedsReport.self,
                id: request.needsReportId,
                expectedVersion: request.expectedVersion,
                what: "needs report",
                field: "needs_report_id"
            )
            let role = try NeedsAccess.requireLeadOwner(report, scope.caller, toDo: "submit this report")
            try NeedsReportStateMachine(report.status).check(.submit)
            return try await submit(report, role: role, scope: scope)
        }
    }

    /// submitted → returned: `sfCaseworker` returns the report for completion, with a reason.
    public func returnNeedsReportForCompletion(
        _ request: ReturnNeedsReportForCompletionRequest,
        as caller: Caller
    ) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.returnNeedsReportForCompletion, request: request, caller: caller) {
            scope in
            var report = try await scope.load(
                NeedsReport.self,
                id: request.needsReportId,
                expectedVersion: request.expectedVersion,
                what: "needs report",
                field: "needs_report_id"
            )
            let role = try NeedsAccess.requireCaseworker(
                report.governorOfficeId,
                scope.caller,
                toDo: "return a report for completion"
            )
            try NeedsReportStateMachine(report.status).check(.returnForCompletion)
            let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else {
                throw DomainError.invalidArgument(field: "reason", "a reason is required to return a report")
            }
            let before = report.status
            report.status = .returned
            report.returnReason = reason
            report.returnedAt = scope.nowMillis
            report.updatedAt = scope.nowMillis
            return try await scope.save(
                report,
                role: role,
                before: before.name,
                after: report.status.name,
                reason: reason
            )
        }
    }

    /// returned → submitted: the lead owner resubmits; the submission rules run again (NEED-R6 deadline or extension).
    public func resubmitNeedsReport(
        _ request: ResubmitNeedsReportRequest,
        as caller: Caller
    ) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.resubmitNeedsReport, request: request, caller: caller) { scope in
            let report = try await scope.load(
                NeedsReport.self,
                id: request.needsReportId,
                expectedVersion: request.expectedVersion,
                what: "needs report",
                field: "needs_report_id"
            )
            let role = try NeedsAccess.requireLeadOwner(report, scope.caller, toDo: "resubmit this report")
            try NeedsReportStateMachine(report.status).check(.resubmit)
            return try await submit(report, role: role, scope: scope)
        }
    }

    /// `sfCaseworker` records a later deadline for one report (NEED-R6).
    public func recordDeadlineExtension(
        _ request: RecordDeadlineExtensionRequest,
        as caller: Caller
    ) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.recordDeadlineExtension, request: request, caller: caller) {
            scope in
            var report = try await scope.load(
                NeedsReport.self,
                id: request.needsReportId,
                expectedVersion: request.expectedVersion,
                what: "needs report",
                field: "needs_report_id"
            )
            let role = try NeedsAccess.requireCaseworker(
                report.governorOfficeId,
                scope.caller,
                toDo: "extend a submission deadline"
            )
            try NeedsReportStateMachine(report.status).check(.recordDeadlineExtension)
            let round = try await scope.store.require(NeedsRound.self, id: report.roundId, what: "needs round")
            guard let extended = request.extendedDeadline, extended.isValid else {
                throw DomainError.invalidArgument(field: "extended_deadline", "the extended deadline is required")
            }
            if let deadline = round.submissionDeadline, extended <= deadline {
                throw DomainError.invalidArgument(
                    field: "extended_deadline",
                    "an extension must end after the round's deadline of \(deadline)"
                )
            }
            let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else {
                throw DomainError.invalidArgument(field: "reason", "a reason is required for an extension")
            }
            report.deadlineExtension = DeadlineExtension.with {
                $0.extendedDeadline = extended
                $0.reason = reason
                $0.grantedAt = scope.nowMillis
                $0.grantedByPersonId = scope.caller.personId
            }
            report.updatedAt = scope.nowMillis
            return try await scope.save(
                report,
                role: role,
                before: report.status.name,
                after: report.status.name,
                reason: reason
            )
        }
    }

    // MARK: Shared steps

    /// Runs the editing rules; HARD findings throw, WARNs are returned to store on the report.
    func checkContent(_ report: NeedsReport, round: NeedsRound, scope: CommandScope) async throws -> [RuleWarning] {
        var findings = Findings()
        for (index, unitId) in report.participatingUnitIds.enumerated() where reference.unit(unitId) == nil {
            findings.reject(
                .malformedInput,
                field: "content.participating_unit_ids[\(index)]",
                "every participating unit must be known"
            )
        }
        for (index, id) in report.assessmentIds.enumerated() {
            if try await scope.store.get(NeedsAssessment.self, id: id) == nil {
                findings.reject(
                    .malformedInput,
                    field: "content.assessment_ids[\(index)]",
                    "every linked assessment must exist"
                )
            }
        }
        for (index, id) in report.pptOfficeIds.enumerated() where reference.pptOffice(id) == nil {
            findings.reject(
                .malformedInput,
                field: "content.ppt_office_ids[\(index)]",
                "every PPT office must be known"
            )
        }
        for (index, id) in report.uhPartnerIds.enumerated() where reference.uhInstitution(id) == nil {
            findings.reject(
                .malformedInput,
                field: "content.uh_partner_ids[\(index)]",
                "every UH partner must be a known UH institution"
            )
        }
        let context = try await ruleContext(
            for: report,
            round: round,
            store: scope.store,
            today: scope.today,
            phase: .draft
        )
        findings.merge(NeedsReportRules.evaluate(NeedsReportRules.editing, report, in: context))
        return try findings.throwIfViolated()
    }

    /// The submission step shared by Submit and Resubmit: all rules, then submitted and the event.
    func submit(_ report: NeedsReport, role: Role, scope: CommandScope) async throws -> NeedsReport {
        var report = report
        let round = try await scope.store.require(NeedsRound.self, id: report.roundId, what: "needs round")
        let extended = report.deadlineExtension?.extendedDeadline.map { scope.today <= $0 } ?? false
        guard round.status == .open || (round.status == .closed && extended) else {
            throw DomainError.illegalTransition(
                "a report can only be submitted while its round is open, or within an extension; this round is \(round.status.name)"
            )
        }
        let context = try await ruleContext(
            for: report,
            round: round,
            store: scope.store,
            today: scope.today,
            phase: .submission
        )
        let warnings = try NeedsReportRules.evaluate(NeedsReportRules.submission, report, in: context).throwIfViolated()
        let before = report.status
        report.status = .submitted
        report.warnings = warnings
        report.submittedAt = scope.nowMillis
        report.updatedAt = scope.nowMillis
        let saved = try await scope.save(report, role: role, before: before.name, after: report.status.name)
        try await emit(.needsReportSubmitted, saved, scope: scope)
        return saved
    }
}

extension NeedsReport {
    /// Replaces the editable content (full replacement).
    mutating func apply(_ content: NeedsReportContent) {
        networkId = content.networkId
        title = content.title
        coApplicantOwnerIds = content.coApplicantOwnerIds
        participatingUnitIds = content.participatingUnitIds
        sectors = content.sectors
        themes = content.themes
        targetGroups = content.targetGroups
        assessmentIds = content.assessmentIds
        ownerPlanReference = content.ownerPlanReference
        longTermPlanGoalIds = content.longTermPlanGoalIds
        uhPartnerIds = content.uhPartnerIds
        uhContactedOn = content.uhContactedOn
        pptInvolvement = content.pptInvolvement
        pptOfficeIds = content.pptOfficeIds
        statpedNeeded = content.statpedNeeded
        statpedNeededReason = content.statpedNeededReason
        samiPerspective = content.samiPerspective
        // Lines refer to proposed measures by id, so every measure gets one.
        proposedMeasures = content.proposedMeasures.map { measure in
            var measure = measure
            if measure.id.isEmpty { measure.id = NeedsContext.newId() }
            return measure
        }
        requestedAmountOre = content.requestedAmountOre
        requestedYears = content.requestedYears
        proposedOwnerShareBp = content.proposedOwnerShareBp
    }
}
