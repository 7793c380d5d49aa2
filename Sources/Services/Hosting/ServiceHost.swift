import GRPCCore
import KSICore
import Logging
import Metrics
import ServiceLifecycle

/// The four KSI services.
public enum KSIServiceKind: String, CaseIterable, Sendable {
    case needs, partnerships, allocation, referral
}

/// Where a service finds the services whose events it consumes, and the identity it calls them with.
public struct PeerAddresses: Sendable {
    public var allocation: (host: String, port: Int)?
    public var partnerships: (host: String, port: Int)?
    public var clientTLS: ServiceConfig.TLS

    public init(allocation: (host: String, port: Int)?, partnerships: (host: String, port: Int)?, clientTLS: ServiceConfig.TLS) {
        self.allocation = allocation
        self.partnerships = partnerships
        self.clientTLS = clientTLS
    }
}

/// One service process, assembled: its database, its gRPC server, its event relays, and the
/// lifecycle services to run them in order (database first, so it closes last).
public struct HostedService: Sendable {
    public let kind: KSIServiceKind
    public let database: KSIDatabase
    public let server: GRPCServerService
    public let health: HealthService
    /// The live reference data this service reads (issue 12): AllocationService's own, the others' followed.
    public let registry: ReferenceRegistry
    /// Run these in a `ServiceGroup`, in this order.
    public let lifecycle: [any Service]
}

public enum ServiceHost {
    /// Builds a service. Migrations run when the server starts; health turns SERVING after them.
    public static func make(
        _ kind: KSIServiceKind, config: ServiceConfig, reference: ReferenceData, time: any TimeSource,
        referralKeys: ReferralKeyRing? = nil, peers: PeerAddresses? = nil, logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) async throws -> HostedService {
        if kind == .referral && referralKeys == nil {
            throw DomainError.invalidArgument(field: "referral_keys", "the referral service needs an encryption key ring (KSI_REFERRAL_KEYS or --referral-key-file)")
        }
        let tokens = try config.personTokens.map { try PersonTokenVerifier($0) }
        let database = try await config.storage.open()
        let registry = ReferenceRegistry(reference)
        let identity = CallerIdentity(registry: registry, time: time, trustedGateways: config.trustedGateways, tokens: tokens)
        var logger = logger
        logger[metadataKey: "ksi.service"] = "\(kind.rawValue)"
        let health = HealthService()
        let ready: @Sendable () -> Bool = { health.isServing }
        var relays: [any Service] = []
        var clients: [any Service] = []
        func client(_ address: (host: String, port: Int)?) throws -> GRPCClientService? {
            guard let address, let peers else { return nil }
            let service = try GRPCClientService(host: address.host, port: address.port, tls: peers.clientTLS)
            clients.append(service)
            return service
        }
        // Every service but AllocationService follows AllocationService's registry.
        let allocationPeer = kind == .allocation ? nil : try client(peers?.allocation)
        var startup: @Sendable () async throws -> Void = {}
        if let allocationPeer {
            relays.append(ReferenceFollower.following(
                AllocationServiceClient(wrapping: allocationPeer.client), registry: registry,
                interval: config.referenceRefreshInterval, logger: logger))
        }

        let service: any RegistrableRPCService
        switch kind {
        case .needs:
            let needs = NeedsContext(database: database, registry: registry, time: time)
            service = NeedsService(needs: needs, identity: identity)
            if let allocation = allocationPeer {
                relays.append(RelayFlows.allocationToNeeds(
                    needs: needs, database: database, allocation: AllocationServiceClient(wrapping: allocation.client), logger: logger, ready: ready, time: time))
            }
        case .partnerships:
            let partnerships = PartnershipContext(database: database, registry: registry, time: time)
            service = PartnershipService(partnerships: partnerships, identity: identity)
            if let allocation = allocationPeer {
                relays.append(RelayFlows.allocationToPartnerships(
                    partnerships: partnerships, database: database, allocation: AllocationServiceClient(wrapping: allocation.client), logger: logger, ready: ready, time: time))
            }
        case .allocation:
            let allocation = AllocationContext(database: database, registry: registry, time: time)
            service = AllocationService(allocation: allocation, identity: identity)
            // AllocationService owns the registry: the bootstrap data plus its stored imports, before it serves.
            startup = { try await allocation.refreshReferenceRegistry() }
            if let partnerships = try client(peers?.partnerships) {
                relays.append(RelayFlows.partnershipsToAllocation(
                    allocation: allocation, database: database, partnerships: PartnershipServiceClient(wrapping: partnerships.client), logger: logger, ready: ready, time: time))
            }
        case .referral:
            // Checked before the database was opened.
            let referral = ReferralContext(
                database: database, registry: registry, time: time, keyRing: referralKeys!,
                childDataMinimumAssurance: config.childDataMinimumAssurance)
            service = ReferralService(referral: referral, identity: identity)
        }

        let server = try GRPCServerService(
            name: kind.rawValue, config: config, services: [service], health: health,
            interceptors: [ObservabilityInterceptor(logger: logger, factory: metrics)], logger: logger,
            beforeServing: { [startup] in
                try await CoreSchema.migrate(database)
                try await startup()
            })
        let lifecycle: [any Service] = [DatabaseService(database: database, logger: logger)] + clients + [server] + relays
        return HostedService(kind: kind, database: database, server: server, health: health, registry: registry, lifecycle: lifecycle)
    }
}
