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

    public convenience init(
        name: String, config: ServiceConfig, services: [any RegistrableRPCService], health: HealthService,
        interceptors: [any ServerInterceptor], logger: Logger, beforeServing: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.init(name: name, listen: config.listen, tls: config.tls, services: services, health: health,
                  interceptors: interceptors, logger: logger, beforeServing: beforeServing)
    }

    /// A server without storage of its own (the gateway).
    public init(
        name: String, listen: ServiceConfig.Listen, tls: ServiceConfig.TLS, services: [any RegistrableRPCService], health: HealthService,
        interceptors: [any ServerInterceptor], logger: Logger, beforeServing: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.beforeServing = beforeServing
        var transportConfig = HTTP2ServerTransport.Posix.Config.defaults
        // The wire decoder enforces WireLimits and answers RESOURCE_EXHAUSTED; the transport's own
        // cap sits above it only as an outer guard (it resets the stream instead of answering).
        transportConfig.rpc.maxRequestPayloadSize = 2 * WireLimits.default.maxMessageBytes
        transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: listen.host, port: listen.port),
            transportSecurity: TransportSecurity.server(tls),
            config: transportConfig)
        server = GRPCServer(transport: transport, services: services + [health], interceptors: interceptors)
        self.health = health
        self.logger = logger
        self.name = name
    }

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
