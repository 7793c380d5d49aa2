import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import Logging
import ServiceLifecycle

/// A KSI gRPC server over mutual TLS as a lifecycle `Service`: it serves until graceful shutdown,
/// then stops accepting new calls and lets in-flight calls finish.
public final class GRPCServerService: Service, Sendable {
    let server: GRPCServer<HTTP2ServerTransport.Posix>
    let transport: HTTP2ServerTransport.Posix
    let health: HealthService
    let logger: Logger
    let name: String
    let beforeServing: @Sendable () async throws -> Void
    let connections: GRPCConnectionGuard

    public convenience init(
        name: String,
        config: ServiceConfig,
        services: [any RegistrableRPCService],
        health: HealthService,
        interceptors: [any ServerInterceptor],
        logger: Logger,
        beforeServing: @escaping @Sendable () async throws -> Void = {}
    ) throws {
        try self.init(
            name: name,
            listen: config.listen,
            tls: config.tls,
            limits: config.grpcLimits,
            services: services,
            health: health,
            interceptors: interceptors,
            logger: logger,
            beforeServing: beforeServing
        )
    }

    /// A server without storage of its own (the gateway).
    public init(
        name: String,
        listen: ServiceConfig.Listen,
        tls: ServiceConfig.TLS,
        limits: GRPCListenerLimits = .defaults,
        services: [any RegistrableRPCService],
        health: HealthService,
        interceptors: [any ServerInterceptor],
        logger: Logger,
        beforeServing: @escaping @Sendable () async throws -> Void = {}
    ) throws {
        self.beforeServing = beforeServing
        connections = try GRPCConnectionGuard(listener: name, limits: limits, tls: tls)
        transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: listen.host, port: listen.port),
            transportSecurity: TransportSecurity.server(tls),
            config: Self.transportConfig(limits: limits, connections: connections)
        )
        let all = services + [health]
        health.serve(Self.serviceNames(all))
        server = GRPCServer(transport: transport, services: all, interceptors: interceptors)
        self.health = health
        self.logger = logger
        self.name = name
    }

    /// The transport configuration of every KSI gRPC listener (docs/security.md, "gRPC listeners").
    static func transportConfig(
        limits: GRPCListenerLimits,
        connections: GRPCConnectionGuard
    ) -> HTTP2ServerTransport.Posix.Config {
        var config = HTTP2ServerTransport.Posix.Config.defaults
        // The wire decoder enforces WireLimits and answers RESOURCE_EXHAUSTED; the transport's own
        // cap sits above it only as an outer guard (it resets the stream instead of answering).
        config.rpc.maxRequestPayloadSize = 2 * WireLimits.default.maxMessageBytes
        // Advertised so clients queue calls beyond it; left nil, nothing is advertised and swift-nio-http2
        // still enforces 100, ending the connection on the 101st concurrent call (issue 11 item 5).
        config.http2.maxConcurrentStreams = limits.maxConcurrentStreams
        config.connection.maxIdleTime = limits.maxIdleTime
        config.connection.keepalive.time = limits.keepaliveTime
        config.connection.keepalive.timeout = limits.keepaliveTimeout
        config.channelDebuggingCallbacks.onAcceptTCPConnection = { channel in connections.accept(channel) }
        return config
    }

    /// The fully qualified names of the services registered on this server (what health answers for).
    static func serviceNames(_ services: [any RegistrableRPCService]) -> Set<String> {
        var router = RPCRouter<HTTP2ServerTransport.Posix>()
        for service in services { service.registerMethods(with: &router) }
        return Set(router.methods.map(\.service.fullyQualifiedService))
    }

    /// Connections open on this listener now.
    public var openConnections: Int { connections.openConnections }

    /// The port the server is bound to (after `run()` has started listening).
    public func boundPort() async throws -> Int {
        guard let address = try await transport.listeningAddress.ipv4 else {
            throw RPCError(code: .internalError, message: "the server is not bound to an IPv4 address")
        }
        return address.port
    }

    /// Stops serving before the group shuts down: new calls are refused, in-flight calls finish
    /// (a partial-failure test takes one service down this way).
    public func stop() {
        health.setServing(false)
        server.beginGracefulShutdown()
    }

    /// Runs `beforeServing` (migrations), then serves; health turns SERVING only once the port is bound,
    /// so a client that sees SERVING can connect.
    public func run() async throws {
        try await beforeServing()
        try await withGracefulShutdownHandler {
            logger.info("Server started", metadata: ["ksi.service": "\(name)"])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.server.serve() }
                if (try? await self.transport.listeningAddress) != nil { self.health.setServing(true) }
                try await group.waitForAll()
            }
            logger.info("Server stopped", metadata: ["ksi.service": "\(name)"])
        } onGracefulShutdown: {
            self.health.setServing(false)
            self.logger.info("Shutting down", metadata: ["ksi.service": "\(self.name)"])
            self.server.beginGracefulShutdown()
        }
    }
}
