/// `Get…DataVersion` of every service: where its database's data stands, for callers that cache what
/// they read (the gateway's view cache). Only system callers (services) may ask: the counter says how
/// busy a service is, which is nobody else's business.
extension CommandRunner {
    /// With `changes_after_version` (issue 17), also the entities written after it, read in the same snapshot as
    /// the version; a negative version is refused.
    func dataVersion(_ request: GetDataVersionRequest, as caller: Caller) async throws -> DataVersion {
        try caller.require(.system, toDo: "read the data version")
        guard request.changesAfterVersion >= 0 else {
            throw DomainError.invalidArgument(
                field: "changes_after_version",
                "changes_after_version must be 0 (none) or a data version read before"
            )
        }
        // The changes are read in the same snapshot as the version they lead to (`EntityChangeSet.mark`).
        let changeSet =
            request.changesAfterVersion > 0 ? try await database.changes(after: request.changesAfterVersion) : nil
        let mark = if let changeSet { changeSet.mark } else { try await database.dataVersion() }
        return DataVersion.with {
            $0.epoch = mark.epoch
            $0.version = mark.version
            $0.changes = changeSet?.changes ?? []
            $0.changesTruncated = changeSet.map { $0.changes == nil } ?? false
        }
    }
}

extension NeedsContext {
    /// `GetDataVersion`: where this service's data stands (system callers only).
    public func getDataVersion(_ request: GetDataVersionRequest, as caller: Caller) async throws -> DataVersion {
        try await runner.dataVersion(request, as: caller)
    }
}

extension PartnershipContext {
    /// `GetDataVersion`: where this service's data stands (system callers only).
    public func getDataVersion(_ request: GetDataVersionRequest, as caller: Caller) async throws -> DataVersion {
        try await runner.dataVersion(request, as: caller)
    }
}

extension AllocationContext {
    /// `GetDataVersion`: where this service's data stands (system callers only).
    public func getDataVersion(_ request: GetDataVersionRequest, as caller: Caller) async throws -> DataVersion {
        try await runner.dataVersion(request, as: caller)
    }
}

extension ReferralContext {
    /// `GetDataVersion`: where this service's data stands (system callers only).
    public func getDataVersion(_ request: GetDataVersionRequest, as caller: Caller) async throws -> DataVersion {
        try await runner.dataVersion(request, as: caller)
    }
}
