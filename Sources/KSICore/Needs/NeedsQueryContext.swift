import SQLKit

/// Reads of reports, the outbox and the audit log.
public struct NeedsQueryContext: NeedsContextPart {
    let environment: NeedsEnvironment

    /// Reads one report (PRIV-R12: the embete, the applicants, invited co-editors, named PPT, units, network).
    public func getNeedsReport(_ request: GetNeedsReportRequest, as caller: Caller) async throws -> NeedsReport {
        let report = try await runner.readEntity(NeedsReport.self, id: request.id, what: "needs report")
        guard NeedsAccess.canRead(report, caller) else {
            throw DomainError.notPermitted("only the embete, the applicants and those named on the report may read it")
        }
        return report
    }

    /// Lists the reports the caller may read; `owner_id` matches the lead owner or a co-applicant.
    public func listNeedsReports(
        _ request: ListNeedsReportsRequest,
        as caller: Caller
    ) async throws -> ListNeedsReportsResponse {
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let statuses = request.statuses.filter { $0 != .unspecified }.map(\.name)
            let filter = StorageFilter(
                statuses: statuses.nonEmpty,
                governorOfficeId: request.governorOfficeId.nonEmpty,
                year: request.year.nonZero,
                scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue,
                parentId: request.roundId.nonEmpty,
                ids: request.ids.nonEmpty
            )
            let page = try await store.page(NeedsReport.self, filter: filter, pageRequest) { report in
                (request.ownerId.isEmpty || report.applicantOwnerIds.contains(request.ownerId))
                    && (request.networkId.isEmpty || report.networkId == request.networkId
                        || (report.routingTarget == .network && report.routedToBodyId == request.networkId))
                    && (request.decisionBasisId.isEmpty || report.decisionBasisId == request.decisionBasisId)
                    && NeedsAccess.canRead(report, caller)
            }
            return ListNeedsReportsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// Polls the outbox after a sequence number; events carry no personal data (system, Udir, embete staff).
    /// PRIV-R12: an embete's staff read the events of their own embete only (a withdrawn draft's event
    /// included); the system and Udir read all. Other embeter's events are skipped before the page is cut.
    public func listNeedsEvents(
        _ request: ListNeedsEventsRequest,
        as caller: Caller
    ) async throws -> ListNeedsEventsResponse {
        guard caller.hasAny([.system, .udirAdmin, .sfCaseworker, .sfDecisionMaker]) else {
            throw DomainError.notPermitted("only the system, Udir and the embeter's staff may read needs events")
        }
        let readsAll = caller.hasAny([.system, .udirAdmin])
        let visible: @Sendable (NeedsEvent) -> Bool = { event in
            readsAll || caller.hasAny([.sfCaseworker, .sfDecisionMaker], scope: event.governorOfficeId)
        }
        let limit = try PageRequest.size(request.pageSize)
        let types = Set(request.types)
        return try await runner.read { store in
            var response = ListNeedsEventsResponse()
            var after = request.afterSequence
            while response.events.count < limit {
                let batch = try await store.events(after: after, limit: 1000)
                guard let last = batch.last else { break }
                for stored in batch where types.isEmpty || types.contains(stored.type) {
                    guard response.events.count < limit else { break }
                    var event = try NeedsEvent(wireBytes: stored.payload)
                    guard visible(event) else { continue }
                    event.sequence = stored.sequence
                    response.events.append(event)
                }
                after = last.sequence
            }
            response.lastSequence = try await Self.lastSequence(store)
            return response
        }
    }

    /// COM-R4 audit records: Udir and the system see all; an embete's `sfCaseworker` or
    /// `sfDecisionMaker` sees the trail of one round, report, decision basis or assessment of their own embete.
    public func listAuditRecords(
        _ request: ListAuditRecordsRequest,
        as caller: Caller
    ) async throws -> ListAuditRecordsResponse {
        try await runner.read { store in
            if !caller.hasAny([.system, .udirAdmin]) {
                guard caller.hasAny([.sfCaseworker, .sfDecisionMaker]) else {
                    throw DomainError.notPermitted("only Udir and the embete's staff may read audit records")
                }
                let embete: String?
                switch request.aggregateType {
                case NeedsReport.entityKind:
                    embete = try await store.get(NeedsReport.self, id: request.aggregateId)?.governorOfficeId
                case NeedsRound.entityKind:
                    embete = try await store.get(NeedsRound.self, id: request.aggregateId)?.governorOfficeId
                case DecisionBasis.entityKind:
                    let roundId = try await store.get(DecisionBasis.self, id: request.aggregateId)?.roundId ?? ""
                    embete = roundId.isEmpty ? nil : try await store.get(NeedsRound.self, id: roundId)?.governorOfficeId
                case NeedsAssessment.entityKind:
                    let ownerId = try await store.get(NeedsAssessment.self, id: request.aggregateId)?.ownerId ?? ""
                    embete = reference.owner(ownerId)?.governorOfficeId
                default: embete = nil
                }
                guard let embete, caller.hasAny([.sfCaseworker, .sfDecisionMaker], scope: embete) else {
                    throw DomainError.notPermitted(
                        "the embete's staff may read the audit records of one round, report, decision basis or assessment of their own embete"
                    )
                }
            }
            return try await store.auditRecords(request)
        }
    }

    /// The highest sequence number in this context's outbox (0 when empty).
    static func lastSequence(_ store: StoreTransaction) async throws -> Int64 {
        let row = try await store.sql.select()
            .column(SQLFunction("max", args: SQLColumn("seq")), as: "last")
            .from("events").where("context", .equal, store.context).first()
        return (try row?.decode(column: "last", as: Int64?.self)) ?? 0
    }
}
