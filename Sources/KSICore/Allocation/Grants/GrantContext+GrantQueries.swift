/// Reads of grants, disbursements, co-financing pledges, reclaim cases and multi-year commitments.
extension GrantContext {
    /// Reads one grant.
    public func getGrant(_ request: GetGrantRequest, as caller: Caller) async throws -> Grant {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in try await store.require(Grant.self, id: request.id, what: "grant") }
    }

    /// Lists grants.
    public func listGrants(_ request: ListGrantsRequest, as caller: Caller) async throws -> ListGrantsResponse {
        try Self.requireMoneyReader(caller)
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                Grant.self,
                filter: StorageFilter(
                    statuses: request.statuses.nonEmpty?.map(\.name),
                    governorOfficeId: request.governorOfficeId.nonEmpty,
                    year: request.year.nonZero,
                    scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue,
                    ownerId: request.recipientOrgId.nonEmpty,
                    ids: request.ids.nonEmpty
                ),
                pageRequest
            ) { grant in
                request.partnershipId.isEmpty
                    || grant.lineAmounts.contains { $0.partnershipId == request.partnershipId }
            }
            return ListGrantsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// Reads one disbursement.
    public func getDisbursement(_ request: GetDisbursementRequest, as caller: Caller) async throws -> Disbursement {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            try await store.require(Disbursement.self, id: request.id, what: "disbursement")
        }
    }

    /// Lists disbursements; the embete and year filters match through the grant.
    public func listDisbursements(
        _ request: ListDisbursementsRequest,
        as caller: Caller
    ) async throws -> ListDisbursementsResponse {
        try Self.requireMoneyReader(caller)
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                Disbursement.self,
                filter: StorageFilter(
                    ownerId: request.recipientOrgId.nonEmpty,
                    parentId: request.grantId.nonEmpty,
                    parent: .grant(governorOfficeId: request.governorOfficeId, year: request.year),
                    ids: request.ids.nonEmpty
                ),
                pageRequest
            )
            return ListDisbursementsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// Reads one co-financing pledge.
    public func getCoFinancingPledge(
        _ request: GetCoFinancingPledgeRequest,
        as caller: Caller
    ) async throws -> CoFinancingPledge {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            try await store.require(CoFinancingPledge.self, id: request.id, what: "co-financing pledge")
        }
    }

    /// Lists co-financing pledges; the embete and year filters match through the grant.
    public func listCoFinancingPledges(
        _ request: ListCoFinancingPledgesRequest,
        as caller: Caller
    ) async throws
        -> ListCoFinancingPledgesResponse
    {
        try Self.requireMoneyReader(caller)
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                CoFinancingPledge.self,
                filter: StorageFilter(
                    ownerId: request.ownerId.nonEmpty,
                    parentId: request.grantId.nonEmpty,
                    parent: .grant(governorOfficeId: request.governorOfficeId, year: request.year),
                    ids: request.ids.nonEmpty
                ),
                pageRequest
            )
            return ListCoFinancingPledgesResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// Reads one reclaim case.
    public func getReclaimCase(_ request: GetReclaimCaseRequest, as caller: Caller) async throws -> ReclaimCase {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            try await store.require(ReclaimCase.self, id: request.id, what: "reclaim case")
        }
    }

    /// Lists reclaim cases; the embete and year filters match through the grant.
    public func listReclaimCases(
        _ request: ListReclaimCasesRequest,
        as caller: Caller
    ) async throws -> ListReclaimCasesResponse {
        try Self.requireMoneyReader(caller)
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                ReclaimCase.self,
                filter: StorageFilter(
                    statuses: request.statuses.nonEmpty?.map(\.name),
                    parentId: request.grantId.nonEmpty,
                    parent: .grant(governorOfficeId: request.governorOfficeId, year: request.year),
                    ids: request.ids.nonEmpty
                ),
                pageRequest
            )
            return ListReclaimCasesResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// Reads one multi-year commitment.
    public func getMultiYearCommitment(
        _ request: GetMultiYearCommitmentRequest,
        as caller: Caller
    ) async throws -> MultiYearCommitment {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            try await store.require(MultiYearCommitment.self, id: request.id, what: "multi-year commitment")
        }
    }

    /// Lists multi-year commitments (V3 precommitted amounts); the embete and scheme filters match through the grant.
    public func listMultiYearCommitments(
        _ request: ListMultiYearCommitmentsRequest,
        as caller: Caller
    ) async throws
        -> ListMultiYearCommitmentsResponse
    {
        try Self.requireMoneyReader(caller)
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            // The commitment's own year is its payment year; embete and scheme go through the grant.
            let page = try await store.page(
                MultiYearCommitment.self,
                filter: StorageFilter(
                    statuses: request.statuses.nonEmpty?.map(\.name),
                    year: request.year.nonZero,
                    parentId: request.grantId.nonEmpty,
                    parent: .grant(governorOfficeId: request.governorOfficeId, scheme: request.scheme),
                    ids: request.ids.nonEmpty
                ),
                pageRequest
            )
            return ListMultiYearCommitmentsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }
}

extension StorageFilter.ParentFilter {
    /// Items whose grant is in the embete, year and scheme a list asks for (disbursements, pledges, reclaim cases
    /// and commitments carry none of these), matched in the list's own statement, so it applies before the page
    /// is cut (LIM-R7); nil when the list asks for none of them.
    static func grant(
        governorOfficeId: String,
        year: Int32 = 0,
        scheme: Scheme = .unspecified
    ) -> StorageFilter.ParentFilter? {
        let filter = StorageFilter.ParentFilter(
            kind: Grant.entityKind,
            governorOfficeId: governorOfficeId.nonEmpty,
            year: year.nonZero,
            scheme: scheme == .unspecified ? nil : scheme.rawValue
        )
        return filter.isEmpty ? nil : filter
    }
}
