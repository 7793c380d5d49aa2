import ArgumentParser
import Foundation
import KSICore
import Services

/// Flags every server process takes; each falls back to a `KSI_*` environment variable.
struct ServerOptions: ParsableArguments {
    @Option(help: "Listen address (KSI_LISTEN_HOST).")
    var host: String = Environment.string("KSI_LISTEN_HOST") ?? "127.0.0.1"

    @Option(help: "Listen port; 0 picks a free one (KSI_LISTEN_PORT).")
    var port: Int = Environment.int("KSI_LISTEN_PORT") ?? 0

    @Option(help: "Data directory for SQLite files (KSI_DATA_DIR).")
    var dataDir: String = Environment.string("KSI_DATA_DIR") ?? ".ksi-data"

    @Option(help: "PostgreSQL URL; when set, used instead of SQLite (KSI_POSTGRES_URL).")
    var postgresURL: String? = Environment.string("KSI_POSTGRES_URL")

    @Option(
        help:
            "PostgreSQL URL of the owner role that runs the migrations before the service starts; the role of KSI_POSTGRES_URL is then granted only row access, audit and access logs append-only (KSI_POSTGRES_MIGRATION_URL)."
    )
    var postgresMigrationURL: String? = Environment.string("KSI_POSTGRES_MIGRATION_URL")

    @Option(help: "Folder with ca.pem and <name>.pem/<name>-key.pem from `ksi certs` (KSI_CERT_DIR).")
    var certDir: String = Environment.string("KSI_CERT_DIR") ?? ".ksi-data/certs"

    @Option(help: "Server certificate PEM; default <cert-dir>/<service>-server.pem (KSI_TLS_CERT).")
    var tlsCert: String? = Environment.string("KSI_TLS_CERT")

    @Option(help: "Server private key PEM (KSI_TLS_KEY).")
    var tlsKey: String? = Environment.string("KSI_TLS_KEY")

    @Option(help: "CA certificate PEM that clients must chain to (KSI_TLS_CA).")
    var tlsCA: String? = Environment.string("KSI_TLS_CA")

    @Option(help: "Admin HTTP port for /metrics and /healthz; omit for none (KSI_ADMIN_PORT).")
    var adminPort: Int? = Environment.int("KSI_ADMIN_PORT")

    @Option(help: "A ReferenceDataSet JSON merged over the bundled reference data (KSI_REFERENCE_DATA).")
    var referenceData: String? = Environment.string("KSI_REFERENCE_DATA")

    @Option(
        help:
            "The least ID-porten assurance for reading child data: low, substantial or high, or an acr value (KSI_CHILD_DATA_MIN_ACR; default substantial, AUTH-R3)."
    )
    var childDataMinAcr: String? = Environment.string(ChildDataAssurance.environmentKey)

    @Option(
        help:
            "How often to ask AllocationService for reference-data changes, in ms (KSI_REFERENCE_REFRESH_MS; default 2000)."
    )
    var referenceRefreshMs: Int = Environment.int("KSI_REFERENCE_REFRESH_MS") ?? 2_000

    @Option(
        help:
            "How often the scheduler checks for due jobs, in ms (KSI_SCHEDULER_INTERVAL_MS; default 60000, at least 100)."
    )
    var schedulerIntervalMs: Int = Environment.int("KSI_SCHEDULER_INTERVAL_MS") ?? 60_000

    @Option(
        help:
            "How many days a request id is remembered for retries; afterwards it may be reused (KSI_IDEMPOTENCY_RETENTION_DAYS; default 30, 1 … 3650; IDEM-R2)."
    )
    var idempotencyRetentionDays: Int =
        Environment.int("KSI_IDEMPOTENCY_RETENTION_DAYS") ?? IdempotencyExpiry.defaultRetentionDays

    @Option(
        help:
            "test or production; only a test environment accepts synthetic (Tenor) national identity numbers (KSI_ENVIRONMENT; default production; ID-R1)."
    )
    var environment: String = Environment.string("KSI_ENVIRONMENT") ?? DeploymentEnvironment.production.rawValue

    @OptionGroup var grpc: GRPCListenerOptions

    @OptionGroup var tokens: TokenOptions

    @OptionGroup var identities: IdentityOptions

    @OptionGroup var mail: MailOptions

    @Option(
        help:
            "Organisation numbers of gateways trusted to forward a caller's principal, comma-separated; default none (KSI_TRUSTED_GATEWAYS)."
    )
    var trustedGateways: String? = Environment.string("KSI_TRUSTED_GATEWAYS")

    func validate() throws {
        guard (1...IdempotencyExpiry.maxRetentionDays).contains(idempotencyRetentionDays) else {
            throw ValidationError(
                "KSI_IDEMPOTENCY_RETENTION_DAYS must be 1 … \(IdempotencyExpiry.maxRetentionDays) days"
            )
        }
        guard DeploymentEnvironment(rawValue: environment) != nil else {
            throw ValidationError("KSI_ENVIRONMENT must be test or production, not '\(environment)'")
        }
        _ = try IdentityOptions.orgNumbers(trustedGateways, "KSI_TRUSTED_GATEWAYS")
        if postgresMigrationURL != nil && postgresURL == nil {
            throw ValidationError("KSI_POSTGRES_MIGRATION_URL needs KSI_POSTGRES_URL, the service role's URL")
        }
    }

    func config(for service: String) throws -> ServiceConfig {
        let pki = DevelopmentPKI(directory: URL(fileURLWithPath: certDir))
        let tls = ServiceConfig.TLS(
            certificatePath: tlsCert ?? pki.certificate("\(service)-server").path,
            privateKeyPath: tlsKey ?? pki.privateKey("\(service)-server").path,
            trustRootsPath: tlsCA ?? pki.caCertificate.path
        )
        let storage: ServiceConfig.Storage =
            postgresURL.map { .postgres(url: $0) } ?? .sqlite(path: "\(dataDir)/\(service).sqlite")
        var config = ServiceConfig(
            listen: .init(host: host, port: port),
            tls: tls,
            storage: storage,
            adminPort: adminPort,
            trustedGateways: Set(try IdentityOptions.orgNumbers(trustedGateways, "KSI_TRUSTED_GATEWAYS")),
            grpcLimits: grpc.limits,
            personTokens: try tokens.config()
        )
        config.referenceRefreshInterval = .milliseconds(max(100, referenceRefreshMs))
        config.mail = mail.config()
        config.schedulerInterval = .milliseconds(max(100, schedulerIntervalMs))
        config.idempotencyRetentionDays = idempotencyRetentionDays
        config.environment = DeploymentEnvironment(rawValue: environment) ?? .production
        config.childDataMinimumAssurance = try ChildDataAssurance.minimum(
            fromEnvironment: childDataMinAcr.map { [ChildDataAssurance.environmentKey: $0] } ?? [:]
        )
        return config
    }
}

/// The only place that reads `KSI_*` variables (STYLE.md §8).
enum Environment {
    static func string(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    static func int(_ name: String) -> Int? { string(name).flatMap(Int.init) }
}
