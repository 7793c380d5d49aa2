import ArgumentParser
import Foundation
import KSICore
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Services

/// `ksi serve needs|partnerships|allocation|referral`: one service over mTLS.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run one KSI gRPC service over mutual TLS.")

    @Argument(help: "needs, partnerships, allocation or referral")
    var service: String

    @OptionGroup var options: ServerOptions

    @Option(
        help:
            "host:port (or several replicas' IP:port, comma-separated) of AllocationService: needs and partnerships apply its events; every service follows its reference data (KSI_ALLOCATION_ADDRESS)."
    )
    var allocationAddress: String? = Environment.string("KSI_ALLOCATION_ADDRESS")

    @Option(help: "host:port of PartnershipService, whose events allocation applies (KSI_PARTNERSHIPS_ADDRESS).")
    var partnershipsAddress: String? = Environment.string("KSI_PARTNERSHIPS_ADDRESS")

    @Option(
        help:
            "host:port of NeedsService, which allocation asks about the needs reports a recommendation line cites (ALLOC-R4; KSI_NEEDS_ADDRESS)."
    )
    var needsAddress: String? = Environment.string("KSI_NEEDS_ADDRESS")

    @Option(help: "Referral encryption key file (keyId:base64 lines; KSI_REFERRAL_KEY_FILE); else KSI_REFERRAL_KEYS.")
    var referralKeyFile: String? = Environment.string("KSI_REFERRAL_KEY_FILE")

    func run() async throws {
        guard let kind = KSIServiceKind(rawValue: service) else {
            throw ValidationError("unknown service '\(service)'; expected needs, partnerships, allocation or referral")
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "ksi.\(service)")
        let reference = try loadReference(options.referenceData, systemIdentities: options.identities.systems)
        let config = try options.config(for: service)
        let peers = PeerAddresses(
            allocation: try allocationAddress.map(ServiceAddress.init(parsing:)),
            partnerships: try partnershipsAddress.map(ServiceAddress.init(parsing:)),
            needs: try needsAddress.map(ServiceAddress.init(parsing:)),
            clientTLS: DevelopmentPKI(directory: URL(fileURLWithPath: options.certDir)).tls("\(service)-client")
        )
        // One connection attempt per URL first: a TLS or login failure stops start-up with its reason.
        for url in [options.postgresMigrationURL, options.postgresURL].compactMap({ $0 }) {
            try await KSIDatabase.checkPostgres(url: url, logger: logger)
        }
        if let migrationURL = options.postgresMigrationURL, let serviceURL = options.postgresURL {
            try await ServiceRole.prepare(migrationURL: migrationURL, serviceURL: serviceURL, logger: logger)
        }
        let keys = kind == .referral ? try referralKeyRing(file: referralKeyFile, dataDir: options.dataDir) : nil
        let hosted = try await ServiceHost.make(
            kind,
            config: config,
            reference: reference,
            time: SystemTimeSource(),
            referralKeys: keys,
            peers: peers,
            logger: logger
        )
        var services = hosted.lifecycle
        if let adminPort = config.adminPort {
            services.append(
                AdminHTTPServer.make(
                    host: options.host,
                    port: adminPort,
                    registry: registry,
                    health: hosted.health,
                    scheduler: hosted.scheduler,
                    logger: logger
                )
            )
        }
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// The bundled reference data, KSI's own identities (the `system` role), and an optional ReferenceDataSet JSON file.
func loadReference(_ path: String?, systemIdentities: [String]) throws -> ReferenceData {
    let systems = ReferenceDataSet.with {
        $0.organisations = ServiceIdentities.organisations(orgNumbers: systemIdentities)
    }
    var reference = try ReferenceData.bundled().merging(systems)
    if let path {
        let extra = try JSONDecoder().decode(ReferenceDataSet.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        reference = reference.merging(extra)
    }
    return reference
}

/// The referral key ring: a key file, else KSI_REFERRAL_KEYS; `ksi dev` creates a key file on first start.
func referralKeyRing(file: String?, dataDir: String) throws -> ReferralKeyRing {
    if let file { return try ReferralKeyRing(contentsOfFile: file) }
    return try ReferralKeyRing.fromEnvironment(ProcessInfo.processInfo.environment)
}
