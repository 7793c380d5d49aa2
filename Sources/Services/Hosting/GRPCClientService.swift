import GRPCCore
import GRPCNIOTransportHTTP2
import ServiceLifecycle

/// A gRPC client's connections as a lifecycle `Service`: it runs until graceful shutdown.
public struct GRPCClientService: Service {
    public let client: GRPCClient<HTTP2ClientTransport.Posix>

    /// A client to `host:port` over mutual TLS with the given identity.
    public init(host: String, port: Int, tls: ServiceConfig.TLS) throws {
        let transport = try HTTP2ClientTransport.Posix(
            target: .dns(host: host, port: port), transportSecurity: TransportSecurity.client(tls))
        client = GRPCClient(transport: transport)
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await client.runConnections()
        } onGracefulShutdown: {
            client.beginGracefulShutdown()
        }
    }
}
