/// A command named by the RPC it serves (issue 16): the generated `…ServiceRPC` case's raw value is the RPC's
/// name, which the audit trail and the idempotency record store byte for byte as the string literals did
/// (`AuditCommandNamesTests`, `AllocationAuditNamesTests`), so no context spells a command name as a string.
extension CommandRunner {
    package func run<RPC: AccessControlledRPC, Request: WireMessage, Response: WireMessage>(
        _ rpc: RPC,
        request: Request,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        try await run(rpc.rawValue, request: request, caller: caller, body)
    }

    /// The acting-person form, so a request with `acting_person_id` still passes the AUTH-R2 check.
    package func run<RPC: AccessControlledRPC, Request: ActingPersonRequest & WireMessage, Response: WireMessage>(
        _ rpc: RPC,
        request: Request,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        try await run(rpc.rawValue, request: request, caller: caller, body)
    }

    /// The system-request form: a read that writes an access log (PRIV-R8) under the RPC's name.
    package func run<RPC: AccessControlledRPC, Response: WireMessage>(
        _ rpc: RPC,
        systemRequestId requestId: String,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        try await run(rpc.rawValue, systemRequestId: requestId, caller: caller, body)
    }
}
