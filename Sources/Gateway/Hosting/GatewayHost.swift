import GRPCCore
import KSICore
import Logging
import Metrics
import ServiceLifecycle
import Services

/// How the gateway process is set up; filled from flags and `KSI_*` variables by `ksi gateway`.
public struct GatewayConfig: Sendable {
    /// Where the `gateway.proto` gRPC façade listens.
    public var grpcListen: Services.ServiceConfig.Listen
    /// The gateway's server certificate (gRPC and HTTPS) and the CA that client certificates chain to.
    public var serverTLS: Services.ServiceConfig.TLS
    /// The gateway's own client identity towards the services (a trusted gateway organisation number).
    public var clientTLS: Services.ServiceConfig.TLS
    public var upstreams: Upstreams.Addresses
    /// The deadline of each upstream call; a slower service is marked unavailable in the view.
    public var upstreamTimeout: Duration
    /// Where the HTTPS JSON API and dashboard listen (nil: no HTTP server).
    public var httpListen: Services.ServiceConfig.Listen?
    /// The certificate-free loopback dashboard of `ksi dev` (nil: none).
    public var devDashboard: GatewayHTTPServer.DevDashboard?
    /// Timeouts and the connection limit of the HTTP listeners (docs/security.md, "HTTP listeners").
    public var httpLimits = HTTPListenerLimits()
    /// How many entities the view cache may hold over all queries (0: no cache, every view reads afresh).
    public var viewCacheItems: Int
    /// Bounds of the gateway's gRPC listener (streams, handshake and idle timeouts, connections).
    public var grpcLimits: Services.GRPCListenerLimits = .defaults
    /// How many upstream calls one view read may have in flight (the national policy fan-out).
    public var upstreamConcurrency: Int = UpstreamFanOut.defaultLimit
    /// How many referral milestones the gateway keeps in memory (beyond it, each view reads them afresh).
    public var milestoneCacheEvents: Int = MilestoneCache.defaultMaxEvents
    /// The person-token issuer (AUTH-R1) for the HTTPS API and the gRPC façade; nil: no person acts.
    public var personTokens: Services.PersonTokenConfig?
    /// How often the gateway asks AllocationService for reference-data changes (`ReferenceFollower`).
    public var referenceRefreshInterval: Duration = ReferenceFollower.defaultInterval

    public init(
        grpcListen: Services.ServiceConfig.Listen,
        serverTLS: Services.ServiceConfig.TLS,
        clientTLS: Services.ServiceConfig.TLS,
        upstreams: Upstreams.Addresses,
        upstreamTimeout: Duration = .seconds(3),
        httpListen: Services.ServiceConfig.Listen? = nil,
        devDashboard: GatewayHTTPServer.DevDashboard? = nil,
        viewCacheItems: Int = GatewayConfig.defaultViewCacheItems
    ) {
        self.viewCacheItems = viewCacheItems
        self.httpListen = httpListen
        self.devDashboard = devDashboard
        self.grpcListen = grpcListen
        self.serverTLS = serverTLS
        self.clientTLS = clientTLS
        self.upstreams = upstreams
        self.upstreamTimeout = upstreamTimeout
    }
}

extension GatewayConfig {
    /// About the national data set twice over (≈ 300 MB at most).
    public static let defaultViewCacheItems = 200_000
}

/// The gateway, assembled: its upstream connections, the views, and the gRPC server.
public struct HostedGateway: Sendable {
    public let views: GatewayViews
    public let upstreams: Upstreams
    public let server: GRPCServerService
    /// The HTTPS API and dashboard, when configured.
    public let http: GatewayHTTPServer?
    public let health: HealthService
    /// The live reference data the gateway reads, following AllocationService (issue 12).
    public let registry: ReferenceRegistry
    /// Run these in a `ServiceGroup`, in this order (connections first, so they close last).
    public let lifecycle: [any Service]
}

public enum GatewayHost {
    /// Builds the gateway. It reports SERVING as soon as it listens: a view answers even when a service is down.
    public static func make(
        config: GatewayConfig,
        reference: ReferenceData,
        time: any TimeSource,
        logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) throws -> HostedGateway {
        var logger = logger
        logger[metadataKey: "ksi.service"] = "gateway"
        let upstreams = try Upstreams(
            addresses: config.upstreams,
            tls: config.clientTLS,
            timeout: config.upstreamTimeout
        )
        let registry = ReferenceRegistry(reference)
        let services = ServiceViewDataSource(
            upstreams: upstreams,
            registry: registry,
            fanOut: UpstreamFanOut(limit: config.upstreamConcurrency),
            milestoneCacheEvents: config.milestoneCacheEvents,
            logger: logger
        )
        let source: any ViewDataSource =
            config.viewCacheItems > 0 ? CachingViewDataSource(services, maxItems: config.viewCacheItems) : services
        let views = GatewayViews(
            source: source,
            simulator: GRPCViewSimulator(upstreams: upstreams, logger: logger),
            registry: registry,
            time: time
        )
        let tokens = try config.personTokens.map { try PersonTokenVerifier($0) }
        let identity = CallerIdentity(registry: registry, time: time, trustedGateways: [], tokens: tokens)
        let follower = ReferenceFollower.following(
            upstreams.allocation,
            registry: registry,
            interval: config.referenceRefreshInterval,
            logger: logger
        )
        let health = HealthService()
        let server = try GRPCServerService(
            name: "gateway",
            listen: config.grpcListen,
            tls: config.serverTLS,
            limits: config.grpcLimits,
            services: [GatewayGRPCService(views: views, identity: identity)],
            health: health,
            interceptors: [ObservabilityInterceptor(logger: logger, factory: metrics)],
            logger: logger
        )
        let http = try config.httpListen.map { listen in
            try GatewayHTTPServer(
                host: listen.host,
                port: listen.port,
                tls: config.serverTLS,
                views: views,
                commands: GatewayCommands(
                    needs: { upstreams.needs(for: $0) },
                    referral: { upstreams.referral(for: $0) },
                    partnerships: { upstreams.partnerships(for: $0) },
                    allocation: { upstreams.allocation(for: $0) }
                ),
                devDashboard: config.devDashboard,
                persons: identity.persons,
                limits: config.httpLimits,
                logger: logger
            )
        }
        let servers: [any Service] = [server] + (http.map { [$0] } ?? [])
        return HostedGateway(
            views: views,
            upstreams: upstreams,
            server: server,
            http: http,
            health: health,
            registry: registry,
            lifecycle: upstreams.connections + servers + [follower]
        )
    }
}
