/// Where the Allocation context reads the needs reports a recommendation line cites (ALLOC-R4). The reports
/// belong to NeedsService: in one process this is a `NeedsContext`; the deployed AllocationService calls
/// NeedsService over gRPC with its system identity (docs/services.md).
public protocol NeedsReportDirectory: Sendable {
    /// The reports with these ids; an id without a report is left out of the answer. Throws a
    /// `DomainError` with code `unavailable` when the reports cannot be read now, so a line is never
    /// stored unchecked.
    func needsReports(ids: [String]) async throws -> [NeedsReport]
}

extension NeedsContext: NeedsReportDirectory {
    /// Reads the reports in one read transaction, as the system (the caller is AllocationService).
    public func needsReports(ids: [String]) async throws -> [NeedsReport] {
        try await runner.read { store in
            Array(try await store.getMany(NeedsReport.self, ids: ids.filter { !$0.isEmpty }).values)
        }
    }
}
