/// Reads: Get/List for every entity, the event outbox and the audit log (PRIV-R12 access).
public struct PartnershipQueryContext: PartnershipContextPart {
    let environment: PartnershipEnvironment

    /// `GetPartnership`: one partnership, if the caller may read it (PRIV-R12).
    public func getPartnership(_ request: GetPartnershipRequest, as caller: Caller) async throws -> Partnership {
        try await runner.read { store in
            let partnership = try await store.require(Partnership.self, id: request.id, what: "partnership")
            try self.requireRead(caller, partnership)
            return try await self.hydrate(partnership, store: store)
        }
    }

    /// `ListPartnerships`: the partnerships the caller may read that match the filters, a page at a time (LIM-R7).
    public func listPartnerships(
        _ request: ListPartnershipsRequest,
        as caller: Caller
    ) async throws -> ListPartnershipsResponse {
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let filter = StorageFilter(
                statuses: request.statuses.nonEmpty?.map(\.name),
                governorOfficeId: request.governorOfficeId.nonEmpty,
                scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue,
                ids: request.ids.nonEmpty
            )
            let page = try await store.page(Partnership.self, filter: filter, pageRequest) { partnership in
                (request.ownerId.isEmpty || partnership.ownerIds.contains(request.ownerId))
                    && (request.uhInstitutionId.isEmpty
                        || partnership.uhInstitutionIds.contains(request.uhInstitutionId))
                    && (request.pptOfficeId.isEmpty || partnership.pptOfficeIds.contains(request.pptOfficeId))
                    && (request.grantId.isEmpty || partnership.grantIds.contains(request.grantId))
                    && self.canRead(caller, partnership)
            }
            var response = ListPartnershipsResponse()
            response.items = try await self.hydrate(page.items, store: store)
            response.nextPageToken = page.next
            return response
        }
    }

    /// `GetMeasure`: one measure, if the caller may read it (its partnership's parties and participants, the embete, Udir).
    public func getMeasure(_ request: GetMeasureRequest, as caller: Caller) async throws -> Measure {
        try await runner.read { store in
            let measure = try await store.require(Measure.self, id: request.id, what: "measure")
            let partnership = try await store.require(Partnership.self, id: measure.partnershipId, what: "partnership")
            guard self.canRead(caller, measure, in: partnership) else {
                throw DomainError.notPermitted(
                    "only the partnership's parties and participants, its embete and Udir may read this measure"
                )
            }
            return measure
        }
    }

    /// `ListMeasures`: the measures the caller may read that match the filters, a page at a time (LIM-R7).
    public func listMeasures(_ request: ListMeasuresRequest, as caller: Caller) async throws -> ListMeasuresResponse {
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let filter = StorageFilter(
                statuses: request.statuses.nonEmpty?.map(\.name),
                governorOfficeId: request.governorOfficeId.nonEmpty,
                scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue,
                parentId: request.partnershipId.nonEmpty,
                ids: request.ids.nonEmpty
            )
            var partnerships = PartnershipLookup(store: store)
            let page = try await store.page(
                Measure.self,
                filter: filter,
                pageRequest,
                prepare: { batch in try await partnerships.prefetch(batch.map(\.partnershipId)) }
            ) { measure in
                guard
                    (request.unitId.isEmpty || measure.participatingUnitIds.contains(request.unitId))
                        && (request.grantLineId.isEmpty || measure.grantLineId == request.grantLineId),
                    let partnership = try await partnerships.partnership(measure.partnershipId)
                else { return false }
                return self.canRead(caller, measure, in: partnership)
            }
            return ListMeasuresResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// Third-party contributions: readable by the partnership's readers, and by Statped for Statped and SEAD.
    func canRead(_ caller: Caller, _ contribution: ThirdPartyContribution, in partnership: Partnership) -> Bool {
        canRead(caller, partnership)
            || ([.statped, .sead].contains(contribution.provider)
                && caller.hasAny([.statpedIntake, .statpedManager, .statpedAdviser]))
    }

    /// `GetThirdPartyContribution`: one third-party contribution, if the caller may read it.
    public func getThirdPartyContribution(
        _ request: GetThirdPartyContributionRequest,
        as caller: Caller
    ) async throws -> ThirdPartyContribution {
        try await runner.read { store in
            let contribution = try await store.require(
                ThirdPartyContribution.self,
                id: request.id,
                what: "third-party contribution"
            )
            let partnership = try await store.require(
                Partnership.self,
                id: contribution.partnershipId,
                what: "partnership"
            )
            guard self.canRead(caller, contribution, in: partnership) else {
                throw DomainError.notPermitted(
                    "only the partnership's parties, its embete, Udir and the provider may read this contribution"
                )
            }
            return contribution
        }
    }

    /// `ListThirdPartyContributions`: the contributions the caller may read that match the filters, a page at a time.
    public func listThirdPartyContributions(
        _ request: ListThirdPartyContributionsRequest,
        as caller: Caller
    ) async throws -> ListThirdPartyContributionsResponse {
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let filter = StorageFilter(
                statuses: request.statuses.nonEmpty?.map(\.name),
                parentId: request.partnershipId.nonEmpty,
                ids: request.ids.nonEmpty
            )
            var partnerships = PartnershipLookup(store: store)
            let page = try await store.page(
                ThirdPartyContribution.self,
                filter: filter,
                pageRequest,
                prepare: { batch in try await partnerships.prefetch(batch.map(\.partnershipId)) }
            ) { contribution in
                guard request.provider == .unspecified || contribution.provider == request.provider,
                    let partnership = try await partnerships.partnership(contribution.partnershipId)
                else { return false }
                return (request.governorOfficeId.isEmpty || partnership.governorOfficeId == request.governorOfficeId)
                    && self.canRead(caller, contribution, in: partnership)
            }
            return ListThirdPartyContributionsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// `GetPartnershipReport`: one annual report, if the caller may read it.
    public func getPartnershipReport(
        _ request: GetPartnershipReportRequest,
        as caller: Caller
    ) async throws -> PartnershipReport {
        try await runner.read { store in
            let report = try await store.require(PartnershipReport.self, id: request.id, what: "annual report")
            let partnership = try await store.require(Partnership.self, id: report.partnershipId, what: "partnership")
            try self.requireRead(caller, partnership)
            return report
        }
    }

    /// `ListPartnershipReports`: the annual reports the caller may read that match the filters, a page at a time.
    public func listPartnershipReports(
        _ request: ListPartnershipReportsRequest,
        as caller: Caller
    ) async throws -> ListPartnershipReportsResponse {
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let filter = StorageFilter(
                statuses: request.statuses.nonEmpty?.map(\.name),
                governorOfficeId: request.governorOfficeId.nonEmpty,
                year: request.year.nonZero,
                scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue,
                parentId: request.partnershipId.nonEmpty,
                ids: request.ids.nonEmpty
            )
            var partnerships = PartnershipLookup(store: store)
            let page = try await store.page(
                PartnershipReport.self,
                filter: filter,
                pageRequest,
                prepare: { batch in try await partnerships.prefetch(batch.map(\.partnershipId)) }
            ) { report in
                guard let partnership = try await partnerships.partnership(report.partnershipId) else { return false }
                return self.canRead(caller, partnership)
            }
            return ListPartnershipReportsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// `GetConflictCase`: one conflict case, if the caller may read it.
    public func getConflictCase(_ request: GetConflictCaseRequest, as caller: Caller) async throws -> ConflictCase {
        try await runner.read { store in
            let conflict = try await store.require(ConflictCase.self, id: request.id, what: "conflict case")
            let partnership = try await store.require(Partnership.self, id: conflict.partnershipId, what: "partnership")
            try self.requireRead(caller, partnership)
            return conflict
        }
    }

    /// `ListConflictCases`: the conflict cases the caller may read that match the filters, a page at a time.
    public func listConflictCases(
        _ request: ListConflictCasesRequest,
        as caller: Caller
    ) async throws -> ListConflictCasesResponse {
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let filter = StorageFilter(
                statuses: request.statuses.nonEmpty?.map(\.name),
                parentId: request.partnershipId.nonEmpty,
                ids: request.ids.nonEmpty
            )
            var partnerships = PartnershipLookup(store: store)
            let page = try await store.page(
                ConflictCase.self,
                filter: filter,
                pageRequest,
                prepare: { batch in try await partnerships.prefetch(batch.map(\.partnershipId)) }
            ) { conflict in
                guard let partnership = try await partnerships.partnership(conflict.partnershipId) else { return false }
                return (request.governorOfficeId.isEmpty || partnership.governorOfficeId == request.governorOfficeId)
                    && self.canRead(caller, partnership)
            }
            return ListConflictCasesResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// Polls the outbox after a sequence number. Readable by other services (system), Udir and the
    /// embete's staff (their own embete's events only). `lastSequence` is the highest sequence examined,
    /// so a poller filtering by type continues from there.
    public func listPartnershipEvents(
        _ request: ListPartnershipEventsRequest,
        as caller: Caller
    ) async throws -> ListPartnershipEventsResponse {
        let national = caller.hasAny([.system, .udirAdmin])
        let embeter = caller.scopes(of: .sfCaseworker) + caller.scopes(of: .sfDecisionMaker)
        guard national || !embeter.isEmpty else {
            throw DomainError.notPermitted(
                "only other services, Udir and the embete's staff may read partnership events"
            )
        }
        let limit = try PageRequest.size(request.pageSize)
        let types = Set(request.types)
        return try await runner.read { store in
            var response = ListPartnershipEventsResponse()
            response.lastSequence = request.afterSequence
            var after = request.afterSequence
            scan: while response.events.count < limit {
                let batch = try await store.events(after: after, limit: 500)
                if batch.isEmpty { break }
                for stored in batch {
                    after = stored.sequence
                    response.lastSequence = stored.sequence
                    guard types.isEmpty || types.contains(stored.type) else { continue }
                    var event = try PartnershipEvent(wireBytes: stored.payload)
                    event.sequence = stored.sequence
                    guard national || embeter.contains(event.governorOfficeId) || embeter.contains("") else { continue }
                    response.events.append(event)
                    if response.events.count >= limit { break scan }
                }
            }
            return response
        }
    }

    /// COM-R4 audit records of this service; Udir and the embete's staff (PD: audit rows carry no embete, so
    /// embete staff see the whole service's log, which holds no child data).
    public func listAuditRecords(
        _ request: ListAuditRecordsRequest,
        as caller: Caller
    ) async throws -> ListAuditRecordsResponse {
        guard caller.hasAny([.udirAdmin, .sfCaseworker, .sfDecisionMaker]) else {
            throw DomainError.notPermitted("only Udir and the embete's staff may read the audit log")
        }
        return try await runner.read { store in try await store.auditRecords(request) }
    }
}

/// The partnerships a list's items belong to, each read once per request.
struct PartnershipLookup {
    let store: StoreTransaction
    private var cache: [String: Partnership?] = [:]

    init(store: StoreTransaction) { self.store = store }

    mutating func partnership(_ id: String) async throws -> Partnership? {
        if let cached = cache[id] { return cached }
        let partnership = try await store.get(Partnership.self, id: id)
        cache[id] = partnership
        return partnership
    }

    /// Reads the partnerships of `ids` not read yet in one statement (a page's batch, `StoreTransaction.page`'s
    /// `prepare`), so `partnership(_:)` finds them without a read each.
    mutating func prefetch(_ ids: some Sequence<String>) async throws {
        let missing = Set(ids).filter { cache[$0] == nil }
        guard !missing.isEmpty else { return }
        let found = try await store.getMany(Partnership.self, ids: missing)
        for id in missing { cache[id] = .some(found[id]) }
    }
}
