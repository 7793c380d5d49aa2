/// The commands Allocation runs for itself rather than for an RPC (issue 16): the relay's reclaim proposals
/// (ALLOC-R16) and the scheduler's report deadlines (ALLOC-R15).
enum AllocationSystemCommand: String, CaseIterable, Sendable {
    case proposeReclaims = "ProposeReclaims"
    case remindGrantReport = "RemindGrantReport"
    case markGrantReportLate = "MarkGrantReportLate"
}

/// Allocation's commands by type (issue 16): the command an RPC runs is named by the RPC
/// (`AllocationServiceRPC`, whose raw value is the RPC's name), a command of its own by
/// `AllocationSystemCommand`. The raw value is the command's name in the audit trail and the idempotency
/// record, byte for byte what the string literals wrote (`AllocationAuditNamesTests`).
extension CommandRunner {
    func run<Request: WireMessage, Response: WireMessage>(
        _ rpc: AllocationServiceRPC,
        request: Request,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        try await run(rpc.rawValue, request: request, caller: caller, body)
    }

    /// The acting-person form, so a request with `acting_person_id` still passes the AUTH-R2 check.
    func run<Request: ActingPersonRequest & WireMessage, Response: WireMessage>(
        _ rpc: AllocationServiceRPC,
        request: Request,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        try await run(rpc.rawValue, request: request, caller: caller, body)
    }

    func run<Response: WireMessage>(
        _ command: AllocationSystemCommand,
        systemRequestId requestId: String,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        try await run(command.rawValue, systemRequestId: requestId, caller: caller, body)
    }
}
