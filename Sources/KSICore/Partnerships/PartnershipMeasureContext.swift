import Foundation

/// Measure commands: create, edit, checkpoints T1–T3, practice changes, joint evaluation, teacher-education
/// feedback, completion, local follow-up, abort with and without notice.
public struct PartnershipMeasureContext: PartnershipContextPart {
    let environment: PartnershipEnvironment

    /// Sectors derived from the participating units (and PPT staff as support services).
    func sectors(of measure: Measure) -> [Sector] {
        var sectors: [Sector] = []
        for unitId in measure.participatingUnitIds {
            let sector: Sector? =
                switch reference.unit(unitId)?.unitType {
                case .kindergarten: .kindergarten
                case .primarySchool, .sfo, .combinedCentre: .compulsorySchool
                case .upperSecondarySchool: .upperSecondary
                case .adultEducationCentre: .adultEducation
                case .pptOffice: .supportServices
                default: nil
                }
            if let sector, !sectors.contains(sector) { sectors.append(sector) }
        }
        if measure.targetGroups.contains(.pptStaff) && !sectors.contains(.supportServices) {
            sectors.append(.supportServices)
        }
        return sectors
    }

    /// The measure's policy: its embete and scheme in the year it starts (or this year).
    func policy(for measure: Measure, in partnership: Partnership, today: LocalDate) -> PolicyConfig {
        policy(for: partnership, year: measure.startDate?.year ?? today.year)
    }

    /// Every WARN of a measure, re-evaluated on each change: PART-R3, R8 (as WARN), R9, R10, R11.
    func measureWarnings(_ measure: Measure, partnership: Partnership, today: LocalDate) -> [RuleWarning] {
        var findings = Findings()
        findings.merge(
            UhCompetenceRule.check(
                themes: measure.themes,
                uhInstitutionIds: partnership.uhInstitutionIds,
                reference: reference
            )
        )
        findings.merge(
            PptRoleRule.check(
                measure.pptRole,
                starting: false,
                config: policy(for: measure, in: partnership, today: today)
            )
        )
        findings.merge(PracticeComponentRule.check(measure.practiceComponents))
        findings.merge(
            CoursePackageRule.check(
                lines: measure.budgetLines,
                formats: measure.formats,
                components: measure.practiceComponents
            )
        )
        findings.merge(PracticeEvidenceRule.check(measure, today: today))
        return findings.warnings
    }

    /// The HARD rules of a measure's content (CreateMeasure, UpdateMeasure): PART-R2, R7, R8, R14, R15.
    func measureFindings(
        _ measure: Measure,
        partnership: Partnership,
        store: StoreTransaction,
        today: LocalDate
    ) async throws -> Findings {
        var findings = Findings()
        if measure.title.trimmingCharacters(in: .whitespaces).isEmpty {
            findings.reject(.malformedInput, field: "content.title", "a measure has a title")
        }
        if let start = measure.startDate, let end = measure.endDate, end < start {
            findings.reject(.malformedInput, field: "content.end_date", "a measure ends after it starts")
        }
        findings.merge(
            PptOwnCompetenceRule.check(targetGroups: measure.targetGroups, unitIds: measure.participatingUnitIds)
        )
        findings.merge(
            PrivateUnitParticipationRule.check(
                unitIds: measure.participatingUnitIds,
                partnership: partnership,
                reference: reference
            )
        )
        findings.merge(
            ThirdPartyProviderRule.checkBudgetLines(
                measure.budgetLines,
                field: "content.budget_lines",
                directStatpedApproved: partnership.forumApprovedDirectStatped
            )
        )
        let siblings = try await store.list(Measure.self, filter: StorageFilter(parentId: partnership.id)).items.filter
        {
            $0.id != measure.id && $0.grantLineId == measure.grantLineId && $0.status != .aborted
        }
        findings.merge(
            MeasureBudgetRule.check(
                lines: measure.budgetLines,
                otherLines: siblings.flatMap(\.budgetLines),
                grantLineId: measure.grantLineId,
                partnership: partnership
            )
        )
        // PART-R8 as HARD only; its WARN is part of `measureWarnings`.
        let ppt = PptRoleRule.check(
            measure.pptRole,
            starting: false,
            config: policy(for: measure, in: partnership, today: today)
        )
        for violation in ppt.violations { findings.reject(violation.rule, field: violation.field, violation.message) }
        return findings
    }

    static func apply(_ content: MeasureContent, to measure: inout Measure) {
        measure.grantLineId = content.grantLineId
        measure.proposedMeasureId = content.proposedMeasureId
        measure.title = content.title
        measure.themes = content.themes
        measure.targetGroups = content.targetGroups
        measure.participatingUnitIds = content.participatingUnitIds
        measure.formats = content.formats
        measure.practiceComponents = content.practiceComponents
        measure.supportServiceParticipants = content.supportServiceParticipants
        measure.pptRole = content.pptRole
        measure.uhRole = content.uhRole
        measure.budgetLines = content.budgetLines
        measure.furtherEducationMentors = content.furtherEducationMentors
        measure.startDate = content.startDate
        measure.endDate = content.endDate
    }

    /// Loads a measure and its partnership for a change.
    func loadMeasure(_ scope: CommandScope, id: String, expectedVersion: Int64) async throws -> (Measure, Partnership) {
        let measure = try await scope.load(
            Measure.self,
            id: id,
            expectedVersion: expectedVersion,
            what: "measure",
            field: "measure_id"
        )
        let partnership = try await scope.store.require(
            Partnership.self,
            id: measure.partnershipId,
            what: "partnership"
        )
        return (measure, partnership)
    }

    /// Stores a changed measure with its warnings re-evaluated, audits it, and emits MeasureStatusChanged
    /// when the status moved.
    func saveMeasure(
        _ scope: CommandScope,
        _ measure: Measure,
        partnership: Partnership,
        actor: PartnershipActor,
        before: MeasureStatus,
        reason: String? = nil,
        emitChange: Bool = true,
        role: Role? = nil
    ) async throws -> Measure {
        var changed = measure
        changed.updatedAt = scope.nowMillis
        changed.warnings = measureWarnings(changed, partnership: partnership, today: scope.today)
        let stored = try await scope.save(
            changed,
            role: role ?? actor.auditRole,
            before: before.name,
            after: changed.status.name,
            reason: reason
        )
        if emitChange && stored.status != before {
            try await scope.emitPartnershipEvent(
                PartnershipEvent(
                    PartnershipEventType.measureStatusChanged,
                    measure: stored,
                    previous: before,
                    partnership: partnership,
                    at: scope.nowMillis
                )
            )
        }
        return stored
    }

    /// — → planned; ownerAdmin or uhContact of the partnership (PART-R2, R7, R8, R14, R15; WARN R3, R8–R10).
    public func createMeasure(_ request: CreateMeasureRequest, as caller: Caller) async throws -> Measure {
        try await runner.run(PartnershipServiceRPC.createMeasure, request: request, caller: caller) { scope in
            let partnership = try await scope.store.require(
                Partnership.self,
                id: request.partnershipId,
                what: "partnership",
                field: "partnership_id"
            )
            let (to, actor) = try MeasureStateMachine.transition(
                .createMeasure,
                from: .unspecified,
                by: Self.actors(caller, partnership, only: [.ownerAdmin, .uhContact])
            )
            guard [.draft, .active].contains(partnership.status) else {
                throw DomainError.illegalTransition(
                    "measures are added to a draft or active partnership; this one is \(partnership.status.name)"
                )
            }
            var measure = Measure.with {
                $0.id = Self.newId()
                $0.partnershipId = partnership.id
                $0.scheme = partnership.scheme
                $0.governorOfficeId = partnership.governorOfficeId
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
            }
            Self.apply(request.content ?? MeasureContent(), to: &measure)
            measure.sectors = self.sectors(of: measure)
            try await self.measureFindings(measure, partnership: partnership, store: scope.store, today: scope.today)
                .throwIfViolated()
            measure.status = to
            measure.warnings = self.measureWarnings(measure, partnership: partnership, today: scope.today)
            let stored = try await scope.create(measure, role: actor.auditRole, state: to.name)
            try await scope.emitPartnershipEvent(
                PartnershipEvent(
                    PartnershipEventType.measureStatusChanged,
                    measure: stored,
                    previous: .unspecified,
                    partnership: partnership,
                    at: scope.nowMillis
                )
            )
            return stored
        }
    }

    /// Replaces the content of a measure that is not final (PART-R3, R7…R10 re-evaluated).
    public func updateMeasure(_ request: UpdateMeasureRequest, as caller: Caller) async throws -> Measure {
        try await runner.run(PartnershipServiceRPC.updateMeasure, request: request, caller: caller) { scope in
            var (measure, partnership) = try await self.loadMeasure(
                scope,
                id: request.measureId,
                expectedVersion: request.expectedVersion
            )
            let actor = try Self.requireParty(caller, partnership, toDo: "edit a measure")
            try Self.requireLive(partnership)
            guard MeasureStateMachine.nonFinal.contains(measure.status) else {
                throw DomainError.illegalTransition(
                    "only a measure that is not finished can be edited; this one is \(measure.status.name)"
                )
            }
            Self.apply(request.content ?? MeasureContent(), to: &measure)
            measure.sectors = self.sectors(of: measure)
            try await self.measureFindings(measure, partnership: partnership, store: scope.store, today: scope.today)
                .throwIfViolated()
            return try await self.saveMeasure(
                scope,
                measure,
                partnership: partnership,
                actor: actor,
                before: measure.status
            )
        }
    }

    /// T1: planned → started (PART-R8 PPT role set); T2: → inProgress; T3: → completing; emits MeasureStatusChanged.
    public func logCheckpoint(_ request: LogCheckpointRequest, as caller: Caller) async throws -> Measure {
        try await runner.run(PartnershipServiceRPC.logCheckpoint, request: request, caller: caller) { scope in
            var (measure, partnership) = try await self.loadMeasure(
                scope,
                id: request.measureId,
                expectedVersion: request.expectedVersion
            )
            guard let command = MeasureStateMachine.Command.log(request.checkpoint) else {
                throw DomainError.invalidArgument(field: "checkpoint", "say which checkpoint is logged: T1, T2 or T3")
            }
            let before = measure.status
            let (to, actor) = try MeasureStateMachine.transition(
                command,
                from: before,
                by: Self.actors(caller, partnership)
            )
            guard partnership.status == .active else {
                throw DomainError.illegalTransition(
                    "checkpoints are logged while the partnership is active; it is \(partnership.status.name)"
                )
            }
            let loggedOn = request.loggedOn ?? scope.today
            guard loggedOn.isValid, loggedOn <= scope.today else {
                throw DomainError.invalidArgument(field: "logged_on", "a checkpoint cannot be logged on a future date")
            }
            if request.checkpoint == .t1 {
                try PptRoleRule.check(
                    measure.pptRole,
                    starting: true,
                    config: self.policy(for: measure, in: partnership, today: scope.today)
                )
                .throwIfViolated()
            }
            let record = CheckpointRecord.with {
                $0.loggedOn = loggedOn
                $0.loggedAt = scope.nowMillis
                $0.note = request.note
                $0.loggedByPersonId = caller.personId
            }
            var checkpoints = measure.checkpoints ?? MeasureCheckpoints()
            switch request.checkpoint {
            case .t1: checkpoints.t1 = record
            case .t2: checkpoints.t2 = record
            default: checkpoints.t3 = record
            }
            measure.checkpoints = checkpoints
            measure.status = to
            if request.checkpoint == .t1 && measure.startDate == nil { measure.startDate = loggedOn }
            return try await self.saveMeasure(
                scope,
                measure,
                partnership: partnership,
                actor: actor,
                before: before,
                reason: request.checkpoint.name
            )
        }
    }

    /// Logs a sign of changed practice (PART-R11), after T1; a party, PPT of the partnership, or the unit's leader.
    public func recordPracticeChange(_ request: RecordPracticeChangeRequest, as caller: Caller) async throws -> Measure
    {
        try await runner.run(PartnershipServiceRPC.recordPracticeChange, request: request, caller: caller) {
            scope in
            var (measure, partnership) = try await self.loadMeasure(
                scope,
                id: request.measureId,
                expectedVersion: request.expectedVersion
            )
            let actors = PartnershipActor.of(caller, in: partnership)
            let pptAdviser = partnership.pptOfficeIds.contains { caller.has(.pptAdviser, scope: $0) }
            let unitLeader = !request.unitId.isEmpty && caller.has(.unitLeader, scope: request.unitId)
            guard !actors.isDisjoint(with: [.ownerAdmin, .uhContact, .pptLeader]) || pptAdviser || unitLeader else {
                throw DomainError.notPermitted(
                    "only the partnership's parties, its PPT or the unit's leader may log practice changes"
                )
            }
            guard [.started, .inProgress, .completing, .completed, .followUp].contains(measure.status) else {
                throw DomainError.illegalTransition(
                    "practice changes are logged once a measure has started; this one is \(measure.status.name)"
                )
            }
            guard !request.text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError.invalidArgument(field: "text", "a practice change describes what changed")
            }
            if !request.unitId.isEmpty && !measure.participatingUnitIds.contains(request.unitId) {
                throw DomainError.invalidArgument(field: "unit_id", "the unit takes part in the measure")
            }
            let date = request.date ?? scope.today
            guard date <= scope.today else {
                throw DomainError.invalidArgument(field: "date", "a practice change cannot be dated in the future")
            }
            measure.practiceChanges.append(
                PracticeChangeEntry.with {
                    $0.id = Self.newId()
                    $0.date = date
                    $0.checkpoint = request.checkpoint
                    $0.unitId = request.unitId
                    $0.text = request.text
                    $0.recordedAt = scope.nowMillis
                    $0.recordedByPersonId = caller.personId
                }
            )
            let actor: PartnershipActor = actors.first { [.ownerAdmin, .uhContact, .pptLeader].contains($0) } ?? .other
            return try await self.saveMeasure(
                scope,
                measure,
                partnership: partnership,
                actor: actor,
                before: measure.status,
                role: actor == .other ? caller.auditRole([.pptAdviser, .unitLeader]) : nil
            )
        }
    }

    /// The owner or UH side records its part of the joint evaluation (PART-R17), once the measure is under way.
    public func recordJointEvaluation(
        _ request: RecordJointEvaluationRequest,
        as caller: Caller
    ) async throws -> Measure {
        try await runner.run(PartnershipServiceRPC.recordJointEvaluation, request: request, caller: caller) {
            scope in
            var (measure, partnership) = try await self.loadMeasure(
                scope,
                id: request.measureId,
                expectedVersion: request.expectedVersion
            )
            let side = try Self.side(of: request.party)
            guard PartnershipActor.of(caller, in: partnership).contains(side) else {
                throw DomainError.notPermitted(
                    "only \(side.rawValue) of the partnership concerned may record the \(request.party.name) side of the evaluation"
                )
            }
            guard [.inProgress, .completing].contains(measure.status) else {
                throw DomainError.illegalTransition(
                    "the joint evaluation is recorded while a measure is in progress or completing; this one is \(measure.status.name)"
                )
            }
            var evaluation = measure.evaluation ?? MeasureEvaluation()
            if !request.summary.isEmpty { evaluation.summary = request.summary }
            if !request.goalAttainment.isEmpty { evaluation.goalAttainment = request.goalAttainment }
            guard !evaluation.summary.isEmpty else {
                throw DomainError.invalidArgument(field: "summary", "the joint evaluation has a summary")
            }
            let person = caller.personId
            if side == .ownerAdmin {
                evaluation.ownerRecordedAt = scope.nowMillis
                evaluation.ownerPersonId = person
            } else {
                evaluation.uhRecordedAt = scope.nowMillis
                evaluation.uhPersonId = person
            }
            measure.evaluation = evaluation
            return try await self.saveMeasure(
                scope,
                measure,
                partnership: partnership,
                actor: side,
                before: measure.status
            )
        }
    }

    /// Records feedback to teacher education (PART-R16); uhContact of the UH institution that gave it.
    public func recordTeacherEducationFeedback(
        _ request: RecordTeacherEducationFeedbackRequest,
        as caller: Caller
    ) async throws -> Measure {
        try await runner.run(
            PartnershipServiceRPC.recordTeacherEducationFeedback,
            request: request,
            caller: caller
        ) { scope in
            var (measure, partnership) = try await self.loadMeasure(
                scope,
                id: request.measureId,
                expectedVersion: request.expectedVersion
            )
            guard partnership.uhInstitutionIds.contains(request.uhInstitutionId),
                caller.has(.uhContact, scope: request.uhInstitutionId)
            else {
                throw DomainError.notPermitted(
                    "only uhContact of one of the partnership's UH institutions may record feedback to teacher education"
                )
            }
            guard measure.status != .aborted else {
                throw DomainError.illegalTransition("feedback is not recorded on an aborted measure")
            }
            guard !request.text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError.invalidArgument(field: "text", "the feedback says what was fed back")
            }
            measure.teacherEducationFeedback.append(
                TeacherEducationFeedback.with {
                    $0.id = Self.newId()
                    $0.uhInstitutionId = request.uhInstitutionId
                    $0.givenOn = request.givenOn ?? scope.today
                    $0.programme = request.programme
                    $0.text = request.text
                }
            )
            return try await self.saveMeasure(
                scope,
                measure,
                partnership: partnership,
                actor: .uhContact,
                before: measure.status
            )
        }
    }

    /// completing → completed; ownerAdmin, after owner and UH have both recorded the joint evaluation (PART-R17).
    public func completeMeasure(_ request: CompleteMeasureRequest, as caller: Caller) async throws -> Measure {
        try await runner.run(PartnershipServiceRPC.completeMeasure, request: request, caller: caller) {
            scope in
            var (measure, partnership) = try await self.loadMeasure(
                scope,
                id: request.measureId,
                expectedVersion: request.expectedVersion
            )
            let before = measure.status
            let (to, actor) = try MeasureStateMachine.transition(
                .completeMeasure,
                from: before,
                by: Self.actors(caller, partnership)
            )
            try JointEvaluationRule.check(measure.evaluation).throwIfViolated()
            measure.status = to
            measure.completedAt = scope.nowMillis
            return try await self.saveMeasure(scope, measure, partnership: partnership, actor: actor, before: before)
        }
    }

    /// completed → followUp; ownerAdmin or pptLeader of the partnership.
    public func startLocalFollowUp(_ request: StartLocalFollowUpRequest, as caller: Caller) async throws -> Measure {
        try await runner.run(PartnershipServiceRPC.startLocalFollowUp, request: request, caller: caller) {
            scope in
            var (measure, partnership) = try await self.loadMeasure(
                scope,
                id: request.measureId,
                expectedVersion: request.expectedVersion
            )
            let before = measure.status
            let (to, actor) = try MeasureStateMachine.transition(
                .startLocalFollowUp,
                from: before,
                by: Self.actors(caller, partnership)
            )
            measure.status = to
            measure.followUpStartedAt = scope.nowMillis
            return try await self.saveMeasure(scope, measure, partnership: partnership, actor: actor, before: before)
        }
    }

    /// Any non-final state → aborted, with notice to the statsforvalter (PART-R6); ownerAdmin;
    /// emits MeasureAborted{notifiedInTime: true}.
    public func abortMeasure(_ request: AbortMeasureRequest, as caller: Caller) async throws -> Measure {
        try await runner.run(PartnershipServiceRPC.abortMeasure, request: request, caller: caller) { scope in
            var (measure, partnership) = try await self.loadMeasure(
                scope,
                id: request.measureId,
                expectedVersion: request.expectedVersion
            )
            let before = measure.status
            let (to, actor) = try MeasureStateMachine.transition(
                .abortMeasure,
                from: before,
                by: Self.actors(caller, partnership)
            )
            try AbortNoticeRule.check(
                reason: request.abortReason,
                notifiedAt: request.abortNotifiedAt,
                nowMillis: scope.nowMillis
            ).throwIfViolated()
            measure.status = to
            measure.abortReason = request.abortReason
            measure.abortNotifiedAt = request.abortNotifiedAt == 0 ? scope.nowMillis : request.abortNotifiedAt
            measure.abortedAt = scope.nowMillis
            let saved = try await self.saveMeasure(
                scope,
                measure,
                partnership: partnership,
                actor: actor,
                before: before,
                reason: request.abortReason
            )
            var event = PartnershipEvent(
                PartnershipEventType.measureAborted,
                measure: saved,
                previous: before,
                partnership: partnership,
                at: scope.nowMillis
            )
            event.notifiedInTime = true
            try await scope.emitPartnershipEvent(event)
            return saved
        }
    }

    /// Records an abort found later without notice; sfCaseworker; emits MeasureAborted{notifiedInTime: false},
    /// which leads to a reclaim in AllocationService (PART-R6, ALLOC-R16).
    public func recordUnannouncedAbort(
        _ request: RecordUnannouncedAbortRequest,
        as caller: Caller
    ) async throws -> Measure {
        try await runner.run(PartnershipServiceRPC.recordUnannouncedAbort, request: request, caller: caller) {
            scope in
            var (measure, partnership) = try await self.loadMeasure(
                scope,
                id: request.measureId,
                expectedVersion: request.expectedVersion
            )
            let before = measure.status
            let (to, actor) = try MeasureStateMachine.transition(
                .recordUnannouncedAbort,
                from: before,
                by: Self.actors(caller, partnership)
            )
            try AbortNoticeRule.checkUnannounced(
                reason: request.abortReason,
                discoveredOn: request.discoveredOn,
                today: scope.today
            ).throwIfViolated()
            measure.status = to
            measure.abortReason = request.abortReason
            measure.abortNotifiedAt = 0
            measure.abortedAt = scope.nowMillis
            let saved = try await self.saveMeasure(
                scope,
                measure,
                partnership: partnership,
                actor: actor,
                before: before,
                reason: "unannounced abort: \(request.abortReason)"
            )
            var event = PartnershipEvent(
                PartnershipEventType.measureAborted,
                measure: saved,
                previous: before,
                partnership: partnership,
                at: scope.nowMillis
            )
            event.notifiedInTime = false
            try await scope.emitPartnershipEvent(event)
            return saved
        }
    }
}
