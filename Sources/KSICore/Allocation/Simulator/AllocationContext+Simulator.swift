/// View V12: the allocation simulator RPC. Nothing is stored.
extension AllocationContext {
    /// Who may simulate: the embete's statsforvalter staff, forum, committee members and network coordinators, and Udir.
    static let simulatorRoles: [Role] = [.sfCaseworker, .sfDecisionMaker, .forumMember, .forumChair, .committeeMember]

    /// Simulates allocation methods × split rules over draft lines (V12).
    public func simulateAllocation(_ request: SimulateAllocationRequest, as caller: Caller) async throws -> SimulateAllocationResponse {
        let allowed = caller.has(.udirAdmin)
            || Self.simulatorRoles.contains { caller.has($0, scope: request.governorOfficeId) }
            || caller.has(.networkCoordinator)
        guard allowed, !request.governorOfficeId.isEmpty || caller.has(.udirAdmin) else {
            throw DomainError.notPermitted("only the embete's staff, its forum and committees, or Udir may run the allocation simulator")
        }
        let base = reference.policies
        let (resolver, networks) = try await runner.read { store in
            let resolver = try await Self.policyResolver(in: store, base: base)
            let networks = try await store.list(
                CompetenceNetwork.self, filter: StorageFilter(governorOfficeId: request.governorOfficeId)).items
            return (resolver, networks)
        }
        let config = resolver.resolve(governorOfficeId: request.governorOfficeId, year: request.year, scheme: request.scheme)
        return try AllocationSimulator(reference: reference, config: config, networks: networks).simulate(request)
    }
}
