import Foundation
import Gateway
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSITestSupport
import Logging
import Services
import ServiceLifecycle

/// All four services in-process on loopback ports with real mutual TLS, each with its own
/// database (temporary SQLite files, or databases on the test PostgreSQL server), and optionally
/// the gateway in front of them.
public struct TestStack: Sendable {
    public let pki: DevelopmentPKI
    public let ports: [KSIServiceKind: Int]
    public let time: FixedTimeSource
    public let reference: ReferenceData
    /// Each service's own database (to read its relay cursors).
    public let databases: [KSIServiceKind: KSIDatabase]
    /// The gateway, when the stack was started `withGateway`; its gRPC port is `gatewayPort`.
    public let gateway: HostedGateway?
    public let gatewayPort: Int
    /// The gateway's HTTPS API and dashboard port (client certificates required).
    public let httpPort: Int
    /// The certificate-free loopback dashboard, reading as statsforvalter-agder (as `ksi dev` runs it).
    public let devDashboardPort: Int
    /// The services' servers, to stop one in a partial-failure test.
    public let servers: [KSIServiceKind: GRPCServerService]

    public enum Storage: Sendable { case sqlite, postgres }

    /// Starts the stack for the scope of `body`, then shuts it down gracefully.
    public static func with<R: Sendable>(storage: Storage = .sqlite, today: LocalDate = LocalDate(year: 2025, month: 1, day: 6),
        withGateway: Bool = false, upstreamTimeout: Duration = .seconds(5),
        _ body: @Sendable (TestStack) async throws -> R) async throws -> R {
        let dir = try RepositoryPaths.temporaryDirectory("stack")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pki = DevelopmentPKI(directory: dir.appendingPathComponent("certs"))
        try pki.create(clients: ServiceIdentities.all + DemoRegion.identities.map { DevelopmentPKI.Client(name: $0.name, orgNumber: $0.orgNumber) })
        let reference = try ReferenceData.bundled().merging(DemoRegion.referenceDataSet())
            .merging(ReferenceDataSet.with { $0.organisations = ServiceIdentities.organisations() })
        let time = FixedTimeSource(date: today)
        var ports: [KSIServiceKind: Int] = [:]
        for kind in KSIServiceKind.allCases { ports[kind] = try freeLoopbackPort() }
        var postgresNames: [String] = []
        var services: [any Service] = []
        var health: [HealthService] = []
        var databases: [KSIServiceKind: KSIDatabase] = [:]
        var servers: [KSIServiceKind: GRPCServerService] = [:]
        for kind in KSIServiceKind.allCases {
            let storageConfig: Services.ServiceConfig.Storage
            switch storage {
            case .sqlite: storageConfig = .sqlite(path: dir.appendingPathComponent("\(kind.rawValue).sqlite").path)
            case .postgres:
                let (name, url) = try await TestDatabase.createPostgresDatabase()
                postgresNames.append(name)
                storageConfig = .postgres(url: url)
            }
            let config = Services.ServiceConfig(listen: .init(host: "127.0.0.1", port: ports[kind]!), tls: pki.tls("\(kind.rawValue)-server"),
                storage: storageConfig, trustedGateways: [ServiceIdentities.gateway])
            let peers = PeerAddresses(allocation: ("127.0.0.1", ports[.allocation]!), partnerships: ("127.0.0.1", ports[.partnerships]!),
                clientTLS: pki.tls("\(kind.rawValue)-client"))
            let hosted = try await ServiceHost.make(kind, config: config, reference: reference, time: time,
                referralKeys: try ReferralKeyRing.ephemeral(), peers: peers, logger: Logger(label: "e2e.\(kind.rawValue)"))
            services += hosted.lifecycle
            health.append(hosted.health)
            databases[kind] = hosted.database
            servers[kind] = hosted.server
        }
        var gateway: HostedGateway?
        let gatewayPort = try freeLoopbackPort()
        let httpPort = try freeLoopbackPort()
        let devDashboardPort = try freeLoopbackPort()
        if withGateway {
            let loopback = "127.0.0.1"
            let hosted = try GatewayHost.make(
                config: GatewayConfig(
                    grpcListen: .init(host: loopback, port: gatewayPort), serverTLS: pki.tls("gateway-server"), clientTLS: pki.tls("gateway-client"),
                    upstreams: .init(needs: (loopback, ports[.needs]!), partnerships: (loopback, ports[.partnerships]!),
                                     allocation: (loopback, ports[.allocation]!), referral: (loopback, ports[.referral]!)),
                    upstreamTimeout: upstreamTimeout, httpListen: .init(host: loopback, port: httpPort),
                    devDashboard: .init(host: loopback, port: devDashboardPort,
                                        viewerOrgNumber: DemoRegion.identities.first { $0.name == "statsforvalter-agder" }!.orgNumber)),
                reference: reference, time: time, logger: Logger(label: "e2e.gateway"))
            services += hosted.lifecycle
            health.append(hosted.health)
            gateway = hosted
        }
        // A service stopped on purpose (`stop(_:)`) must not end the group.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services.map { .init(service: $0, successTerminationBehavior: .ignore) }, logger: Logger(label: "e2e")))
        let stack = TestStack(pki: pki, ports: ports, time: time, reference: reference, databases: databases,
                              gateway: gateway, gatewayPort: gatewayPort, httpPort: httpPort, devDashboardPort: devDashboardPort,
                              servers: servers)
        let result: Result<R, any Error> = await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                do { try await group.run() } catch { print("e2e service group ended with: \(error)") }
            }
            do {
                // Wait until every service has migrated and reports SERVING.
                for _ in 0..<1200 where !health.allSatisfy(\.isServing) { try await Task.sleep(for: .milliseconds(50)) }
                guard health.allSatisfy(\.isServing) else {
                    throw DomainError(.unavailable, "the stack's servers did not report SERVING within 60 seconds")
                }
                let value = try await body(stack)
                await group.triggerGracefulShutdown()
                return .success(value)
            } catch {
                await group.triggerGracefulShutdown()
                return .failure(error)
            }
        }
        for name in postgresNames { try? await TestDatabase.dropPostgresDatabase(name) }
        return try result.get()
    }

    /// Runs `body` with a client to `kind` presenting the certificate `identity`.
    public func client<R: Sendable>(_ kind: KSIServiceKind, as identity: String,
        _ body: @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> R) async throws -> R {
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: ports[kind]!),
            transportSecurity: TransportSecurity.client(pki.tls(identity)))
        return try await withGRPCClient(transport: transport) { client in try await body(client) }
    }
}

extension TestStack {
    /// Takes one service down (it refuses new calls), as in an outage.
    public func stop(_ kind: KSIServiceKind) {
        servers[kind]!.stop()
    }

    /// Runs `body` with a client to the gateway's gRPC façade presenting the certificate `identity`.
    public func gatewayClient<R: Sendable>(as identity: String,
        _ body: @Sendable (GatewayServiceClient<HTTP2ClientTransport.Posix>) async throws -> R) async throws -> R {
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: gatewayPort),
            transportSecurity: TransportSecurity.client(pki.tls(identity)))
        return try await withGRPCClient(transport: transport) { client in try await body(GatewayServiceClient(wrapping: client)) }
    }
}
