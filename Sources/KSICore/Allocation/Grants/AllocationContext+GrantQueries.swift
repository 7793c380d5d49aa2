/// Reads of grants, disbursements, co-financing pledges, reclaim cases and multi-year commitments.
extension AllocationContext {
    /// Reads one grant.
    public func getGrant(_ request: GetGrantRequest, as caller: Caller) async throws -> Grant {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in try await store.require(Grant.self, id: request.id, what: "grant") }
    }

    /// Lists grants.
    public func listGrants(_ request: ListGrantsRequest, as caller: Caller) async throws -> ListGrantsResponse {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            let page = try await store.list(
                Grant.self,
                filter: StorageFilter(
                    statuses: request.statuses.isEmpty ? nil : request.statuses.map(\.name),
                    governorOfficeId: request.governorOfficeId.isEmpty ? nil : request.governorOfficeId,
                    year: request.year == 0 ? nil : request.year,
                    scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue,
                    ownerId: request.recipientOrgId.isEmpty ? nil : request.recipientOrgId),
                pageSize: Self.pageSize(request.pageSize), pageToken: request.pageToken)
            return ListGrantsResponse.with {
                $0.items = page.items.filter { grant in
                    request.partnershipId.isEmpty || grant.lineAmounts.contains { $0.partnershipId == request.partnershipId }
                }
                $0.nextPageToken = page.nextPageToken
            }
        }
    }

    /// Reads one disbursement.
    public func getDisbursement(_ request: GetDisbursementRequest, as caller: Caller) async throws -> Disbursement {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in try await store.require(Disbursement.self, id: request.id, what: "disbursement") }
    }

    /// Lists disbursements; the embete and year filters match through the grant.
    public func listDisbursements(_ request: ListDisbursementsRequest, as caller: Caller) async throws -> ListDisbursementsResponse {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            let page = try await store.list(
                Disbursement.self,
                filter: StorageFilter(
                    ownerId: request.recipientOrgId.isEmpty ? nil : request.recipientOrgId,
                    parentId: request.grantId.isEmpty ? nil : request.grantId),
                pageSize: Self.pageSize(request.pageSize), pageToken: request.pageToken)
            let items = try await Self.inGrantScope(page.items, store: store, governorOfficeId: request.governorOfficeId, year: request.year)
            return ListDisbursementsResponse.with {
                $0.items = items
                $0.nextPageToken = page.nextPageToken
            }
        }
    }

    /// Reads one co-financing pledge.
    public func getCoFinancingPledge(_ request: GetCoFinancingPledgeRequest, as caller: Caller) async throws -> CoFinancingPledge {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in try await store.require(CoFinancingPledge.self, id: request.id, what: "co-financing pledge") }
    }

    /// Lists co-financing pledges; the embete and year filters match through the grant.
    public func listCoFinancingPledges(_ request: ListCoFinancingPledgesRequest, as caller: Caller) async throws
        -> ListCoFinancingPledgesResponse
    {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            let page = try await store.list(
                CoFinancingPledge.self,
                filter: StorageFilter(
                    ownerId: request.ownerId.isEmpty ? nil : request.ownerId,
                    parentId: request.grantId.isEmpty ? nil : request.grantId),
                pageSize: Self.pageSize(request.pageSize), pageToken: request.pageToken)
            let items = try await Self.inGrantScope(page.items, store: store, governorOfficeId: request.governorOfficeId, year: request.year)
            return ListCoFinancingPledgesResponse.with {
                $0.items = items
                $0.nextPageToken = page.nextPageToken
            }
        }
    }

    /// Reads one reclaim case.
    public func getReclaimCase(_ request: GetReclaimCaseRequest, as caller: Caller) async throws -> ReclaimCase {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in try await store.require(ReclaimCase.self, id: request.id, what: "reclaim case") }
    }

    /// Lists reclaim cases; the embete and year filters match through the grant.
    public func listReclaimCases(_ request: ListReclaimCasesRequest, as caller: Caller) async throws -> ListReclaimCasesResponse {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            let page = try await store.list(
                ReclaimCase.self,
                filter: StorageFilter(
                    statuses: request.statuses.isEmpty ? nil : request.statuses.map(\.name),
                    parentId: request.grantId.isEmpty ? nil : request.grantId),
                pageSize: Self.pageSize(request.pageSize), pageToken: request.pageToken)
            let items = try await Self.inGrantScope(page.items, store: store, governorOfficeId: request.governorOfficeId, year: request.year)
            return ListReclaimCasesResponse.with {
                $0.items = items
                $0.nextPageToken = page.nextPageToken
            }
        }
    }

    /// Reads one multi-year commitment.
    public func getMultiYearCommitment(_ request: GetMultiYearCommitmentRequest, as caller: Caller) async throws -> MultiYearCommitment {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            try await store.require(MultiYearCommitment.self, id: request.id, what: "multi-year commitment")
        }
    }

    /// Lists multi-year commitments (V3 precommitted amounts); the embete and scheme filters match through the grant.
    public func listMultiYearCommitments(_ request: ListMultiYearCommitmentsRequest, as caller: Caller) async throws
        -> ListMultiYearCommitmentsResponse
    {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            let page = try await store.list(
                MultiYearCommitment.self,
                filter: StorageFilter(
                    statuses: request.statuses.isEmpty ? nil : request.statuses.map(\.name),
                    year: request.year == 0 ? nil : request.year,
                    parentId: request.grantId.isEmpty ? nil : request.grantId),
                pageSize: Self.pageSize(request.pageSize), pageToken: request.pageToken)
            var items: [MultiYearCommitment] = []
            for item in page.items {
                if !request.governorOfficeId.isEmpty || request.scheme != .unspecified {
                    guard let grant = try await store.get(Grant.self, id: item.grantId),
                        request.governorOfficeId.isEmpty || grant.governorOfficeId == request.governorOfficeId,
                        request.scheme == .unspecified || grant.scheme == request.scheme
                    else { continue }
                }
                items.append(item)
            }
            return ListMultiYearCommitmentsResponse.with {
                $0.items = items
                $0.nextPageToken = page.nextPageToken
            }
        }
    }

    /// The items whose grant is in the embete and year asked for (these entities carry neither, so the
    /// filter goes through the grant, after paging).
    static func inGrantScope<E: GrantOwned>(
        _ items: [E], store: StoreTransaction, governorOfficeId: String, year: Int32
    ) async throws -> [E] {
        guard !governorOfficeId.isEmpty || year != 0 else { return items }
        var kept: [E] = []
        for item in items {
            guard let grant = try await store.get(Grant.self, id: item.grantId),
                governorOfficeId.isEmpty || grant.governorOfficeId == governorOfficeId,
                year == 0 || grant.year == year
            else { continue }
            kept.append(item)
        }
        return kept
    }
}

/// An entity that belongs to one grant.
protocol GrantOwned {
    var grantId: String { get }
}

extension Disbursement: GrantOwned {}
extension CoFinancingPledge: GrantOwned {}
extension ReclaimCase: GrantOwned {}
extension MultiYearCommitment: GrantOwned {}
