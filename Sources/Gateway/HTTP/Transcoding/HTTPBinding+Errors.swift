import GRPCCore
import HTTPTypes

extension HTTPBinding {
    /// The gRPC codes the RPC can answer besides OK, from the shape of its request (the same conventions every
    /// context follows, protos/README.md): every RPC can be refused as malformed or breaking a rule
    /// (INVALID_ARGUMENT), for its caller (UNAUTHENTICATED, PERMISSION_DENIED) or for the moment
    /// (RESOURCE_EXHAUSTED, UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL); one that names an entity or a registry
    /// record by id or organisation number can find none (NOT_FOUND); a command (`request_id`) can meet a state that does not allow it
    /// (FAILED_PRECONDITION) or an entity or request id that exists already (ALREADY_EXISTS, IDEM-R1); one with
    /// `expected_version` can be stale (ABORTED). `scripts/every-rpc-run` checks each real answer against
    /// these, through the OpenAPI document.
    var errorCodes: [RPCError.Code] {
        let names = Set(fields.map(\.protoName))
        var codes: [RPCError.Code] = [.invalidArgument, .unauthenticated, .permissionDenied]
        let identifies: (String) -> Bool = {
            $0 == "id" || $0.hasSuffix("_id") || $0.hasSuffix("_ids") || $0 == "org_number"
        }
        if names.contains(where: identifies) { codes.append(.notFound) }
        if names.contains("request_id") { codes += [.failedPrecondition, .alreadyExists] }
        if names.contains("expected_version") { codes.append(.aborted) }
        return codes + [.resourceExhausted, .unavailable, .deadlineExceeded, .internalError]
    }

    /// The HTTP statuses of `errorCodes` (AIP-193's mapping), plus 413 and 415 for an RPC with a body (LIM-R8,
    /// JSON only), in ascending order.
    var errorStatuses: [HTTPResponse.Status] {
        var codes = Set(errorCodes.map { APIError.httpStatus(for: $0).code })
        if body != .none { codes.formUnion([413, 415]) }
        return codes.sorted().map { HTTPResponse.Status(code: $0) }
    }
}
