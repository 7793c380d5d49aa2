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
        let identity = CallerIdentity(reference: reference, time: time, trustedGateways: config.trustedGateways, tokens: tokens)
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

        let service: any RegistrableRPCService
        switch kind {
        case .needs:
            let needs = NeedsContext(database: database, reference: reference, time: time)
            service = NeedsService(needs: needs, identity: identity)
            if let allocation = try client(peers?.allocation) {
                relays.append(RelayFlows.allocationToNeeds(
                    needs: needs, database: database, allocation: AllocationServiceClient(wrapping: allocation.client), logger: logger, ready: ready))
            }
        case .partnerships:
            let partnerships = PartnershipContext(database: database, reference: reference, time: time)
            service = PartnershipService(partnerships: partnerships, identity: identity)
            if let allocation = try client(peers?.allocation) {
                relays.append(RelayFlows.allocationToPartnerships(
                    partnerships: partnerships, database: database, allocation: AllocationServiceClient(wrapping: allocation.client), logger: logger, ready: ready))
            }
        case .allocation:
            let allocation = AllocationContext(database: database, reference: reference, time: time)
            service = AllocationService(allocation: allocation, identity: identity)
            if let partnerships = try client(peers?.partnerships) {
                relays.append(RelayFlows.partnershipsToAllocation(
                    allocation: allocation, database: database, partnerships: PartnershipServiceClient(wrapping: partnerships.client), logger: logger, ready: ready))
            }
        case .referral:
            // Checked before the database was opened.
            let referral = ReferralContext(database: database, reference: reference, time: time, keyRing: referralKeys!)
            service = ReferralService(referral: referral, identity: identity)
        }

        let server = try GRPCServerService(
            name: kind.rawValue, config: config, services: [service], health: health,
            interceptors: [ObservabilityInterceptor(logger: logger, factory: metrics)], logger: logger,
            beforeServing: { try await CoreSchema.migrate(database) })
        let lifecycle: [any Service] = [DatabaseService(database: database, logger: logger)] + clients + [server] + relays
        return HostedService(kind: kind, database: database, server: server, health: health, lifecycle: lifecycle)
    }
}
