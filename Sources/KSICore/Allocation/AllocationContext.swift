import Foundation

/// The Allocation bounded context (DOMAIN.md §4.3), as the root that AllocationService and embedders hold: it
/// builds the shared `AllocationEnvironment` once and vends one context per job (issue 16), each over the same
/// store: `budgets` (national budgets, regional frames, sub-frames), `recommendations` (recommendations and grant
/// decisions), `grants` (grants, disbursements, co-financing, reclaims, multi-year commitments, report
/// deadlines), `governance` (forums, committees, networks, long-term plans, annual reports), `appeals`,
/// `policy` (policy configuration and reference data) and `simulator`. The root itself keeps what spans them:
/// the event outbox, the audit trail, the feed, the data version and the dead letters.
public struct AllocationContext: Sendable, AllocationContextPart {
    let environment: AllocationEnvironment
    /// The live registry (issue 12). AllocationService owns it: `policy.refreshReferenceRegistry()` puts the
    /// bootstrap data plus the stored imports in it at start and after each import.
    public var registry: ReferenceRegistry { environment.registry }
    /// The check of imported persons' pids; synthetic (Tenor) numbers only in a test environment (ID-R1).
    public var nationalIds: NationalIdentityValidator { environment.nationalIds }

    /// National budgets, regional frames and their sub-frames.
    public var budgets: BudgetContext { BudgetContext(environment: environment) }
    /// Recommendations from the forums and the grant decisions made on them.
    public var recommendations: RecommendationContext { RecommendationContext(environment: environment) }
    /// The money after a decision: grants, disbursements, co-financing, reclaims, commitments, report deadlines.
    public var grants: GrantContext { GrantContext(environment: environment) }
    /// The governance bodies and their plans and reports: forums, committees, networks, long-term plans.
    public var governance: GovernanceContext { GovernanceContext(environment: environment) }
    /// Appeals against grant decisions.
    public var appeals: AppealContext { AppealContext(environment: environment) }
    /// Policy configuration and the national reference data.
    public var policy: PolicyContext { PolicyContext(environment: environment) }
    /// The allocation simulator (what-if over a frame).
    public var simulator: SimulatorContext { SimulatorContext(environment: environment) }

    /// A context over `database` with a registry of its own, started from `reference`.
    public init(
        database: KSIDatabase,
        reference: ReferenceData,
        time: any TimeSource,
        needsReports: any NeedsReportDirectory,
        environment: DeploymentEnvironment = .production
    ) {
        self.init(
            database: database,
            registry: ReferenceRegistry(reference),
            time: time,
            needsReports: needsReports,
            environment: environment
        )
    }

    /// A context over `database` that reads the live `registry`; `needsReports` answers ALLOC-R4's report checks.
    public init(
        database: KSIDatabase,
        registry: ReferenceRegistry,
        time: any TimeSource,
        needsReports: any NeedsReportDirectory,
        environment: DeploymentEnvironment = .production
    ) {
        self.environment = AllocationEnvironment(
            runner: CommandRunner(
                database: database,
                context: BoundedContext.allocation.rawValue,
                time: time,
                registry: registry
            ),
            registry: registry,
            time: time,
            needsReports: needsReports,
            nationalIds: NationalIdentityValidator(environment: environment)
        )
    }
}

// MARK: Events and audit

extension AllocationContext {
    /// Polls the Allocation outbox after a sequence number (§4.0); system, udirAdmin and embete staff.
    public func listAllocationEvents(
        _ request: ListAllocationEventsRequest,
        as caller: Caller
    ) async throws
        -> ListAllocationEventsResponse
    {
        guard caller.hasAny([.system, .udirAdmin, .sfCaseworker, .sfDecisionMaker]) else {
            throw DomainError.notPermitted("only the services, Udir and the statsforvalter may read allocation events")
        }
        let limit = try PageRequest.size(request.pageSize)
        let types = Set(request.types)
        return try await runner.read { store in
            var response = ListAllocationEventsResponse()
            var after = request.afterSequence
            response.lastSequence = after
            // Filtering by type may skip rows; keep reading until the page is full or the outbox ends.
            while response.events.count < limit {
                let batch = try await store.events(after: after, limit: limit)
                guard let last = batch.last else { break }
                for stored in batch where types.isEmpty || types.contains(stored.type) {
                    var event = try AllocationEvent(wireBytes: stored.payload)
                    event.sequence = stored.sequence
                    response.events.append(event)
                    if response.events.count == limit { break }
                }
                after =
                    response.events.count == limit ? (response.events.last?.sequence ?? last.sequence) : last.sequence
                response.lastSequence = after
                if batch.count < limit { break }
            }
            return response
        }
    }

    /// Lists this service's audit records (COM-R4): Udir, the statsforvalter and the services.
    public func listAuditRecords(
        _ request: ListAuditRecordsRequest,
        as caller: Caller
    ) async throws -> ListAuditRecordsResponse {
        guard caller.hasAny([.udirAdmin, .sfCaseworker, .sfDecisionMaker, .system]) else {
            throw DomainError.notPermitted("only Udir and the statsforvalter may read the allocation audit trail")
        }
        return try await runner.read { store in try await store.auditRecords(request) }
    }
}

// MARK: Shared helpers of the money and decision half

extension AllocationContextPart {
    /// A new entity id (UUID).
    static func makeEntityId() -> String { UUID().uuidString.lowercased() }

    /// The policy in force for an embete × year × scheme (COM-R5): stored policy records over the
    /// reference data's, over the built-in defaults.
    func moneyPolicy(
        _ store: StoreTransaction,
        _ governorOfficeId: String,
        _ year: Int32,
        _ scheme: Scheme
    ) async throws
        -> PolicyConfig
    {
        try await moneyResolver(store).resolve(governorOfficeId: governorOfficeId, year: year, scheme: scheme)
    }

    /// The stored policy records over the reference data's resolver (COM-R5).
    func moneyResolver(_ store: StoreTransaction) async throws -> PolicyResolver {
        var resolver = reference.policies
        for policy in try await store.list(GovernorPolicy.self).items { resolver.set(policy) }
        for policy in try await store.list(SchemeYearPolicy.self).items { resolver.set(policy) }
        return resolver
    }

    /// The forum of a recommendation, if it is stored (for ALLOC-R20 warnings, R21 and R22).
    func forum(_ store: StoreTransaction, _ forumId: String) async throws -> CollaborationForum? {
        forumId.isEmpty ? nil : try await store.get(CollaborationForum.self, id: forumId)
    }

    /// Appends an AllocationEvent to the outbox.
    static func emit(
        _ scope: CommandScope,
        _ type: AllocationEventType,
        aggregateId: String,
        _ configure: (inout AllocationEvent) -> Void
    )
        async throws
    {
        var event = AllocationEvent.with {
            $0.type = type.name
            $0.aggregateId = aggregateId
            $0.occurredAt = scope.nowMillis
        }
        configure(&event)
        try await scope.store.appendEvent(type: type, aggregateId: aggregateId, at: scope.nowMillis, payload: event)
    }

    /// Reads of money and decision data: any known role except the public (PRIV-R12; the public sees V10 only,
    /// ALLOC-R23).
    static func requireMoneyReader(_ caller: Caller) throws {
        guard caller.grants.contains(where: { $0.role != .public && $0.role != .unspecified }) else {
            throw DomainError.notPermitted("only registered organisations may read allocation data")
        }
    }
}
