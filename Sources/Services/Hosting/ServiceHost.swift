import GRPCCore
import KSICore
import Logging
import Metrics
import ServiceLifecycle

/// The four KSI services.
public enum KSIServiceKind: String, CaseIterable, Sendable {
    case needs, partnerships, allocation, referral
}

extension KSIServiceKind {
    /// The context name of the service's outbox (`StoreTransaction.context`).
    public var outboxContext: String { boundedContext.rawValue }

    /// The bounded context the service runs.
    public var boundedContext: BoundedContext {
        switch self {
        case .needs: .needs
        case .partnerships: .partnerships
        case .allocation: .allocation
        case .referral: .referral
        }
    }
}

/// Where a service finds the services whose events it consumes, and the identity it calls them with.
/// Each may name several replicas of the service (`ServiceAddress`); calls are spread round-robin over them.
public struct PeerAddresses: Sendable {
    public var allocation: ServiceAddress?
    public var partnerships: ServiceAddress?
    /// NeedsService, which AllocationService asks about the needs reports a recommendation line cites (ALLOC-R4).
    public var needs: ServiceAddress?
    public var clientTLS: ServiceConfig.TLS

    public init(
        allocation: ServiceAddress?,
        partnerships: ServiceAddress?,
        needs: ServiceAddress?,
        clientTLS: ServiceConfig.TLS
    ) {
        self.allocation = allocation
        self.partnerships = partnerships
        self.needs = needs
        self.clientTLS = clientTLS
    }

    /// One `host:port` per peer.
    public init(
        allocation: (host: String, port: Int)?,
        partnerships: (host: String, port: Int)?,
        needs: (host: String, port: Int)?,
        clientTLS: ServiceConfig.TLS
    ) {
        self.init(
            allocation: allocation.map { ServiceAddress(host: $0.host, port: $0.port) },
            partnerships: partnerships.map { ServiceAddress(host: $0.host, port: $0.port) },
            needs: needs.map { ServiceAddress(host: $0.host, port: $0.port) },
            clientTLS: clientTLS
        )
    }
}

/// One service process, assembled: its database, its gRPC server, its event relays, its scheduler, and the
/// lifecycle services to run them in order (database first, so it closes last).
public struct HostedService: Sendable {
    public let kind: KSIServiceKind
    public let database: KSIDatabase
    public let server: GRPCServerService
    public let health: HealthService
    /// The live reference data this service reads (issue 12): AllocationService's own, the others' followed.
    public let registry: ReferenceRegistry
    /// The service's scheduled jobs (issue 13); `runDueJobs()` runs the due ones now.
    public let scheduler: Scheduler
    /// The event relays this service runs (issue 17: every replica runs them; one at a time applies a batch).
    public let relays: [any EventRelaying]
    /// Run these in a `ServiceGroup`, in this order.
    public let lifecycle: [any Service]
}

public enum ServiceHost {
    /// Builds a service. Migrations run when the server starts; health turns SERVING after them.
    public static func make(
        _ kind: KSIServiceKind,
        config: ServiceConfig,
        reference: ReferenceData,
        time: any TimeSource,
        referralKeys: ReferralKeyRing? = nil,
        peers: PeerAddresses? = nil,
        logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) async throws -> HostedService {
        if kind == .referral && referralKeys == nil {
            throw DomainError.invalidArgument(
                field: "referral_keys",
                "the referral service needs an encryption key ring (KSI_REFERRAL_KEYS or --referral-key-file)"
            )
        }
        let tokens = try config.personTokens.map { try PersonTokenVerifier($0) }
        let database = try await config.storage.open()
        let registry = ReferenceRegistry(reference)
        let identity = CallerIdentity(
            registry: registry,
            time: time,
            trustedGateways: config.trustedGateways,
            tokens: tokens
        )
        var logger = logger
        logger[metadataKey: "ksi.service"] = "\(kind.rawValue)"
        let health = HealthService()
        let ready: @Sendable () -> Bool = { health.isServing }
        var followers: [any Service] = []
        var relays: [any EventRelaying] = []
        var clients: [any Service] = []
        func client(_ address: ServiceAddress?) throws -> GRPCClientService? {
            guard let address, let peers else { return nil }
            let service = try GRPCClientService(address: address, tls: peers.clientTLS)
            clients.append(service)
            return service
        }
        // Every service but AllocationService follows AllocationService's registry.
        let allocationPeer = kind == .allocation ? nil : try client(peers?.allocation)
        var startup: @Sendable () async throws -> Void = {}
        if let allocationPeer {
            followers.append(
                ReferenceFollower.following(
                    AllocationServiceClient(wrapping: allocationPeer.client),
                    registry: registry,
                    interval: config.referenceRefreshInterval,
                    logger: logger
                )
            )
        }

        let mailTransport = try config.mail.transport()
        let service: any RegistrableRPCService
        let jobs: [ScheduledJob]
        switch kind {
        case .needs:
            let needs = NeedsContext(database: database, registry: registry, time: time)
            service = NeedsService(needs: needs, identity: identity)
            jobs = ServiceJobs.needs(needs)
            if let allocation = allocationPeer {
                relays.append(
                    RelayFlows.allocationToNeeds(
                        needs: needs,
                        database: database,
                        allocation: AllocationServiceClient(wrapping: allocation.client),
                        logger: logger,
                        ready: ready,
                        time: time,
                        metrics: metrics
                    )
                )
            }
        case .partnerships:
            let partnerships = PartnershipContext(database: database, registry: registry, time: time)
            service = PartnershipService(partnerships: partnerships, identity: identity)
            jobs = ServiceJobs.partnerships(partnerships)
            if let allocation = allocationPeer {
                relays.append(
                    RelayFlows.allocationToPartnerships(
                        partnerships: partnerships,
                        database: database,
                        allocation: AllocationServiceClient(wrapping: allocation.client),
                        logger: logger,
                        ready: ready,
                        time: time,
                        metrics: metrics
                    )
                )
            }
        case .allocation:
            // ALLOC-R4: cited needs reports are read from NeedsService; without its address every citation is unavailable.
            let needsReports: any NeedsReportDirectory =
                try client(peers?.needs).map {
                    RemoteNeedsReportDirectory(NeedsServiceClient(wrapping: $0.client))
                } ?? UnconfiguredNeedsReportDirectory()
            let allocation = AllocationContext(
                database: database,
                registry: registry,
                time: time,
                needsReports: needsReports,
                environment: config.environment
            )
            service = AllocationService(allocation: allocation, identity: identity)
            jobs = ServiceJobs.allocation(allocation)
            // AllocationService owns the registry: the bootstrap data plus its stored imports, before it serves.
            startup = { try await allocation.policy.refreshReferenceRegistry() }
            // A replica refreshes its registry after its own imports and policy changes; it follows its database
            // for those another replica stored (issue 17), as the other services follow AllocationService.
            followers.append(
                ReferenceFollower(registry: registry, interval: config.referenceRefreshInterval, logger: logger) {
                    request in
                    while !ready() { try await Task.sleep(for: .milliseconds(50)) }
                    return try await allocation.policy.getReferenceDataChanges(request, as: .system("registry"))
                }
            )
            if let partnerships = try client(peers?.partnerships) {
                relays.append(
                    RelayFlows.partnershipsToAllocation(
                        allocation: allocation,
                        database: database,
                        partnerships: PartnershipServiceClient(wrapping: partnerships.client),
                        logger: logger,
                        ready: ready,
                        time: time,
                        metrics: metrics
                    )
                )
            }
        case .referral:
            // Checked before the database was opened.
            let referral = ReferralContext(
                database: database,
                registry: registry,
                time: time,
                keyRing: referralKeys!,
                childDataMinimumAssurance: config.childDataMinimumAssurance,
                environment: config.environment
            )
            service = ReferralService(referral: referral, identity: identity)
            jobs = ServiceJobs.referral(referral)
        }

        let server = try GRPCServerService(
            name: kind.rawValue,
            config: config,
            services: [service],
            health: health,
            interceptors: [ObservabilityInterceptor(logger: logger, factory: metrics)],
            logger: logger,
            beforeServing: { [startup] in
                try await CoreSchema.migrate(database)
                try await startup()
                // Events stored before the feeds existed get their audience from the registry now in force (issue 13).
                try await EventFeeds.backfill(database, reference: registry.current)
            }
        )
        // Notices from this service's own outbox, e-mailed when a transport is configured (issue 13).
        let context = kind.outboxContext
        let notifications = NotificationService(
            notifier: Notifier(context: context, database: database, registry: registry, time: time),
            delivery: mailTransport.map {
                NotificationDelivery(
                    context: context,
                    database: database,
                    transport: $0,
                    sender: config.mail.from,
                    time: time,
                    retry: config.mail.retry,
                    logger: logger
                )
            },
            database: database,
            pollInterval: config.mail.pollInterval,
            logger: logger,
            ready: ready
        )
        // Like the relays, the scheduler starts its loop once the server is SERVING (migrated).
        let scheduler = Scheduler(
            database: database,
            jobs: jobs + [ServiceJobs.idempotencyExpiry(database, retentionDays: config.idempotencyRetentionDays)],
            time: time,
            checkInterval: config.schedulerInterval,
            logger: logger,
            metrics: metrics,
            ready: ready
        )
        let lifecycle: [any Service] =
            [DatabaseService(database: database, logger: logger)] + clients + [server] + followers
            + relays.map { $0 as any Service } + [
                notifications, scheduler,
            ]
        return HostedService(
            kind: kind,
            database: database,
            server: server,
            health: health,
            registry: registry,
            scheduler: scheduler,
            relays: relays,
            lifecycle: lifecycle
        )
    }
}
