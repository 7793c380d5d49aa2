/// The policy configuration RPCs (§4.5; COM-R5): embete × year × scheme records set by the embete's
/// `sfCaseworker`, the national records set by `udirAdmin`.
extension PolicyContext {
    /// COM-R5: the resolver over the stored policy records, on top of the records the reference data was
    /// seeded with, falling back to the built-in defaults.
    public func policyResolver() async throws -> PolicyResolver {
        let base = reference.policies
        return try await runner.read { store in try await Self.policyResolver(in: store, base: base) }
    }

    static func policyResolver(in store: StoreTransaction, base: PolicyResolver) async throws -> PolicyResolver {
        var resolver = base
        for policy in try await store.list(GovernorPolicy.self).items { resolver.set(policy) }
        for policy in try await store.list(SchemeYearPolicy.self).items { resolver.set(policy) }
        for policy in try await store.list(StatpedPolicy.self).items { resolver.set(policy) }
        return resolver
    }

    /// The configuration in force for an embete × scheme × year (empty embete = the national level).
    public func getPolicyConfig(_ request: GetPolicyConfigRequest, as caller: Caller) async throws -> PolicyConfig {
        guard !caller.grants.isEmpty else {
            throw DomainError.notPermitted("only a registered organisation may read the configuration")
        }
        guard request.scheme != .unspecified else {
            throw DomainError.invalidArgument(field: "scheme", "the scheme must be set")
        }
        guard request.year > 0 else { throw DomainError.invalidArgument(field: "year", "the year must be set") }
        guard PolicyValidation.budgetYears.contains(request.year) else {
            throw DomainError.invalidArgument(field: "year", "the year must be a budget year (2000–2100)")
        }
        let resolver = try await policyResolver()
        return Self.resolve(
            resolver,
            governorOfficeId: request.governorOfficeId,
            year: request.year,
            scheme: request.scheme
        )
    }

    /// COM-R5 resolution; for the national level, a national record is reported as the national default.
    static func resolve(
        _ resolver: PolicyResolver,
        governorOfficeId: String,
        year: Int32,
        scheme: Scheme
    ) -> PolicyConfig {
        var config = resolver.resolve(governorOfficeId: governorOfficeId, year: year, scheme: scheme)
        if governorOfficeId.isEmpty && config.governorPolicySource == .governorOffice {
            config.governorPolicySource = .nationalDefault
        }
        return config
    }

    /// Writes exactly one policy record and returns the configuration it now resolves to.
    ///
    /// Who: an embete record, the embete's `sfCaseworker`; the national default, the scheme × year record and the
    /// Statped record, `udirAdmin`. A record's key (embete, year, scheme) never changes; there is one record per key.
    public func setPolicyConfig(_ request: SetPolicyConfigRequest, as caller: Caller) async throws -> PolicyConfig {
        let sections = [request.governorPolicy != nil, request.schemeYearPolicy != nil, request.statpedPolicy != nil]
        guard sections.filter({ $0 }).count == 1 else {
            throw DomainError.invalidArgument(
                field: "governor_policy",
                "exactly one of the governor, scheme-year and Statped policy records must be given"
            )
        }
        let reference = self.reference
        let written = try await runner.run(AllocationServiceRPC.setPolicyConfig, request: request, caller: caller) {
            scope in
            var resolver = try await Self.policyResolver(in: scope.store, base: reference.policies)
            if let input = request.governorPolicy {
                let role: Role
                if input.governorOfficeId.isEmpty {
                    try caller.require(.udirAdmin, toDo: "set the national default configuration")
                    role = .udirAdmin
                } else {
                    try caller.require(
                        .sfCaseworker,
                        scope: input.governorOfficeId,
                        toDo: "set the embete's configuration"
                    )
                    role = .sfCaseworker
                }
                let schemeYear = resolver.resolve(governorOfficeId: "", year: input.year, scheme: input.scheme)
                    .schemeYear
                var policy = try PolicyValidation.governor(input, schemeYear: schemeYear, reference: reference)
                let existing = try await Self.existing(
                    GovernorPolicy.self,
                    id: request.policyId,
                    expectedVersion: request.expectedVersion,
                    scope: scope,
                    sameKey: StorageFilter(
                        governorOfficeId: policy.governorOfficeId,
                        year: policy.year,
                        scheme: policy.scheme.rawValue
                    ),
                    matches: {
                        $0.governorOfficeId == policy.governorOfficeId && $0.year == policy.year
                            && $0.scheme == policy.scheme
                    }
                )
                policy.id = existing?.id ?? GovernanceSupport.newId()
                policy.version = existing?.version ?? 0
                policy.createdAt = existing?.createdAt ?? scope.nowMillis
                policy.updatedAt = scope.nowMillis
                let stored =
                    existing == nil
                    ? try await scope.create(policy, role: role, state: SteadyState.set.rawValue)
                    : try await scope.save(
                        policy,
                        role: role,
                        before: SteadyState.set.rawValue,
                        after: SteadyState.set.rawValue
                    )
                resolver.set(stored)
                return Self.resolve(
                    resolver,
                    governorOfficeId: stored.governorOfficeId,
                    year: stored.year,
                    scheme: stored.scheme
                )
            } else if let input = request.schemeYearPolicy {
                try caller.require(.udirAdmin, toDo: "set the national scheme configuration")
                var policy = try PolicyValidation.schemeYear(input)
                let existing = try await Self.existing(
                    SchemeYearPolicy.self,
                    id: request.policyId,
                    expectedVersion: request.expectedVersion,
                    scope: scope,
                    sameKey: StorageFilter(year: policy.year, scheme: policy.scheme.rawValue),
                    matches: { $0.year == policy.year && $0.scheme == policy.scheme }
                )
                policy.id = existing?.id ?? GovernanceSupport.newId()
                policy.version = existing?.version ?? 0
                policy.createdAt = existing?.createdAt ?? scope.nowMillis
                policy.updatedAt = scope.nowMillis
                let stored =
                    existing == nil
                    ? try await scope.create(policy, role: .udirAdmin, state: SteadyState.set.rawValue)
                    : try await scope.save(
                        policy,
                        role: .udirAdmin,
                        before: SteadyState.set.rawValue,
                        after: SteadyState.set.rawValue
                    )
                resolver.set(stored)
                return Self.resolve(resolver, governorOfficeId: "", year: stored.year, scheme: stored.scheme)
            } else {
                try caller.require(.udirAdmin, toDo: "set the Statped configuration")
                var policy = try PolicyValidation.statped(request.statpedPolicy ?? StatpedPolicy())
                let existing = try await Self.existing(
                    StatpedPolicy.self,
                    id: request.policyId,
                    expectedVersion: request.expectedVersion,
                    scope: scope,
                    sameKey: .all,
                    matches: { _ in true }
                )
                policy.id = existing?.id ?? GovernanceSupport.newId()
                policy.version = existing?.version ?? 0
                policy.createdAt = existing?.createdAt ?? scope.nowMillis
                policy.updatedAt = scope.nowMillis
                let stored =
                    existing == nil
                    ? try await scope.create(policy, role: .udirAdmin, state: SteadyState.set.rawValue)
                    : try await scope.save(
                        policy,
                        role: .udirAdmin,
                        before: SteadyState.set.rawValue,
                        after: SteadyState.set.rawValue
                    )
                resolver.set(stored)
                let year = OsloCalendar.localDate(atMillis: scope.nowMillis).year
                return Self.resolve(resolver, governorOfficeId: "", year: year, scheme: .ksi)
            }
        }
        // COM-R5 / NEED-R14: this service's own next call resolves the change; the others follow it.
        try await refreshPolicyRecords()
        return written
    }

    /// The record a write changes: the one named by `id` (its key must not change), or none when creating,
    /// in which case no record may exist for the key yet.
    static func existing<E: StoredEntity>(
        _ type: E.Type,
        id: String,
        expectedVersion: Int64,
        scope: CommandScope,
        sameKey: StorageFilter,
        matches: (E) -> Bool
    ) async throws -> E? {
        if id.isEmpty {
            if try await scope.store.list(E.self, filter: sameKey).items.contains(where: matches) {
                throw DomainError.alreadyExists(
                    "a policy record for this key already exists; change it by its id and version",
                    what: "policy record",
                    field: "policy_id"
                )
            }
            return nil
        }
        let record = try await scope.load(E.self, id: id, expectedVersion: expectedVersion, what: "policy record")
        guard matches(record) else {
            throw DomainError.invalidArgument(
                field: "policy_id",
                "a policy record's embete, year and scheme cannot be changed"
            )
        }
        return record
    }
}
