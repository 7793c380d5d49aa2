import GRPCCore
import GRPCNIOTransportHTTP2
import ServiceLifecycle

/// A gRPC client's connections as a lifecycle `Service`: it runs until graceful shutdown.
public struct GRPCClientService: Service {
    public let client: GRPCClient<HTTP2ClientTransport.Posix>

    /// A client to `host:port` over mutual TLS with the given identity. Calls are spread round-robin
    /// over every address the name resolves to, so a service scaled to several replicas behind one
    /// DNS name (`docker compose up --scale needs=3`) shares the load.
    /// `handshakeTimeout`: a connection whose TLS handshake has not finished by then is closed and retried.
    public init(host: String, port: Int, tls: ServiceConfig.TLS, handshakeTimeout: Duration = .seconds(10)) throws {
        try self.init(address: ServiceAddress(host: host, port: port), tls: tls, handshakeTimeout: handshakeTimeout)
    }

    /// A client to a service's replicas (issue 17): every address a name resolves to, or every listed IP
    /// address, one connection each, calls spread round-robin over them.
    public init(address: ServiceAddress, tls: ServiceConfig.TLS, handshakeTimeout: Duration = .seconds(10)) throws {
        var config = HTTP2ClientTransport.Posix.Config.defaults
        config.backoff = Self.reconnectBackoff
        config.channelDebuggingCallbacks.onCreateTCPConnection = { channel in
            TLSHandshakeDeadlineHandler.installOnClient(channel, timeout: handshakeTimeout)
        }
        let transport = try HTTP2ClientTransport.Posix(
            target: address.target,
            transportSecurity: TransportSecurity.client(tls),
            config: config,
            serviceConfig: GRPCCore.ServiceConfig(loadBalancingConfig: [.roundRobin])
        )
        client = GRPCClient(transport: transport)
    }

    /// Reconnect within seconds after a service comes (back) up: the default backoff grows to 2 min,
    /// which would keep a view's sections unavailable long after a restarted service answers again.
    /// The first retry stays at 1 s: retrying faster makes it likelier that a connection lands on a
    /// server in the middle of shutting down, which grpc-swift-nio-transport does not survive
    /// (swift-nio#2637: an accepted but unserved connection traps).
    static let reconnectBackoff = HTTP2ClientTransport.Config.Backoff(
        initial: .seconds(1),
        max: .seconds(5),
        multiplier: 1.6,
        jitter: 0.2
    )

    /// The resolvable target for `host:port`. An IP address cannot be a TLS server name (SNI):
    /// target it as an address; names go through DNS.
    public static func target(host: String, port: Int) -> any ResolvableTarget {
        ServiceAddress(host: host, port: port).target
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await client.runConnections()
        } onGracefulShutdown: {
            client.beginGracefulShutdown()
        }
    }
}
