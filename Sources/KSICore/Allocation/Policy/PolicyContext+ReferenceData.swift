/// The reference-data admin RPCs (§3; COM-R6): AllocationService is the system of record, `udirAdmin` imports,
/// other services export and cache.
///
/// The bundled data is version 1; each import is stored append-only with the next dataset version, holding the
/// new record versions and the closed earlier ones.
extension PolicyContext {
    /// The reference data in force: the bootstrap data, every stored import in order, and the stored policies.
    public func currentReferenceData() async throws -> ReferenceData {
        let base = registry.bootstrap
        return try await runner.read { store in
            let merged = try await Self.mergedReference(base, store: store)
            return ReferenceData(merged.set, policies: try await Self.policyResolver(in: store, base: base.policies))
        }
    }

    static func imports(in store: StoreTransaction) async throws -> [ReferenceDataImport] {
        try await store.list(ReferenceDataImport.self).items.sorted { $0.data.datasetVersion < $1.data.datasetVersion }
    }

    static func mergedReference(_ base: ReferenceData, store: StoreTransaction) async throws -> ReferenceData {
        ReferenceRegistry.applying(try await imports(in: store).map(\.data), to: base)
    }

    /// Puts the bootstrap data plus every stored import into the live registry (issue 12): at start, and after
    /// each import, so this service's own callers and rules see a change at once.
    /// The stored policy records and long-term plans come along (COM-R5, NEED-R14).
    public func refreshReferenceRegistry() async throws {
        let bootstrap = registry.bootstrap
        let (data, version, policyVersion) = try await runner.read { store in
            let batches = try await Self.imports(in: store)
            let records = try await Self.policyRecords(in: store)
            var data = ReferenceRegistry.applying(batches.map(\.data), to: bootstrap)
            data.policies = bootstrap.policies.with(records)
            data.longTermPlans = LongTermPlansInForce(records.longTermPlans)
            return (data, batches.last?.data.datasetVersion ?? 0, records.policyVersion)
        }
        registry.replace(data, importVersion: version, policyVersion: policyVersion)
    }

    /// Imports or changes reference data (udirAdmin); a dry run validates and counts without storing.
    public func upsertReferenceData(
        _ request: UpsertReferenceDataRequest,
        as caller: Caller
    ) async throws -> UpsertReferenceDataResponse {
        let data = request.data ?? ReferenceDataSet()
        try PersonImportRules.requirePermitted(data, by: caller, current: reference, today: time.today())
        let violations = ReferenceDataVersioning.validate(data).violations
        if !violations.isEmpty {
            throw DomainError(.invalidArgument, "the reference data is incomplete or malformed", violations: violations)
        }
        let base = registry.bootstrap
        let time = self.time
        @Sendable func plan(
            _ store: StoreTransaction,
            nowMillis: Int64
        ) async throws -> (ReferenceDataImport, UpsertReferenceDataResponse) {
            let current = try await Self.mergedReference(base, store: store)
            let personViolations = PersonImportRules.check(
                data,
                over: current,
                today: OsloCalendar.localDate(atMillis: nowMillis),
                nationalIds: nationalIds
            ).violations
            if !personViolations.isEmpty {
                throw DomainError(
                    .invalidArgument,
                    "the persons of the import do not fit the registry",
                    violations: personViolations
                )
            }
            var versioning = ReferenceDataVersioning(
                today: OsloCalendar.localDate(atMillis: nowMillis),
                nowMillis: nowMillis
            )
            var changes = versioning.changes(data, over: current.set)
            changes.datasetVersion = current.set.datasetVersion + 1
            let response = UpsertReferenceDataResponse.with {
                $0.datasetVersion = versioning.changed == 0 ? current.set.datasetVersion : changes.datasetVersion
                $0.recordsChanged = Int64(versioning.changed)
                $0.warnings = versioning.warnings
            }
            return (ReferenceDataImport(changes), response)
        }
        if request.dryRun {
            let now = time.nowMillis()
            return try await runner.read { store in try await plan(store, nowMillis: now).1 }
        }
        let response = try await runner.run(AllocationServiceRPC.upsertReferenceData, request: request, caller: caller)
        { scope in
            let (batch, response) = try await plan(scope.store, nowMillis: scope.nowMillis)
            guard response.recordsChanged > 0 else { return response }
            _ = try await scope.create(
                batch,
                role: caller.auditRole([.udirAdmin] + PersonImportRules.organisationAdminRoles),
                state: SteadyState.imported.rawValue
            )
            return response
        }
        try await refreshReferenceRegistry()
        return response
    }

    /// Exports the reference data: every version, or those in force on `as_of`; only imports after
    /// `after_dataset_version` when it is set (for caches that already hold the earlier data).
    public func exportReferenceData(
        _ request: ExportReferenceDataRequest,
        as caller: Caller
    ) async throws -> ReferenceDataSet {
        guard !caller.grants.isEmpty else {
            throw DomainError.notPermitted("only a registered organisation may export the reference data")
        }
        let base = registry.bootstrap
        return try await runner.read { store in
            let batches = try await Self.imports(in: store)
            var set: ReferenceDataSet
            if request.afterDatasetVersion > 0 {
                set = ReferenceDataSet()
                for batch in batches where batch.data.datasetVersion > request.afterDatasetVersion {
                    set = ReferenceData(set).merging(batch.data).set
                }
                set.datasetVersion = max(batches.last?.data.datasetVersion ?? 0, base.set.datasetVersion)
            } else {
                set = try await Self.mergedReference(base, store: store).set
            }
            if let date = request.asOf { set = Self.inForce(set, on: date) }
            // Persons carry national identity numbers (pid): only the services and Udir's administrators read them.
            if !caller.hasAny([.system, .udirAdmin]) { set.persons = [] }
            return set
        }
    }

    /// The records of a set in force on a date (COM-R6); size bands are not dated.
    static func inForce(_ set: ReferenceDataSet, on date: LocalDate) -> ReferenceDataSet {
        func keep<R: EffectiveDatedReferenceRecord>(_ records: [R]) -> [R] {
            records.filter { ReferenceData.inForce($0.validFrom, $0.validTo, on: date) }
        }
        var result = set
        result.governorOffices = keep(set.governorOffices)
        result.counties = keep(set.counties)
        result.municipalities = keep(set.municipalities)
        result.owners = keep(set.owners)
        result.units = keep(set.units)
        result.pptOffices = keep(set.pptOffices)
        result.uhInstitutions = keep(set.uhInstitutions)
        result.statpedLocations = keep(set.statpedLocations)
        result.statpedDivisions = keep(set.statpedDivisions)
        result.statpedSubjectAreas = keep(set.statpedSubjectAreas)
        result.statpedForumReps = keep(set.statpedForumReps)
        result.themes = keep(set.themes)
        result.organisations = keep(set.organisations)
        result.persons = keep(set.persons)
        return result
    }

    /// Resolves an organisation number to its registry entry and roles on a date (default today).
    public func lookupOrganisation(_ request: LookupOrganisationRequest, as caller: Caller) async throws -> Organisation
    {
        guard !caller.grants.isEmpty else {
            throw DomainError.notPermitted("only a registered organisation may look up organisations")
        }
        let date = request.asOf ?? OsloCalendar.localDate(atMillis: time.nowMillis())
        guard let organisation = reference.organisation(orgNumber: request.orgNumber, on: date) else {
            throw DomainError.notFound("organisation", request.orgNumber)
        }
        return organisation
    }
}
