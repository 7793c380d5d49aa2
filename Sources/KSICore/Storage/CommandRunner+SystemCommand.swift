/// A command a context runs for itself rather than for an RPC — a scheduled step, a relay's proposal, a
/// maintenance sweep — named by a case of the context's own enum (issue 16). The raw value is the command's
/// name in the audit trail and the idempotency record, byte for byte what the string literals wrote
/// (`AuditCommandNamesTests`, `AllocationAuditNamesTests`).
package protocol SystemCommand: RawRepresentable<String>, CaseIterable, Sendable {}

extension CommandRunner {
    /// Runs `command` as `run(_:systemRequestId:caller:_:)` does, under the command's name.
    package func run<Command: SystemCommand, Response: WireMessage>(
        _ command: Command,
        systemRequestId requestId: String,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        try await run(command.rawValue, systemRequestId: requestId, caller: caller, body)
    }
}
