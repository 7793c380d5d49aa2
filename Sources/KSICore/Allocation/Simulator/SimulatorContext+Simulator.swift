/// View V12: the allocation simulator RPC. Nothing is stored.
extension SimulatorContext {
    /// Who may simulate: the embete's statsforvalter staff, forum, committee members and network coordinators, and Udir.
    static let simulatorRoles: [Role] = [.sfCaseworker, .sfDecisionMaker, .forumMember, .forumChair, .committeeMember]

    /// Simulates allocation methods × split rules over draft lines (V12).
    public func simulateAllocation(
        _ request: SimulateAllocationRequest,
        as caller: Caller
    ) async throws -> SimulateAllocationResponse {
        guard !request.governorOfficeId.isEmpty else {
            throw DomainError.invalidArgument(field: "governor_office_id", "the embete must be given")
        }
        // Before the policy lookup: a year outside the budget years has no configuration (COM-R5).
        if request.year != 0, !PolicyValidation.budgetYears.contains(request.year) {
            throw DomainError.invalidArgument(field: "year", "the year must be a budget year (2000–2100)")
        }
        let base = reference.policies
        let (resolver, networks) = try await runner.read { store in
            let resolver = try await PolicyContext.policyResolver(in: store, base: base)
            let networks = try await store.list(
                CompetenceNetwork.self,
                filter: StorageFilter(governorOfficeId: request.governorOfficeId)
            ).items
            return (resolver, networks)
        }
        // A network coordinator may simulate for the embete its network belongs to.
        let coordinates = !Set(caller.scopes(of: .networkCoordinator)).isDisjoint(with: networks.map(\.id))
        guard
            caller.has(.udirAdmin) || coordinates
                || Self.simulatorRoles.contains(where: { caller.has($0, scope: request.governorOfficeId) })
        else {
            throw DomainError.notPermitted(
                "only the embete's staff, its forum, committees and network coordinators, or Udir may run the allocation simulator"
            )
        }
        let config = resolver.resolve(
            governorOfficeId: request.governorOfficeId,
            year: request.year,
            scheme: request.scheme
        )
        return try AllocationSimulator(reference: reference, config: config, networks: networks).simulate(request)
    }
}
