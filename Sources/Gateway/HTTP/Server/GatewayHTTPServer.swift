import Foundation
import Hummingbird
import HummingbirdTLS
import KSICore
import Logging
import NIOSSL
import ServiceLifecycle
import Services

/// The gateway's HTTP server: the JSON API under `/api/v1` and the dashboard at `/`, over mutual TLS
/// (a client certificate chained to the KSI CA is required; the handshake fails without one).
///
/// With `devDashboard`, a second listener serves only the dashboard (its pages and its CSRF-protected case
/// actions, no JSON API) over plain HTTP as a fixed viewer organisation and demo person (a development token
/// minted per request), so a browser user of `ksi dev` needs no client certificate. It binds
/// loopback only (`init` refuses any other host): on loopback, only this machine's users can reach it.
public struct GatewayHTTPServer: Service {
    /// The plain-HTTP development dashboard listener.
    public struct DevDashboard: Sendable {
        public var host: String
        public var port: Int
        /// The organisation the dashboard reads as.
        public var viewerOrgNumber: String
        /// The demo person it acts as (the person's roles there decide which views show); nil: no person.
        public var person: DevelopmentPerson?

        public init(host: String = "127.0.0.1", port: Int, viewerOrgNumber: String, person: DevelopmentPerson? = nil) {
            self.host = host
            self.port = port
            self.viewerOrgNumber = viewerOrgNumber
            self.person = person
        }
    }

    public let host: String
    public let port: Int
    public let tls: Services.ServiceConfig.TLS
    public let views: GatewayViews
    public let commands: GatewayCommands?
    public let devDashboard: DevDashboard?
    /// How a bearer token becomes a person (AUTH-R1), on both listeners.
    public let persons: PersonAuthentication
    /// Timeouts and the connection limit of both listeners (docs/security.md, "HTTP listeners").
    public let limits: HTTPListenerLimits
    /// The open connections of the HTTPS and the loopback listener.
    let httpsConnections: ConnectionCount
    let loopbackConnections: ConnectionCount
    public let logger: Logger
    let onListening: @Sendable (_ tlsPort: Int, _ devPort: Int?) async -> Void

    public init(
        host: String,
        port: Int,
        tls: Services.ServiceConfig.TLS,
        views: GatewayViews,
        commands: GatewayCommands?,
        devDashboard: DevDashboard? = nil,
        persons: PersonAuthentication? = nil,
        limits: HTTPListenerLimits = .init(),
        logger: Logger = Logger(label: "ksi.gateway.http"),
        onListening: @escaping @Sendable (_ tlsPort: Int, _ devPort: Int?) async -> Void = { _, _ in }
    ) throws {
        if let devDashboard, !Self.isLoopback(devDashboard.host) {
            throw DomainError.invalidArgument(
                field: "dev_dashboard.host",
                "the certificate-free dashboard listens on loopback only, not on \(devDashboard.host)"
            )
        }
        self.host = host
        self.port = port
        self.tls = tls
        self.views = views
        self.commands = commands
        self.devDashboard = devDashboard
        self.persons = persons ?? PersonAuthentication(registry: views.registry, tokens: nil)
        self.limits = limits
        self.httpsConnections = ConnectionCount(
            listener: "https",
            limit: limits.maxConnections,
            metricPrefix: "ksi_http"
        )
        self.loopbackConnections = ConnectionCount(
            listener: "loopback",
            limit: limits.maxConnections,
            metricPrefix: "ksi_http"
        )
        self.logger = logger
        self.onListening = onListening
    }

    /// Whether `host` is a loopback address or name.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The server TLS configuration: our certificate and key, and client certificates required and verified against the CA.
    public static func tlsConfiguration(_ tls: Services.ServiceConfig.TLS) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map {
            NIOSSLCertificateSource.certificate($0)
        }
        let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain,
            privateKey: .privateKey(key)
        )
        configuration.trustRoots = .file(tls.trustRootsPath)
        // Server side, any verification mode other than .none requires a peer certificate (SSL_VERIFY_FAIL_IF_NO_PEER_CERT).
        configuration.certificateVerification = .noHostnameVerification
        // TLS 1.2+ with ECDHE + AEAD suites only: the one policy of every KSI listener (docs/security.md, "TLS").
        TLSPolicy.harden(&configuration)
        return configuration
    }

    public func run() async throws {
        let router = try GatewayRouter.router(
            views: views,
            commands: commands,
            authentication: .clientCertificate(persons)
        )
        let ports = ListeningPorts()
        let onListening = self.onListening
        let expectsDev = devDashboard != nil
        let main = Application(
            router: router,
            server: try GuardedHTTPChannel.builder(
                tls: Self.tlsConfiguration(tls),
                limits: limits,
                connections: httpsConnections
            ),
            configuration: .init(address: .hostname(host, port: port), serverName: "ksi-gateway"),
            onServerRunning: { channel in
                if let ready = await ports.set(tls: channel.localAddress?.port ?? 0, expectsDev: expectsDev) {
                    await onListening(ready.0, ready.1)
                }
            },
            logger: logger
        )
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await main.run() }
            if let devDashboard {
                // The worklists and case actions act as the dev person through the same services (issue 15);
                // `api: false` keeps the JSON API and its transcoded RPCs off this listener.
                let devRouter = try GatewayRouter.router(
                    views: views,
                    commands: commands,
                    authentication: .developmentPerson(
                        orgNumber: devDashboard.viewerOrgNumber,
                        person: devDashboard.person,
                        persons: persons
                    ),
                    api: false,
                    listener: .loopback
                )
                let dev = Application(
                    router: devRouter,
                    server: try GuardedHTTPChannel.builder(
                        tls: nil,
                        limits: limits,
                        connections: loopbackConnections
                    ),
                    configuration: .init(
                        address: .hostname(devDashboard.host, port: devDashboard.port),
                        serverName: "ksi-gateway-dev"
                    ),
                    onServerRunning: { channel in
                        if let ready = await ports.set(dev: channel.localAddress?.port ?? 0) {
                            await onListening(ready.0, ready.1)
                        }
                    },
                    logger: logger
                )
                group.addTask { try await dev.run() }
            }
        }
    }
}

/// Collects the bound ports of both listeners and reports once when every expected one is up.
actor ListeningPorts {
    var tls: Int?
    var dev: Int?
    var expectsDev = false

    func set(tls port: Int, expectsDev: Bool) -> (Int, Int?)? {
        tls = port
        self.expectsDev = expectsDev
        return ready
    }

    func set(dev port: Int) -> (Int, Int?)? {
        dev = port
        return ready
    }

    private var ready: (Int, Int?)? {
        guard let tls else { return nil }
        if expectsDev { return dev.map { (tls, $0) } }
        return (tls, nil)
    }
}
