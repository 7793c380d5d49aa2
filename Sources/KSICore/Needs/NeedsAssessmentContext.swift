/// Needs assessments: local mapping of needs, owned by the owner that ran it (NEED-R1, R10, R15).
public struct NeedsAssessmentContext: NeedsContextPart {
    let environment: NeedsEnvironment

    /// Records an assessment; `validUntil` defaults to `conductedOn` + 3 years (PD); NEED-R10 warnings.
    public func createNeedsAssessment(
        _ request: CreateNeedsAssessmentRequest,
        as caller: Caller
    ) async throws -> NeedsAssessment {
        try await runner.run(NeedsServiceRPC.createNeedsAssessment, request: request, caller: caller) {
            scope in
            let content = request.content ?? NeedsAssessmentContent()
            try scope.caller.require(.ownerAdmin, scope: content.ownerId, toDo: "record a needs assessment")
            var assessment = try makeAssessment(from: content)
            assessment.id = Self.newId()
            assessment.createdAt = scope.nowMillis
            assessment.updatedAt = scope.nowMillis
            return try await scope.create(assessment, role: .ownerAdmin, state: SteadyState.recorded.rawValue)
        }
    }

    /// Replaces an assessment's content; the owner cannot change.
    public func updateNeedsAssessment(
        _ request: UpdateNeedsAssessmentRequest,
        as caller: Caller
    ) async throws -> NeedsAssessment {
        try await runner.run(NeedsServiceRPC.updateNeedsAssessment, request: request, caller: caller) {
            scope in
            let stored = try await scope.load(
                NeedsAssessment.self,
                id: request.needsAssessmentId,
                expectedVersion: request.expectedVersion,
                what: "needs assessment"
            )
            try scope.caller.require(.ownerAdmin, scope: stored.ownerId, toDo: "change a needs assessment")
            let content = request.content ?? NeedsAssessmentContent()
            if !content.ownerId.isEmpty && content.ownerId != stored.ownerId {
                throw DomainError.invalidArgument(field: "content.owner_id", "the owner of an assessment cannot change")
            }
            var updated = try makeAssessment(from: content, ownerId: stored.ownerId)
            updated.id = stored.id
            updated.version = stored.version
            updated.createdAt = stored.createdAt
            updated.updatedAt = scope.nowMillis
            return try await scope.save(
                updated,
                role: .ownerAdmin,
                before: SteadyState.recorded.rawValue,
                after: SteadyState.recorded.rawValue
            )
        }
    }

    /// Reads one assessment (PRIV-R12).
    public func getNeedsAssessment(
        _ request: GetNeedsAssessmentRequest,
        as caller: Caller
    ) async throws -> NeedsAssessment {
        try await runner.read { store in
            let assessment = try await store.require(NeedsAssessment.self, id: request.id, what: "needs assessment")
            guard NeedsAccess.canRead(assessment, caller, reference: reference) else {
                throw DomainError.notPermitted(
                    "only the owner, its units and the embete may read this needs assessment"
                )
            }
            return assessment
        }
    }

    /// Lists the assessments the caller may read, by owner or unit, optionally only those valid on a date.
    public func listNeedsAssessments(
        _ request: ListNeedsAssessmentsRequest,
        as caller: Caller
    ) async throws -> ListNeedsAssessmentsResponse {
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                NeedsAssessment.self,
                filter: StorageFilter(ownerId: request.ownerId.nonEmpty),
                pageRequest
            ) { assessment in
                (request.unitId.isEmpty || assessment.unitIds.contains(request.unitId))
                    && (request.validOn.map { assessment.isValid(on: $0) } ?? true)
                    && NeedsAccess.canRead(assessment, caller, reference: reference)
            }
            return ListNeedsAssessmentsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// Validates content and builds the assessment with its NEED-R10 warnings.
    func makeAssessment(from content: NeedsAssessmentContent, ownerId: String? = nil) throws -> NeedsAssessment {
        let ownerId = ownerId ?? content.ownerId
        var findings = Findings()
        if reference.owner(ownerId) == nil {
            findings.reject(.malformedInput, field: "content.owner_id", "the owner is not known")
        }
        for (index, unitId) in content.unitIds.enumerated() where reference.unit(unitId)?.ownerId != ownerId {
            findings.reject(
                .malformedInput,
                field: "content.unit_ids[\(index)]",
                "every unit must belong to the assessment's owner"
            )
        }
        guard let conductedOn = content.conductedOn, conductedOn.isValid else {
            throw DomainError.invalidArgument(
                field: "content.conducted_on",
                "the date the assessment was conducted is required"
            )
        }
        let validUntil = content.validUntil ?? conductedOn.adding(years: 3)
        if validUntil < conductedOn {
            findings.reject(
                .malformedInput,
                field: "content.valid_until",
                "an assessment cannot expire before it was conducted"
            )
        }
        if content.tool == .unspecified {
            findings.reject(.malformedInput, field: "content.tool", "the assessment tool is required")
        } else if [.other, .municipalTool].contains(content.tool) && content.toolDescription.isEmpty {
            findings.reject(
                .malformedInput,
                field: "content.tool_description",
                "name the tool when it is another or a municipal tool"
            )
        }
        for (index, uhId) in content.uhInvolvedInstitutionIds.enumerated() where reference.uhInstitution(uhId) == nil {
            findings.reject(
                .malformedInput,
                field: "content.uh_involved_institution_ids[\(index)]",
                "every UH institution must be known"
            )
        }
        try findings.throwIfViolated()
        var assessment = NeedsAssessment.with {
            $0.ownerId = ownerId
            $0.unitIds = content.unitIds
            $0.conductedOn = conductedOn
            $0.validUntil = validUntil
            $0.tool = content.tool
            $0.toolDescription = content.toolDescription
            $0.staffInvolved = content.staffInvolved
            $0.staffInvolvementNote = content.staffInvolvementNote
            $0.pptInvolved = content.pptInvolved
            $0.uhInvolved = content.uhInvolved || !content.uhInvolvedInstitutionIds.isEmpty
            $0.uhInvolvedInstitutionIds = content.uhInvolvedInstitutionIds
            $0.unionRepConsultedOn = content.unionRepConsultedOn
            $0.findings = content.findings
            $0.themes = content.themes
        }
        // The scheme is not known yet: staff involvement is a WARN here and checked per scheme at submission.
        assessment.warnings =
            StaffInvolvementRule.check(assessment: assessment, field: "content", staffInvolvementKind: .warn).warnings
        return assessment
    }
}
