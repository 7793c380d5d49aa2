import Foundation

/// Partnership organisation: the direct-Statped approval, roles with deputies, meetings, grants.
extension PartnershipLifecycleContext {
    /// Records the forum's approval of Statped as a direct partner of a kommune (PART-R2); sfCaseworker.
    public func recordDirectStatpedApproval(
        _ request: RecordDirectStatpedApprovalRequest,
        as caller: Caller
    ) async throws -> Partnership {
        try await runner.run(
            PartnershipServiceRPC.recordDirectStatpedApproval,
            request: request,
            caller: caller
        ) { scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            try caller.require(
                .sfCaseworker,
                scope: partnership.governorOfficeId,
                toDo: "record the forum's approval of Statped as a direct partner"
            )
            try Self.requireLive(partnership)
            try ThirdPartyProviderRule.checkDirectApproval(
                partnership: partnership,
                approved: request.forumApprovedDirectStatped,
                directStatpedOrgId: request.directStatpedOrgId,
                reference: self.reference
            ).throwIfViolated()
            partnership.forumApprovedDirectStatped = request.forumApprovedDirectStatped
            partnership.directStatpedOrgId = request.forumApprovedDirectStatped ? request.directStatpedOrgId : ""
            return try await self.savePartnership(
                scope,
                partnership,
                actor: .sfCaseworker,
                before: partnership.status,
                reason: request.minutesRef.isEmpty ? nil : "forum minutes \(request.minutesRef)"
            )
        }
    }

    /// Assigns a person (and deputy) to a role; the current holder's assignment ends the day before (PART-R12).
    public func assignPartnershipRole(
        _ request: AssignPartnershipRoleRequest,
        as caller: Caller
    ) async throws -> Partnership {
        try await runner.run(PartnershipServiceRPC.assignPartnershipRole, request: request, caller: caller) {
            scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            let actor = try Self.requireParty(caller, partnership, toDo: "assign partnership roles")
            try Self.requireLive(partnership)
            guard request.role != .unspecified else {
                throw DomainError.invalidArgument(field: "role", "say which role is assigned")
            }
            guard !request.personId.isEmpty else {
                throw DomainError.invalidArgument(field: "person_id", "a role is assigned to a person")
            }
            guard request.deputyPersonId != request.personId else {
                throw DomainError.invalidArgument(
                    field: "deputy_person_id",
                    "the deputy is another person than the role holder"
                )
            }
            let from = request.from ?? scope.today
            for index in partnership.roles.indices where partnership.roles[index].role == request.role {
                let current = partnership.roles[index]
                let open = current.to.map { $0 >= from } ?? true
                guard open else { continue }
                let dayBefore = from.adding(days: -1)
                partnership.roles[index].to = (current.from.map { $0 <= dayBefore } ?? true) ? dayBefore : from
            }
            partnership.roles.append(
                RoleAssignment.with {
                    $0.id = Self.newId()
                    $0.role = request.role
                    $0.personId = request.personId
                    $0.deputyPersonId = request.deputyPersonId
                    $0.from = from
                }
            )
            return try await self.savePartnership(
                scope,
                partnership,
                actor: actor,
                before: partnership.status,
                reason: "\(request.role.name) assigned"
            )
        }
    }

    /// Ends a role assignment on `to` (default today); the vacancy warning follows after 30 days (PART-R12).
    public func endPartnershipRoleAssignment(
        _ request: EndPartnershipRoleAssignmentRequest,
        as caller: Caller
    ) async throws -> Partnership {
        try await runner.run(
            PartnershipServiceRPC.endPartnershipRoleAssignment,
            request: request,
            caller: caller
        ) { scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            let actor = try Self.requireParty(caller, partnership, toDo: "end partnership roles")
            try Self.requireLive(partnership)
            guard let index = partnership.roles.firstIndex(where: { $0.id == request.roleAssignmentId }) else {
                throw DomainError.notFound("role assignment", request.roleAssignmentId)
            }
            let to = request.to ?? scope.today
            if let from = partnership.roles[index].from, to < from {
                throw DomainError.invalidArgument(field: "to", "a role assignment cannot end before it began")
            }
            partnership.roles[index].to = to
            return try await self.savePartnership(
                scope,
                partnership,
                actor: actor,
                before: partnership.status,
                reason: "\(partnership.roles[index].role.name) ended"
            )
        }
    }

    /// Records a planned or held meeting between owner leadership, PPT and UH (V7 c2).
    public func recordMeeting(_ request: RecordMeetingRequest, as caller: Caller) async throws -> Partnership {
        try await runner.run(PartnershipServiceRPC.recordMeeting, request: request, caller: caller) { scope in
            var partnership = try await self.loadPartnership(
                scope,
                id: request.partnershipId,
                expectedVersion: request.expectedVersion
            )
            let actor = try Self.requireParty(caller, partnership, toDo: "record partnership meetings")
            try Self.requireLive(partnership)
            guard request.plannedOn != nil || request.heldOn != nil else {
                throw DomainError.invalidArgument(
                    field: "planned_on",
                    "a meeting has a planned date or the date it was held"
                )
            }
            if let held = request.heldOn, held > scope.today {
                throw DomainError.invalidArgument(field: "held_on", "a meeting cannot have been held on a future date")
            }
            var meeting = Meeting.with { $0.id = Self.newId() }
            var index: Int?
            if !request.meetingId.isEmpty {
                guard let found = partnership.meetings.firstIndex(where: { $0.id == request.meetingId }) else {
                    throw DomainError.notFound("meeting", request.meetingId)
                }
                index = found
                meeting = partnership.meetings[found]
            }
            if let planned = request.plannedOn { meeting.plannedOn = planned }
            meeting.heldOn = request.heldOn ?? meeting.heldOn
            meeting.ownerLeadershipPresent = request.ownerLeadershipPresent
            meeting.pptPresent = request.pptPresent
            meeting.uhPresent = request.uhPresent
            meeting.minutesRef = request.minutesRef
            meeting.notes = request.notes
            if let index { partnership.meetings[index] = meeting } else { partnership.meetings.append(meeting) }
            return try await self.savePartnership(scope, partnership, actor: actor, before: partnership.status)
        }
    }

    /// GrantCommitted from AllocationService: links the grant, records each line's owner and UH shares,
    /// and creates the planned measures it carries (PART-R7). Applying the same grant again changes nothing.
    public func applyGrantCommitted(
        _ request: ApplyGrantCommittedRequest,
        as caller: Caller
    ) async throws -> ApplyGrantCommittedResponse {
        try await runner.run(PartnershipServiceRPC.applyGrantCommitted, request: request, caller: caller) {
            scope in
            guard caller.has(.system) else {
                throw DomainError.notPermitted("only AllocationService may apply GrantCommitted")
            }
            guard !request.grantId.isEmpty else {
                throw DomainError.invalidArgument(field: "grant_id", "GrantCommitted names its grant")
            }
            var response = ApplyGrantCommittedResponse()
            for (lineIndex, line) in request.lines.enumerated() {
                var partnership = try await self.loadPartnership(
                    scope,
                    id: line.partnershipId,
                    expectedVersion: 0,
                    versions: .zeroIsUnconditional
                )
                // PD: a grant is linked whatever the status, so the relay never stalls on it; measures are
                // only created in a draft or active partnership.
                let takesMeasures = [.draft, .active].contains(partnership.status)
                var share = line.share ?? GrantLineShare()
                if share.grantId.isEmpty { share.grantId = request.grantId }
                for (field, amount) in [
                    ("owner_amount_ore", share.ownerAmountOre), ("uh_amount_ore", share.uhAmountOre),
                    ("co_financing_ore", share.coFinancingOre),
                ]
                where amount < 0 || !Money.isWholeKroner(amount) {
                    throw Findings.rejection(
                        .wholeKroner,
                        field: "lines[\(lineIndex)].share.\(field)",
                        "committed amounts are whole kroner and not negative"
                    )
                }
                if share.scheme != .unspecified && share.scheme != partnership.scheme {
                    throw Findings.rejection(
                        .oneScheme,
                        field: "lines[\(lineIndex)].share.scheme",
                        "the grant line's scheme differs from the partnership's"
                    )
                }
                let lineId = share.recommendationLineId.isEmpty ? share.grantId : share.recommendationLineId
                let before = partnership
                if !partnership.grantIds.contains(request.grantId) { partnership.grantIds.append(request.grantId) }
                if let existing = partnership.grantLineShares.firstIndex(where: {
                    ($0.recommendationLineId.isEmpty ? $0.grantId : $0.recommendationLineId) == lineId
                }) {
                    partnership.grantLineShares[existing] = share
                } else {
                    partnership.grantLineShares.append(share)
                }
                if partnership != before {
                    _ = try await self.savePartnership(
                        scope,
                        partnership,
                        actor: .system,
                        before: partnership.status,
                        reason: "grant \(request.grantId) committed"
                    )
                    if !response.updatedPartnershipIds.contains(partnership.id) {
                        response.updatedPartnershipIds.append(partnership.id)
                    }
                }
                let existing = try await scope.store.list(Measure.self, filter: StorageFilter(parentId: partnership.id))
                    .items
                for seed in line.measures
                where takesMeasures
                    && !existing.contains(where: {
                        !seed.proposedMeasureId.isEmpty && $0.proposedMeasureId == seed.proposedMeasureId
                    })
                {
                    var measure = Measure.with {
                        $0.id = Self.newId()
                        $0.partnershipId = partnership.id
                        $0.grantLineId = lineId
                        $0.proposedMeasureId = seed.proposedMeasureId
                        $0.scheme = partnership.scheme
                        $0.governorOfficeId = partnership.governorOfficeId
                        $0.title = seed.title
                        $0.themes = seed.themes
                        $0.targetGroups = seed.targetGroups
                        $0.participatingUnitIds = seed.participatingUnitIds
                        $0.formats = seed.formats
                        $0.practiceComponents = seed.practiceComponents
                        $0.status = .planned
                        $0.createdAt = scope.nowMillis
                        $0.updatedAt = scope.nowMillis
                    }
                    measure.sectors = measureContext.sectors(of: measure)
                    measure.warnings = measureContext.measureWarnings(
                        measure,
                        partnership: partnership,
                        today: scope.today
                    )
                    let stored = try await scope.create(measure, role: .system, state: MeasureStatus.planned.name)
                    try await scope.emitPartnershipEvent(
                        PartnershipEvent(
                            PartnershipEventType.measureStatusChanged,
                            measure: stored,
                            previous: .unspecified,
                            partnership: partnership,
                            at: scope.nowMillis
                        )
                    )
                    response.createdMeasures.append(stored)
                }
            }
            return response
        }
    }
}
