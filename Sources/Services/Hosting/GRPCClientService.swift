import GRPCCore
import GRPCNIOTransportHTTP2
import ServiceLifecycle

/// A gRPC client's connections as a lifecycle `Service`: it runs until graceful shutdown.
public struct GRPCClientService: Service {
    public let client: GRPCClient<HTTP2ClientTransport.Posix>

    /// A client to `host:port` over mutual TLS with the given identity.
    public init(host: String, port: Int, tls: ServiceConfig.TLS) throws {
        // An IP address cannot be a TLS server name (SNI): target it as an address, names through DNS.
        let isIPv4 = host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil }
        let target: any ResolvableTarget = isIPv4 ? .ipv4(address: host, port: port) : .dns(host: host, port: port)
        let transport = try HTTP2ClientTransport.Posix(target: target, transportSecurity: TransportSecurity.client(tls))
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
