import GRPCCore

/// What a handler knows about a call besides its message: the server context (peer, transport
/// details such as the client certificate) and the request metadata (request id, forwarded principal).
public struct RPCRequestContext: Sendable {
    public var server: ServerContext
    public var metadata: Metadata

    public init(server: ServerContext, metadata: Metadata) {
        self.server = server
        self.metadata = metadata
    }
}
