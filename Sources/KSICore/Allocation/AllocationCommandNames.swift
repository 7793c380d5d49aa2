/// The commands Allocation runs for itself rather than for an RPC (issue 16): the relay's reclaim proposals
/// (ALLOC-R16) and the scheduler's report deadlines (ALLOC-R15).
enum AllocationSystemCommand: String, CaseIterable, Sendable {
    case proposeReclaims = "ProposeReclaims"
    case remindGrantReport = "RemindGrantReport"
    case markGrantReportLate = "MarkGrantReportLate"
}

/// Allocation's own commands by type (issue 16); the commands RPCs run are named by the RPC
/// (`CommandRunner+RPC.swift`). The raw value is the command's name in the audit trail and the idempotency
/// record, byte for byte what the string literals wrote (`AllocationAuditNamesTests`).
extension CommandRunner {
    func run<Response: WireMessage>(
        _ command: AllocationSystemCommand,
        systemRequestId requestId: String,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        try await run(command.rawValue, systemRequestId: requestId, caller: caller, body)
    }
}
