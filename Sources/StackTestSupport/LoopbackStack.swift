import Foundation
import Gateway
import KSICore
import KSIDemoData
import KSITestSupport
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Services

/// The four services, optionally the gateway, and any extra servers in this process on loopback ports,
/// with the development PKI's mutual TLS and one `ServiceGroup`: what the end-to-end tests
/// (`TestStack`) and the RPC benchmarks (`ksi-bench rpc`) both run.
public struct LoopbackStack: Sendable {
    /// What to start, and how.
    public struct Options: Sendable {
        /// Where each service stores its data.
        public var storage: @Sendable (KSIServiceKind) async throws -> Services.ServiceConfig.Storage
        public var reference: ReferenceData
        public var time: FixedTimeSource
        /// The referral key ring (nil: a fresh ephemeral one), e.g. the one a seeded database was written with.
        public var referralKeys: ReferralKeyRing?
        /// Run the services' event relays (the cross-service flow); off for a load of the RPCs alone.
        public var relays = true
        /// Start the gateway with this deadline per upstream call (nil: no gateway).
        public var gatewayUpstreamTimeout: Duration?
        /// Also start the gateway's HTTPS API and the loopback dashboard.
        public var gatewayHTTP = true
        /// The demo person the certificate-free loopback dashboard acts as, for that person's organisation
        /// (the first organisation of its roles), like `ksi dev --dashboard-person`.
        public var dashboardPerson = DemoPersons.dashboardDefault
        public var logLevel: Logger.Level = .info
        public var logPrefix = "e2e"
        /// Where the services' notification e-mail goes (issue 13; default: recorded, not sent).
        public var mail = MailConfig()
        /// How often the services' schedulers check for due jobs on their own; long by default, so a
        /// test decides when jobs run (move `time`, then `schedulers[kind].runDueJobs()`).
        public var schedulerInterval: Duration = .seconds(3600)
        /// The deployment setting (issue 14): the test stack is a test environment, so synthetic (Tenor)
        /// national identity numbers are accepted (ID-R1); a test of production behaviour sets `.production`.
        public var environment: DeploymentEnvironment = .test
        /// Servers started with the others (e.g. the benchmarks' echo server), made with the stack's PKI.
        public var extraServices: @Sendable (DevelopmentPKI) throws -> [any Service] = { _ in [] }
        /// Replicas of every service (issue 17): each a service process of its own (port, gRPC server, relays,
        /// scheduler, registry, database pool) over the one database of its service (`storage` is asked once
        /// per service; on PostgreSQL, as `ksi serve` scaled out). The gateway and every relay's and follower's
        /// client spread their calls round-robin over a service's replicas. 1 by default.
        public var replicas = 1
        /// Give every replica its own Prometheus registry (`Replica.metrics`), as each `ksi serve` process has its
        /// `/metrics`: calls per method, relay applications, job runs. Off by default (the global factory).
        public var replicaMetrics = false

        public init(
            reference: ReferenceData,
            time: FixedTimeSource,
            storage: @escaping @Sendable (KSIServiceKind) async throws -> Services.ServiceConfig.Storage
        ) {
            self.reference = reference
            self.time = time
            self.storage = storage
        }
    }

    /// One replica of a service (issue 17).
    public struct Replica: Sendable {
        public let kind: KSIServiceKind
        /// 0 for the first replica (the one `ports`, `databases`, `servers`, … name).
        public let index: Int
        public let port: Int
        /// This replica's own pool to the service's database.
        public let database: KSIDatabase
        public let server: GRPCServerService
        public let registry: ReferenceRegistry
        public let scheduler: Scheduler
        public let relays: [any EventRelaying]
        /// The replica's `/metrics` registry, with `Options.replicaMetrics`.
        public let metrics: PrometheusCollectorRegistry?

        /// The sum of the metric `name`'s samples whose labels include `labels`, read from the Prometheus text an
        /// operator scrapes (0 when none; nil without `Options.replicaMetrics`).
        public func metric(_ name: String, _ labels: [String: String] = [:]) -> Double? {
            guard let metrics else { return nil }
            let text = String(decoding: metrics.emitToBuffer(), as: UTF8.self)
            var sum = 0.0
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                    continue
                }
                let series = line[..<space]
                let metricName = series.prefix { $0 != "{" }
                guard metricName == name else { continue }
                if labels.allSatisfy({ series.contains("\($0.key)=\"\($0.value)\"") }) { sum += value }
            }
            return sum
        }
    }

    public let pki: DevelopmentPKI
    /// The development person-token issuer the services and the gateway verify tokens against (AUTH-R1).
    public let tokenIssuer: DevelopmentTokenIssuer
    /// Each service's (first replica's) port.
    public let ports: [KSIServiceKind: Int]
    /// Every replica of each service, in order (`Options.replicas`; the first is the one the other maps name).
    public let replicas: [KSIServiceKind: [Replica]]
    public let databases: [KSIServiceKind: KSIDatabase]
    public let servers: [KSIServiceKind: GRPCServerService]
    /// How each service was configured (its port and database), to start it again (`TestStack.restart`).
    public let configs: [KSIServiceKind: Services.ServiceConfig]
    /// Each service's live reference data (issue 12).
    public let registries: [KSIServiceKind: ReferenceRegistry]
    /// Each service's scheduler (issue 13): a test moves the clock and calls `runDueJobs()`.
    public let schedulers: [KSIServiceKind: Scheduler]
    /// The referral service's key ring.
    public let referralKeys: ReferralKeyRing
    public let gateway: HostedGateway?
    public let gatewayPort: Int
    public let httpPort: Int
    public let devDashboardPort: Int

    /// Every identity the stacks' certificates are made for: the services, the gateway and the demo region's organisations.
    public static let identities =
        ServiceIdentities.all
        + DemoRegion.identities.map { DevelopmentPKI.Client(name: $0.name, orgNumber: $0.orgNumber) }

    /// The bundled reference data with the demo region and the service identities' organisations.
    public static func reference() throws -> ReferenceData {
        try ReferenceData.bundled().merging(DemoRegion.referenceDataSet())
            .merging(ReferenceDataSet.with { $0.organisations = ServiceIdentities.organisations() })
    }

    /// Where a service finds its peers' replicas on loopback, calling them with its own client certificate.
    public static func peers(
        of kind: KSIServiceKind,
        replicaPorts: [KSIServiceKind: [Int]],
        pki: DevelopmentPKI
    ) throws -> PeerAddresses {
        PeerAddresses(
            allocation: try loopbackAddress(replicaPorts[.allocation]!),
            partnerships: try loopbackAddress(replicaPorts[.partnerships]!),
            needs: try loopbackAddress(replicaPorts[.needs]!),
            clientTLS: pki.tls("\(kind.rawValue)-client")
        )
    }

    /// The replicas listening on these loopback ports, as one address calls are balanced over.
    public static func loopbackAddress(_ ports: [Int]) throws -> ServiceAddress {
        try ServiceAddress(replicas: ports.map { ServiceAddress.Endpoint(host: "127.0.0.1", port: $0) })
    }

    /// Where a service finds its peers on loopback, calling them with its own client certificate.
    public static func peers(
        of kind: KSIServiceKind,
        ports: [KSIServiceKind: Int],
        pki: DevelopmentPKI
    ) -> PeerAddresses {
        PeerAddresses(
            allocation: ("127.0.0.1", ports[.allocation]!),
            partnerships: ("127.0.0.1", ports[.partnerships]!),
            needs: ("127.0.0.1", ports[.needs]!),
            clientTLS: pki.tls("\(kind.rawValue)-client")
        )
    }

    /// Starts everything with certificates under `directory`, waits until every server reports SERVING,
    /// runs `body`, then shuts the group down gracefully.
    public static func run<R: Sendable>(
        in directory: URL,
        _ options: Options,
        _ body: @Sendable (LoopbackStack) async throws -> R
    ) async throws -> R {
        let pki = DevelopmentPKI(directory: directory.appendingPathComponent("certs"))
        try pki.create(clients: identities)
        let tokenIssuer = try DevelopmentTokenIssuer(directory: pki.directory).create()
        let logger = { (label: String) in
            var logger = Logger(label: "\(options.logPrefix).\(label)")
            logger.logLevel = options.logLevel
            return logger
        }
        let loopback = "127.0.0.1"
        let replicaCount = max(1, options.replicas)
        var replicaPorts: [KSIServiceKind: [Int]] = [:]
        for kind in KSIServiceKind.allCases {
            replicaPorts[kind] = try (0..<replicaCount).map { _ in try freeLoopbackPort() }
        }
        let ports = replicaPorts.mapValues { $0[0] }
        var services: [any Service] = []
        var health: [HealthService] = []
        var databases: [KSIServiceKind: KSIDatabase] = [:]
        var servers: [KSIServiceKind: GRPCServerService] = [:]
        var configs: [KSIServiceKind: Services.ServiceConfig] = [:]
        var registries: [KSIServiceKind: ReferenceRegistry] = [:]
        var schedulers: [KSIServiceKind: Scheduler] = [:]
        let referralKeys = try options.referralKeys ?? ReferralKeyRing.ephemeral()
        var replicas: [KSIServiceKind: [Replica]] = [:]
        for kind in KSIServiceKind.allCases {
            let storage = try await options.storage(kind)
            for (index, port) in replicaPorts[kind]!.enumerated() {
                var config = Services.ServiceConfig(
                    listen: .init(host: loopback, port: port),
                    tls: pki.tls("\(kind.rawValue)-server"),
                    storage: storage,
                    trustedGateways: [ServiceIdentities.gateway],
                    personTokens: tokenIssuer.config()
                )
                config.mail = options.mail
                config.schedulerInterval = options.schedulerInterval
                config.environment = options.environment
                let peers =
                    options.relays
                    ? (replicaCount == 1
                        ? Self.peers(of: kind, ports: ports, pki: pki)
                        : try Self.peers(of: kind, replicaPorts: replicaPorts, pki: pki))
                    : nil
                let metrics = options.replicaMetrics ? PrometheusCollectorRegistry() : nil
                let hosted = try await ServiceHost.make(
                    kind,
                    config: config,
                    reference: options.reference,
                    time: options.time,
                    referralKeys: referralKeys,
                    peers: peers,
                    logger: logger(replicaCount == 1 ? kind.rawValue : "\(kind.rawValue).\(index)"),
                    metrics: metrics.map { PrometheusMetricsFactory(registry: $0) } ?? MetricsSystem.factory
                )
                if index == 0 {
                    configs[kind] = config
                    registries[kind] = hosted.registry
                    schedulers[kind] = hosted.scheduler
                    databases[kind] = hosted.database
                    servers[kind] = hosted.server
                }
                replicas[kind, default: []].append(
                    Replica(
                        kind: kind,
                        index: index,
                        port: port,
                        database: hosted.database,
                        server: hosted.server,
                        registry: hosted.registry,
                        scheduler: hosted.scheduler,
                        relays: hosted.relays,
                        metrics: metrics
                    )
                )
                services += hosted.lifecycle
                health.append(hosted.health)
            }
        }
        let gatewayPort = try freeLoopbackPort()
        let httpPort = try freeLoopbackPort()
        let devDashboardPort = try freeLoopbackPort()
        var gateway: HostedGateway?
        if let upstreamTimeout = options.gatewayUpstreamTimeout {
            var config = GatewayConfig(
                grpcListen: .init(host: loopback, port: gatewayPort),
                serverTLS: pki.tls("gateway-server"),
                clientTLS: pki.tls("gateway-client"),
                upstreams: .init(
                    needs: try Self.loopbackAddress(replicaPorts[.needs]!),
                    partnerships: try Self.loopbackAddress(replicaPorts[.partnerships]!),
                    allocation: try Self.loopbackAddress(replicaPorts[.allocation]!),
                    referral: try Self.loopbackAddress(replicaPorts[.referral]!)
                ),
                upstreamTimeout: upstreamTimeout,
                httpListen: options.gatewayHTTP ? .init(host: loopback, port: httpPort) : nil,
                devDashboard: options.gatewayHTTP
                    ? .init(
                        host: loopback,
                        port: devDashboardPort,
                        viewerOrgNumber: try dashboardOrgNumber(options),
                        person: options.reference.person(id: options.dashboardPerson).map {
                            DevelopmentPerson(issuer: tokenIssuer, pid: $0.pid)
                        }
                    )
                    : nil
            )
            config.personTokens = tokenIssuer.config()
            let hosted = try GatewayHost.make(
                config: config,
                reference: options.reference,
                time: options.time,
                logger: logger("gateway")
            )
            services += hosted.lifecycle
            health.append(hosted.health)
            gateway = hosted
        }
        services += try options.extraServices(pki)
        // A service stopped on purpose (`TestStack.stop(_:)`) must not end the group.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { .init(service: $0, successTerminationBehavior: .ignore) },
                logger: logger("group")
            )
        )
        let stack = LoopbackStack(
            pki: pki,
            tokenIssuer: tokenIssuer,
            ports: ports,
            replicas: replicas,
            databases: databases,
            servers: servers,
            configs: configs,
            registries: registries,
            schedulers: schedulers,
            referralKeys: referralKeys,
            gateway: gateway,
            gatewayPort: gatewayPort,
            httpPort: httpPort,
            devDashboardPort: devDashboardPort
        )
        let logPrefix = options.logPrefix
        let healths = health
        let startupChecks = replicas.values.flatMap { $0.map(\.scheduler) }
        // Serving, and each scheduler past its start-up check: a test that moves the clock then decides
        // alone when the jobs run.
        return try await ServingGroup.run(
            group,
            isServing: { healths.allSatisfy(\.isServing) && startupChecks.allSatisfy(\.hasCheckedOnce) },
            within: 60,
            what: "the stack's servers",
            onGroupError: { print("\(logPrefix) service group ended with: \($0)") }
        ) { try await body(stack) }
    }

    /// The organisation the loopback dashboard's person acts for.
    private static func dashboardOrgNumber(_ options: Options) throws -> String {
        guard let orgNumber = options.reference.person(id: options.dashboardPerson)?.roles.first?.orgNumber else {
            throw LoopbackStackError.unknownDashboardPerson(options.dashboardPerson)
        }
        return orgNumber
    }
}

/// A stack that cannot start as asked.
public enum LoopbackStackError: Error, CustomStringConvertible {
    case unknownDashboardPerson(String)

    public var description: String {
        switch self {
        case .unknownDashboardPerson(let id): "no registered person '\(id)' with a role to act as on the dashboard"
        }
    }
}
