/// The referral record (`referral.records`, issue 16): reads (this file) and the retention purge (+Retention).
///
/// Reads: one referral (role-filtered, logged), lists without child identity, milestones, the data
/// subject export, the DPO's access log and the audit trail (PRIV-R3–R8).
///
/// Reads that return child data run in a write transaction (no request id, so nothing is remembered)
/// because each one appends to the access log (PRIV-R8).
public struct ReferralRecordsContext: ReferralContextPart {
    let environment: ReferralEnvironment

    /// Reads one referral in the caller's view (§7 matrix); child-data reads are logged (PRIV-R8).
    public func getReferral(_ request: GetReferralRequest, as caller: Caller) async throws -> Referral {
        try await runner.run(ReferralServiceRPC.getReferral, systemRequestId: "", caller: caller) { scope in
            let stored = try await scope.store.require(Referral.self, id: request.id, what: "referral")
            let view = try ReferralAccess.requireRead(caller, stored, minimumAssurance: childDataMinimumAssurance)
            var referral: Referral
            switch view {
            case .metadata:
                referral = ReferralSealing.metadata(stored)
            case .full:
                referral = try sealing.open(stored).referral
                if stored.kind != .system { try await logRead(stored, purpose: request.purpose, scope: scope) }
            }
            StartupMeetingSlaRule.refresh(
                &referral,
                today: scope.today,
                policy: policy(stored, on: scope.today).statped
            )
            return referral
        }
    }

    /// Downloads one attachment, decrypted for a reader of child data (PRIV-R2, R8).
    public func getReferralAttachment(
        _ request: GetReferralAttachmentRequest,
        as caller: Caller
    ) async throws -> ReferralAttachmentContent {
        try await runner.run(ReferralServiceRPC.getReferralAttachment, systemRequestId: "", caller: caller) {
            scope in
            let referral = try await scope.store.require(
                Referral.self,
                id: request.referralId,
                what: "referral",
                field: "referral_id"
            )
            try ReferralAccess.requireChildData(caller, referral, minimumAssurance: childDataMinimumAssurance)
            guard let attachment = referral.attachments.first(where: { $0.id == request.id }),
                let stored = try await scope.store.get(SealedAttachment.self, id: request.id),
                stored.referralId == referral.id,
                !stored.isDeleted
            else { throw DomainError.notFound("attachment", request.id) }
            let content = try sealing.crypto.openBytes(
                stored.body.content,
                referralId: referral.id,
                field: ReferralSealing.Field.attachmentContent(attachment.id)
            )
            var plain = attachment
            plain.title = try sealing.plain(
                attachment.title,
                referral.id,
                ReferralSealing.Field.attachmentTitle(attachment.id)
            )
            try await logRead(referral, purpose: request.purpose.isEmpty ? "attachment" : request.purpose, scope: scope)
            return ReferralAttachmentContent.with {
                $0.attachment = plain
                $0.content = content
            }
        }
    }

    /// Lists summaries, never child identity beyond the pseudonym (PRIV-R3–R5, R7): PPT sees its own
    /// office's cases, Statped intake and managers the queue, an adviser the cases assigned to them, a
    /// requesting organisation its system requests; others see aggregates only.
    public func listReferrals(_ request: ListReferralsRequest, as caller: Caller) async throws -> ListReferralsResponse
    {
        let scopes = try listScopes(caller, request)
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            var filter = StorageFilter()
            if !request.statuses.isEmpty { filter.statuses = request.statuses.map(\.name) }
            if !request.governorOfficeId.isEmpty { filter.governorOfficeId = request.governorOfficeId }
            if let owner = scopes.ownerId { filter.ownerId = owner }
            if !request.divisionId.isEmpty { filter.parentId = request.divisionId }
            let page = try await store.page(Referral.self, filter: filter, pageRequest) { stored in
                let advisers = stored.assignment?.adviserIds ?? []
                return (request.kind == .unspecified || stored.kind == request.kind)
                    && (request.subjectArea == .unspecified || stored.subjectAreas.contains(request.subjectArea))
                    && (request.adviserId.isEmpty || advisers.contains(request.adviserId))
                    && (scopes.adviserPerson.map { advisers.contains($0) } ?? true)
                    && (!scopes.statped || ReferralAccess.isVisibleToStatped(stored))
            }
            let today = time.today()
            var response = ListReferralsResponse()
            response.nextPageToken = page.next
            for stored in page.items {
                var referral = stored
                StartupMeetingSlaRule.refresh(&referral, today: today, policy: policy(stored, on: today).statped)
                response.items.append(Self.summary(referral))
            }
            return response
        }
    }

    /// Polls the pseudonymous milestone events (REF-R16; PRIV-R1, R5). The stream is record-level (one
    /// event per referral and milestone), so only the system identities read it — the gateway, which turns
    /// it into suppressed aggregates (V2, V8, V9, V13), and the services. Udir, statsforvalter, forums,
    /// owners and UH get referral data only through those views (PRIV-R5: no drill-down); Statped intake and
    /// managers read the case-level queue with `ListReferrals` (PRIV-R4).
    public func listReferralMilestones(
        _ request: ListReferralMilestonesRequest,
        as caller: Caller
    ) async throws -> ListReferralMilestonesResponse {
        guard caller.has(.system) else {
            throw DomainError.notPermitted(
                "only the system identities read the record-level milestone stream; referral figures are available as suppressed aggregates through the gateway's views (PRIV-R5)"
            )
        }
        let limit = try PageRequest.size(request.pageSize)
        return try await runner.read { store in
            var response = ListReferralMilestonesResponse()
            // LIM-R7: other event types are skipped before the page is cut, so a page holds `limit`
            // milestones whenever that many follow; an empty page means the scan reached the end.
            var after = request.afterSequence
            scan: while true {
                let batch = try await store.events(after: after, limit: limit)
                for stored in batch {
                    after = stored.sequence
                    guard ReferralEventType(name: stored.type) == .referralMilestoneReached else { continue }
                    var event = try ReferralMilestoneReached(wireBytes: stored.payload)
                    event.sequence = stored.sequence
                    response.events.append(event)
                    if response.events.count == limit { break scan }
                }
                if batch.count < limit { break }
            }
            let tail = try await store.events(after: after, limit: 1000)
            response.lastSequence = tail.last?.sequence ?? after
            return response
        }
    }

    /// Everything stored about the child of one referral, for an access, correction or deletion
    /// request made through PPT or Statped (PRIV-R6). Logged; never remembered for retries, because
    /// the export holds the national id in clear.
    public func exportDataSubject(
        _ request: ExportDataSubjectRequest,
        as caller: Caller
    ) async throws -> DataSubjectExport {
        try caller.checkActingPerson(request.actingPersonId)
        return try await runner.run(ReferralServiceRPC.exportDataSubject, systemRequestId: "", caller: caller) {
            scope in
            let stored = try await scope.store.require(
                Referral.self,
                id: request.referralId,
                what: "referral",
                field: "referral_id"
            )
            let actors = ReferralAccess.actors(of: caller, on: stored)
            guard stored.kind != .system, !actors.isDisjoint(with: [.pptLeader, .statpedIntake, .assignedAdviser]),
                ReferralAccess.view(of: caller, on: stored) == .full
            else {
                throw DomainError.notPermitted(
                    "only the PPT leader of the responsible office, Statped intake while the case is with Statped or an assigned adviser may export a child's data"
                )
            }
            try ReferralAccess.requireChildDataReader(caller, minimumAssurance: childDataMinimumAssurance)
            let opened = try sealing.open(stored)
            try await logRead(stored, purpose: "data subject export: \(request.purpose)", scope: scope)
            // Every page: the export holds the whole log of this child, however long (LIM-R7 caps one page).
            let access = try await ListChildDataAccessRequest.with { $0.referralId = stored.id }
                .allPages(pageSize: Int32(PageRequest.maximumSize)) { try await scope.store.childDataAccess($0) }
            let audit = try await ListAuditRecordsRequest.with {
                $0.aggregateType = Referral.entityKind
                $0.aggregateId = stored.id
            }.allPages(pageSize: Int32(PageRequest.maximumSize)) { try await scope.store.auditRecords($0) }
            return DataSubjectExport.with {
                $0.referral = opened.referral
                $0.nationalId = opened.nationalId
                $0.accessLog = access
                $0.auditRecords = audit
                $0.exportedAt = scope.nowMillis
            }
        }
    }

    /// The reads of child data, for the data protection officer (PRIV-R8). Until a DPO role exists:
    /// `statpedManager` (the controller's case management) and `udirAdmin`.
    public func listChildDataAccess(
        _ request: ListChildDataAccessRequest,
        as caller: Caller
    ) async throws -> ListChildDataAccessResponse {
        try caller.require(.statpedManager, .udirAdmin, toDo: "read the log of reads of child data")
        return try await runner.read { store in try await store.childDataAccess(request) }
    }

    /// This service's audit records (COM-R4; they hold no child data): `statpedManager` and `udirAdmin`.
    public func listAuditRecords(
        _ request: ListAuditRecordsRequest,
        as caller: Caller
    ) async throws -> ListAuditRecordsResponse {
        try caller.require(.statpedManager, .udirAdmin, toDo: "read the referral audit records")
        return try await runner.read { store in try await store.auditRecords(request) }
    }

    // MARK: Helpers

    /// PRIV-R8: logs a read of a referral's child data: the authenticated person and the role by
    /// which they read it.
    func logRead(_ referral: Referral, purpose: String, scope: CommandScope) async throws {
        try await scope.store.logAccess(
            at: scope.nowMillis,
            actorOrg: scope.caller.orgNumber,
            actorPerson: scope.caller.person,
            role: ReferralAccess.role(of: scope.caller, on: referral).name,
            entityId: referral.id,
            purpose: purpose.isEmpty ? "case work" : purpose
        )
    }

    /// Which referrals a caller may list: an owner filter, an adviser's person filter, or Statped's
    /// queue (which never shows a PPT draft, PRIV-R3/R4).
    func listScopes(
        _ caller: Caller,
        _ request: ListReferralsRequest
    ) throws -> (ownerId: String?, adviserPerson: String?, statped: Bool) {
        if caller.hasAny([.statpedIntake, .statpedManager]) {
            return (request.referringPptOfficeId.nonEmpty, nil, true)
        }
        let own = caller.grants.filter {
            [.pptAdviser, .pptLeader, .ownerAdmin, .uhContact].contains($0.role) && !$0.scopeId.isEmpty
        }
        .map(\.scopeId)
        if !own.isEmpty {
            let wanted = request.referringPptOfficeId.isEmpty ? own.first! : request.referringPptOfficeId
            guard own.contains(wanted) else { throw DomainError.notPermitted("a PPT office lists only its own cases") }
            return (wanted, nil, false)
        }
        if caller.has(.statpedAdviser), let person = caller.person { return (nil, person, true) }
        throw DomainError.notPermitted("referral data is available to this role only as aggregates")
    }

    /// A summary: case metadata and the pseudonym only (PRIV-R7).
    static func summary(_ referral: Referral) -> ReferralSummary {
        ReferralSummary.with {
            $0.id = referral.id
            $0.version = referral.version
            $0.kind = referral.kind
            $0.status = referral.status
            $0.phase = referral.phase
            $0.childRef = referral.child?.childRef ?? ""
            $0.referringPptOfficeId = referral.referringPptOfficeId
            $0.requestingOrgId = referral.requestingOrgId
            $0.governorOfficeId = referral.governorOfficeId
            $0.subjectAreas = referral.subjectAreas
            $0.divisionId = referral.assignment?.divisionId ?? ""
            $0.locationId = referral.assignment?.locationId ?? ""
            $0.adviserIds = referral.assignment?.adviserIds ?? []
            $0.timestamps = referral.timestamps
            $0.startupSlaBreached = referral.startupSlaBreached
            $0.warningCount = Int32(referral.warnings.count)
            $0.createdAt = referral.createdAt
            $0.updatedAt = referral.updatedAt
        }
    }
}
