import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSITestSupport
import Logging
import Services
import StackTestSupport

/// A health-only KSI gRPC server (the production `GRPCServerService`, real mutual TLS) on a loopback port.
struct HealthServer {
    static let kommune = DevelopmentPKI.Client(name: "kommune", orgNumber: OrgNumber.fictitious(4_204_000).value)

    let pki: DevelopmentPKI
    let port: Int
    let server: GRPCServerService

    static func with<R: Sendable>(
        limits: GRPCListenerLimits = .defaults,
        interceptors: [any ServerInterceptor] = [],
        services: [any RegistrableRPCService] = [],
        _ body: @Sendable (HealthServer) async throws -> R
    ) async throws -> R {
        let pki = DevelopmentPKI(directory: try LoopbackTLS.directory())
        try pki.create(clients: [kommune])
        let health = HealthService()
        health.setServing(true)
        let config = ServiceConfig(
            listen: .init(host: "127.0.0.1", port: 0),
            tls: pki.tls("needs-server"),
            storage: .sqlite(path: ":memory:"),
            grpcLimits: limits
        )
        let server = try GRPCServerService(
            name: "test",
            config: config,
            services: services,
            health: health,
            interceptors: interceptors,
            logger: Logger(label: "test")
        )
        return try await GracefulServices.with([server]) {
            try await body(HealthServer(pki: pki, port: try await server.boundPort(), server: server))
        }
    }

    /// One health check over a fresh grpc-swift client with the kommune's certificate.
    func check(_ service: String = "") async throws -> HealthCheckResponse {
        try await withClient { try await $0.check(.with { $0.service = service }, options: .timeout(.seconds(10))) }
    }

    func withClient<R: Sendable>(
        _ body: @Sendable (HealthClient<HTTP2ClientTransport.Posix>) async throws -> R
    ) async throws -> R {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port),
            transportSecurity: TransportSecurity.client(pki.tls("kommune"))
        )
        return try await withGRPCClient(transport: transport) { client in try await body(HealthClient(wrapping: client))
        }
    }
}
