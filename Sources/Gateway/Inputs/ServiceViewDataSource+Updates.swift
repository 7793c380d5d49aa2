import KSICore

/// Issue 17: bringing cached view data up to date with what a service says changed after the version it was read
/// at (`GetDataVersion` with `changes_after_version`), reading only those entities again with the lists' own filters
/// (`ids`), instead of every entity in scope.
extension ServiceViewDataSource: ViewDataUpdates {
    public func changes(_ source: ViewSource, after mark: DataVersion) async throws -> ViewDataVersionChanges {
        guard mark.version > 0 else { return ViewDataVersionChanges(mark: try await dataVersion(source), changes: nil) }
        let answer = try await dataVersion(source, .with { $0.changesAfterVersion = mark.version })
        // The mark alone: a cache compares marks whole.
        let now = DataVersion.with {
            $0.epoch = answer.epoch
            $0.version = answer.version
        }
        // Another database (restored, recreated), or more changes than one answer carries: read everything.
        guard answer.epoch == mark.epoch, answer.version >= mark.version, !answer.changesTruncated else {
            return ViewDataVersionChanges(mark: now, changes: nil)
        }
        return ViewDataVersionChanges(mark: now, changes: ViewDataChanges(answer.changes))
    }

    public func allocation(
        _ query: ViewQuery,
        updating data: AllocationData,
        with changes: ViewDataChanges
    ) async throws -> AllocationData {
        try await reporting(.allocation) {
            let api = allocationAPI
            let lists = AllocationLists(query)
            let inYears: @Sendable (Int32) -> Bool = { query.years.contains($0) }
            async let frames = updated(data.frames, changes, lists.frames, api.listRegionalFrames) { inYears($0.year) }
            async let recommendations = updated(
                data.recommendations,
                changes,
                lists.recommendations,
                api.listRecommendations
            ) { inYears($0.year) }
            async let decisions = updated(data.decisions, changes, lists.decisions, api.listGrantDecisions)
            async let grants = updated(data.grants, changes, lists.grants, api.listGrants)
            async let disbursements = updated(data.disbursements, changes, lists.disbursements, api.listDisbursements)
            async let reclaims = updated(data.reclaims, changes, lists.reclaims, api.listReclaimCases)
            async let commitments = updated(
                data.commitments,
                changes,
                lists.commitments,
                api.listMultiYearCommitments
            )
            async let pledges = updated(data.pledges, changes, lists.pledges, api.listCoFinancingPledges)
            var updated = data
            // Networks are few: read again whole when one changed.
            if changes.touches(CompetenceNetwork.entityKind) {
                updated.networks = try await networks(governorOfficeId: query.governorOfficeId)
            }
            // The policy in force comes from the stored policies over the registry's defaults.
            if changes.touches(
                GovernorPolicy.entityKind,
                SchemeYearPolicy.entityKind,
                StatpedPolicy.entityKind,
                ReferenceDataSet.importEntityKind
            ) {
                updated.policies = try await policies(query, api: api)
            }
            updated.frames = try await frames
            updated.recommendations = try await recommendations
            updated.decisions = try await decisions
            updated.grants = try await grants
            updated.disbursements = try await disbursements
            updated.reclaims = try await reclaims
            updated.commitments = try await commitments
            updated.pledges = try await pledges
            return updated
        }
    }

    public func needs(
        _ query: ViewQuery,
        updating data: NeedsData,
        with changes: ViewDataChanges
    ) async throws
        -> NeedsData
    {
        try await reporting(.needs) {
            var updated = data
            updated.reports = try await self.updated(
                data.reports,
                changes,
                NeedsLists(query).reports,
                needsAPI.listNeedsReports
            ) { query.years.contains($0.year) }
            return updated
        }
    }

    public func partnerships(
        _ query: ViewQuery,
        updating data: PartnershipsData,
        with changes: ViewDataChanges
    ) async throws -> PartnershipsData {
        try await reporting(.partnerships) {
            let api = partnershipsAPI
            let lists = PartnershipLists(query)
            // A listed partnership carries its conflict cases and contributions: one of them changed, it is read again.
            let partnershipIds = changes.ids(of: Partnership.entityKind)
                .union(changes.parents(of: ConflictCase.entityKind))
                .union(changes.parents(of: ThirdPartyContribution.entityKind))
            async let partnerships = updated(
                data.partnerships,
                readAgain: partnershipIds,
                lists.partnerships,
                api.listPartnerships
            )
            async let measures = updated(data.measures, changes, lists.measures, api.listMeasures)
            async let reports = updated(data.reports, changes, lists.reports, api.listPartnershipReports)
            async let conflicts = updated(data.conflicts, changes, lists.conflicts, api.listConflictCases)
            async let contributions = updated(
                data.contributions,
                changes,
                lists.contributions,
                api.listThirdPartyContributions
            )
            var updated = data
            updated.partnerships = try await partnerships
            updated.measures = try await measures
            updated.reports = try await reports
            updated.conflicts = try await conflicts
            updated.contributions = try await contributions
            return updated
        }
    }

    /// `items` with the changed entities of their kind read again through `list` (with `request`'s filters and
    /// `keep`, as the full read applies them) and merged in (`ChangedItems.merge`).
    private func updated<Request: IdFilteredListRequest, Response: PagedListResponse>(
        _ items: [Response.Item],
        _ changes: ViewDataChanges,
        _ request: Request,
        _ list: (Request) async throws -> Response,
        keep: (Response.Item) -> Bool = { _ in true }
    ) async throws -> [Response.Item] where Response.Item: StoredEntity {
        try await updated(items, readAgain: changes.ids(of: Response.Item.entityKind), request, list, keep: keep)
    }

    /// `items` with the entities of `ids` read again through `list` and merged in.
    private func updated<Request: IdFilteredListRequest, Response: PagedListResponse>(
        _ items: [Response.Item],
        readAgain ids: Set<String>,
        _ request: Request,
        _ list: (Request) async throws -> Response,
        keep: (Response.Item) -> Bool = { _ in true }
    ) async throws -> [Response.Item] where Response.Item: StoredEntity {
        guard !ids.isEmpty else { return items }
        let fresh = try await request.allPages(ids: ids.sorted(), pageSize: Paging.pageSize, list).filter(keep)
        return ChangedItems.merge(items, changed: ids, fresh: fresh, id: \.id)
    }
}
