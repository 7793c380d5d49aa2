/// The competence network RPCs (§4.3 CompetenceNetwork{governorOfficeId, municipalityIds[]}; PP29).
extension GovernanceContext {
    /// Creates a network of the embete's municipalities (sfCaseworker of the embete).
    public func createCompetenceNetwork(
        _ request: CreateCompetenceNetworkRequest,
        as caller: Caller
    ) async throws -> CompetenceNetwork {
        let content = request.content ?? CompetenceNetworkContent()
        let reference = self.reference
        return try await runner.run(AllocationServiceRPC.createCompetenceNetwork, request: request, caller: caller) {
            scope in
            try caller.require(.sfCaseworker, scope: content.governorOfficeId, toDo: "set up a competence network")
            try Self.validate(content, reference: reference, on: scope.today)
            let network = CompetenceNetwork.with {
                $0.id = GovernanceSupport.newId()
                $0.governorOfficeId = content.governorOfficeId
                $0.name = content.name
                $0.municipalityIds = Self.unique(content.municipalityIds)
                $0.coordinatorPersonIds = content.coordinatorPersonIds
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
            }
            return try await scope.create(network, role: .sfCaseworker, state: SteadyState.active.rawValue)
        }
    }

    /// Replaces a network's name, municipalities and coordinators (sfCaseworker of the embete, or the network's coordinator).
    public func updateCompetenceNetwork(
        _ request: UpdateCompetenceNetworkRequest,
        as caller: Caller
    ) async throws -> CompetenceNetwork {
        let content = request.content ?? CompetenceNetworkContent()
        let reference = self.reference
        return try await runner.run(AllocationServiceRPC.updateCompetenceNetwork, request: request, caller: caller) {
            scope in
            var network = try await scope.load(
                CompetenceNetwork.self,
                id: request.competenceNetworkId,
                expectedVersion: request.expectedVersion,
                what: "competence network"
            )
            let role: Role
            if caller.has(.sfCaseworker, scope: network.governorOfficeId) {
                role = .sfCaseworker
            } else if caller.has(.networkCoordinator, scope: network.id) {
                role = .networkCoordinator
            } else {
                throw DomainError.notPermitted(
                    "only sfCaseworker of the embete or the network's coordinator may change a competence network"
                )
            }
            var checked = content
            if checked.governorOfficeId.isEmpty { checked.governorOfficeId = network.governorOfficeId }
            guard checked.governorOfficeId == network.governorOfficeId else {
                throw DomainError.invalidArgument(
                    field: "content.governor_office_id",
                    "a network cannot move to another embete"
                )
            }
            try Self.validate(checked, reference: reference, on: scope.today)
            network.name = content.name
            network.municipalityIds = Self.unique(content.municipalityIds)
            network.coordinatorPersonIds = content.coordinatorPersonIds
            network.updatedAt = scope.nowMillis
            return try await scope.save(
                network,
                role: role,
                before: SteadyState.active.rawValue,
                after: SteadyState.active.rawValue
            )
        }
    }

    /// Reads one network.
    public func getCompetenceNetwork(
        _ request: GetCompetenceNetworkRequest,
        as caller: Caller
    ) async throws -> CompetenceNetwork {
        try GovernanceAccess.requireReader(caller)
        return try await runner.read { store in
            try await store.require(CompetenceNetwork.self, id: request.id, what: "competence network")
        }
    }

    /// Lists networks, by embete and member municipality.
    public func listCompetenceNetworks(
        _ request: ListCompetenceNetworksRequest,
        as caller: Caller
    ) async throws -> ListCompetenceNetworksResponse {
        try GovernanceAccess.requireReader(caller)
        let pageRequest = try PageRequest(request)
        let page = try await runner.read { store in
            let filter = StorageFilter(
                governorOfficeId: request.governorOfficeId.nonEmpty
            )
            return try await store.page(CompetenceNetwork.self, filter: filter, pageRequest) {
                request.municipalityId.isEmpty || $0.municipalityIds.contains(request.municipalityId)
            }
        }
        return ListCompetenceNetworksResponse.with {
            $0.items = page.items
            $0.nextPageToken = page.next
        }
    }

    /// A network needs a name and at least one municipality, each in force today in the network's embete (COM-R6).
    static func validate(_ content: CompetenceNetworkContent, reference: ReferenceData, on date: LocalDate) throws {
        var findings = Findings()
        func bad(_ field: String, _ message: String) {
            findings.reject(.malformedInput, field: field, message)
        }
        if reference.governorOffice(content.governorOfficeId, on: date) == nil {
            bad("content.governor_office_id", "the embete is not in the reference data")
        }
        if GovernanceSupport.isBlank(content.name) { bad("content.name", "the network needs a name") }
        if content.municipalityIds.isEmpty {
            bad("content.municipality_ids", "the network needs at least one municipality")
        }
        for (index, id) in content.municipalityIds.enumerated() {
            guard let municipality = reference.municipality(id, on: date) else {
                bad(
                    "content.municipality_ids[\(index)]",
                    "the municipality \(id) is not in the reference data on \(date)"
                )
                continue
            }
            if municipality.governorOfficeId != content.governorOfficeId {
                bad("content.municipality_ids[\(index)]", "the municipality \(id) belongs to another embete")
            }
        }
        if !findings.violations.isEmpty { throw GovernanceAccess.invalid(findings.violations) }
    }

    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
