/// Decision bases: the ranked needs a network or committee (or the forum, through the secretariat)
/// prepares for the forum (DOMAIN.md §4.1, PP29).
extension NeedsReportContext {
    /// Creates the decision basis of a network (`networkCoordinator`), a committee (`committeeMember`)
    /// or the forum itself (`sfCaseworker`, neither network nor committee) for a round.
    public func createDecisionBasis(
        _ request: CreateDecisionBasisRequest,
        as caller: Caller
    ) async throws -> DecisionBasis {
        try await runner.run(NeedsServiceRPC.createDecisionBasis, request: request, caller: caller) { scope in
            let round = try await scope.store.require(
                NeedsRound.self,
                id: request.roundId,
                what: "needs round",
                field: "round_id"
            )
            if !request.networkId.isEmpty && !request.committeeId.isEmpty {
                throw DomainError.invalidArgument(
                    field: "committee_id",
                    "a decision basis belongs to a network or a committee, not both"
                )
            }
            let basis = DecisionBasis.with {
                $0.id = Self.newId()
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
                $0.roundId = round.id
                $0.networkId = request.networkId
                $0.committeeId = request.committeeId
                $0.comments = request.comments
            }
            let role = try Self.requirePreparer(basis, round: round, scope.caller, toDo: "create this decision basis")
            guard round.status == .open || round.status == .closed else {
                throw DomainError.illegalTransition(
                    "a decision basis can only be prepared for an open or closed round; this round is \(round.status.name)"
                )
            }
            let existing = try await scope.store.list(DecisionBasis.self, filter: StorageFilter(parentId: round.id))
                .items
            if existing.contains(where: { $0.networkId == basis.networkId && $0.committeeId == basis.committeeId }) {
                throw DomainError.alreadyExists(
                    "this body already has a decision basis for the round",
                    what: "decision basis",
                    field: "round_id"
                )
            }
            return try await scope.create(basis, role: role, state: nil)
        }
    }

    /// Replaces the ranking and comments. Ids are unique; each report is of the round and under review
    /// or prioritised into this basis; prioritised reports all stay, in the order of their ranks.
    public func updateDecisionBasis(
        _ request: UpdateDecisionBasisRequest,
        as caller: Caller
    ) async throws -> DecisionBasis {
        try await runner.run(NeedsServiceRPC.updateDecisionBasis, request: request, caller: caller) { scope in
            var basis = try await scope.load(
                DecisionBasis.self,
                id: request.decisionBasisId,
                expectedVersion: request.expectedVersion,
                what: "decision basis",
                field: "decision_basis_id"
            )
            let round = try await scope.store.require(NeedsRound.self, id: basis.roundId, what: "needs round")
            let role = try Self.requirePreparer(basis, round: round, scope.caller, toDo: "change this decision basis")
            let reports = Dictionary(
                try await scope.store.list(NeedsReport.self, filter: StorageFilter(parentId: round.id)).items.map {
                    ($0.id, $0)
                },
                uniquingKeysWith: { first, _ in first }
            )
            var findings = Findings()
            var seen: Set<String> = []
            for (index, id) in request.rankedNeedsReportIds.enumerated() {
                let field = "ranked_needs_report_ids[\(index)]"
                if !seen.insert(id).inserted {
                    findings.reject(
                        .malformedInput,
                        field: field,
                        "each report may hold only one rank in a decision basis"
                    )
                } else if let report = reports[id] {
                    let inThisBasis = report.decisionBasisId == basis.id && report.priorityRank > 0
                    if report.status != .underReview && !inThisBasis {
                        findings.reject(.malformedInput, field: field, "only reports under review can be ranked")
                    }
                } else {
                    findings.reject(.malformedInput, field: field, "every ranked report must be a report of this round")
                }
            }
            let prioritised = reports.values.filter { $0.decisionBasisId == basis.id && $0.priorityRank > 0 }
            let listedRanks = request.rankedNeedsReportIds.compactMap { id in
                prioritised.first { $0.id == id }?.priorityRank
            }
            if listedRanks.count != prioritised.count {
                findings.reject(
                    .malformedInput,
                    field: "ranked_needs_report_ids",
                    "every report already prioritised into this basis must stay in it"
                )
            } else if listedRanks != listedRanks.sorted() {
                findings.reject(
                    .malformedInput,
                    field: "ranked_needs_report_ids",
                    "prioritised reports must keep the order of their ranks"
                )
            }
            try findings.throwIfViolated()
            basis.rankedNeedsReportIds = request.rankedNeedsReportIds
            basis.comments = request.comments
            basis.updatedAt = scope.nowMillis
            return try await scope.save(basis, role: role, before: nil, after: nil)
        }
    }

    /// Reads one decision basis (the embete's staff and forum, the network's coordinator, Udir).
    public func getDecisionBasis(_ request: GetDecisionBasisRequest, as caller: Caller) async throws -> DecisionBasis {
        try await runner.read { store in
            let basis = try await store.require(DecisionBasis.self, id: request.id, what: "decision basis")
            let round = try await store.require(NeedsRound.self, id: basis.roundId, what: "needs round")
            guard NeedsAccess.canRead(basis, governorOfficeId: round.governorOfficeId, caller) else {
                throw DomainError.notPermitted(
                    "only the embete, its forum and the network concerned may read this decision basis"
                )
            }
            return basis
        }
    }

    /// Lists the decision bases the caller may read, by round, network or committee.
    public func listDecisionBases(
        _ request: ListDecisionBasesRequest,
        as caller: Caller
    ) async throws -> ListDecisionBasesResponse {
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            var embeter: [String: String] = [:]
            let page = try await store.page(
                DecisionBasis.self,
                filter: StorageFilter(parentId: request.roundId.nonEmpty),
                pageRequest
            ) { basis in
                guard request.networkId.isEmpty || basis.networkId == request.networkId,
                    request.committeeId.isEmpty || basis.committeeId == request.committeeId
                else { return false }
                if embeter[basis.roundId] == nil {
                    embeter[basis.roundId] =
                        try await store.get(NeedsRound.self, id: basis.roundId)?.governorOfficeId ?? ""
                }
                return NeedsAccess.canRead(basis, governorOfficeId: embeter[basis.roundId] ?? "", caller)
            }
            return ListDecisionBasesResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// Who prepares a basis: the network's coordinator, a committee member of the embete, or the
    /// embete's caseworker for the forum's own basis.
    static func requirePreparer(
        _ basis: DecisionBasis,
        round: NeedsRound,
        _ caller: Caller,
        toDo action: String
    ) throws -> Role {
        if !basis.networkId.isEmpty {
            try caller.require(.networkCoordinator, scope: basis.networkId, toDo: action)
            return .networkCoordinator
        }
        if !basis.committeeId.isEmpty {
            try caller.require(.committeeMember, scope: round.governorOfficeId, toDo: action)
            return .committeeMember
        }
        try caller.require(.sfCaseworker, scope: round.governorOfficeId, toDo: action)
        return .sfCaseworker
    }
}
