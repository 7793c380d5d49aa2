/// `Get…DataVersion` of every service: where its database's data stands, for callers that cache what
/// they read (the gateway's view cache). Only system callers (services) may ask: the counter says how
/// busy a service is, which is nobody else's business.
extension CommandRunner {
    func dataVersion(as caller: Caller) async throws -> DataVersion {
        try caller.require(.system, toDo: "read the data version")
        let mark = try await database.dataVersion()
        return DataVersion.with {
            $0.epoch = mark.epoch
            $0.version = mark.version
        }
    }
}

extension NeedsContext {
    /// `GetDataVersion`: where this service's data stands (system callers only).
    public func getDataVersion(_ request: GetDataVersionRequest, as caller: Caller) async throws -> DataVersion {
        try await runner.dataVersion(as: caller)
    }
}

extension PartnershipContext {
    /// `GetDataVersion`: where this service's data stands (system callers only).
    public func getDataVersion(_ request: GetDataVersionRequest, as caller: Caller) async throws -> DataVersion {
        try await runner.dataVersion(as: caller)
    }
}

extension AllocationContext {
    /// `GetDataVersion`: where this service's data stands (system callers only).
    public func getDataVersion(_ request: GetDataVersionRequest, as caller: Caller) async throws -> DataVersion {
        try await runner.dataVersion(as: caller)
    }
}

extension ReferralContext {
    /// `GetDataVersion`: where this service's data stands (system callers only).
    public func getDataVersion(_ request: GetDataVersionRequest, as caller: Caller) async throws -> DataVersion {
        try await runner.dataVersion(as: caller)
    }
}
