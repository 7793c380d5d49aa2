import KSICore

/// How one KSI server process is set up; filled from flags and `KSI_*` variables by `ksi`.
public struct ServiceConfig: Sendable {
    /// Where the gRPC server listens.
    public struct Listen: Sendable {
        public var host: String
        public var port: Int
        public init(host: String = "127.0.0.1", port: Int = 0) {
            self.host = host
            self.port = port
        }
    }

    /// PEM files for mutual TLS.
    public struct TLS: Sendable {
        public var certificatePath: String
        public var privateKeyPath: String
        /// The CA that client (and server) certificates must chain to.
        public var trustRootsPath: String
        public init(certificatePath: String, privateKeyPath: String, trustRootsPath: String) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
            self.trustRootsPath = trustRootsPath
        }
    }

    /// The database: an SQLite file or a PostgreSQL URL.
    public enum Storage: Sendable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var listen: Listen
    public var tls: TLS
    public var storage: Storage
    /// The admin HTTP port for `/metrics` and `/healthz` (nil: no admin listener).
    public var adminPort: Int?
    /// Organisation numbers of gateway identities that may forward a principal.
    public var trustedGateways: Set<String>
    /// How long in-flight calls may take to finish after SIGTERM.
    public var shutdownGraceSeconds: Int
    /// Bounds of the gRPC listener (streams, handshake and idle timeouts, connections).
    public var grpcLimits: GRPCListenerLimits
    /// The person-token issuer (AUTH-R1); nil: none configured, so no call acts as a person.
    public var personTokens: PersonTokenConfig?
    /// How often a service other than AllocationService asks it for reference-data changes (`ReferenceFollower`).
    public var referenceRefreshInterval: Duration = ReferenceFollower.defaultInterval
    /// The least login assurance for reading child data (AUTH-R3; `KSI_CHILD_DATA_MIN_ACR`).
    public var childDataMinimumAssurance: AssuranceLevel = ChildDataAssurance.defaultMinimum
    /// Where notification e-mail goes (issue 13; docs/operations.md); the default sends nothing.
    public var mail = MailConfig()
    /// How often the scheduler checks for due jobs (`KSI_SCHEDULER_INTERVAL_MS`; issue 13).
    public var schedulerInterval: Duration = Scheduler.defaultCheckInterval
    /// How many days a request id is remembered (IDEM-R2; `KSI_IDEMPOTENCY_RETENTION_DAYS`; issue 14).
    public var idempotencyRetentionDays: Int = IdempotencyExpiry.defaultRetentionDays
    /// Test or production deployment (`KSI_ENVIRONMENT`; issue 14): only a test environment accepts
    /// synthetic national identity numbers (ID-R1).
    public var environment: DeploymentEnvironment = .production

    public init(
        listen: Listen,
        tls: TLS,
        storage: Storage,
        adminPort: Int? = nil,
        trustedGateways: Set<String> = [],
        shutdownGraceSeconds: Int = 10,
        grpcLimits: GRPCListenerLimits = .defaults,
        personTokens: PersonTokenConfig? = nil
    ) {
        self.personTokens = personTokens
        self.grpcLimits = grpcLimits
        self.listen = listen
        self.tls = tls
        self.storage = storage
        self.adminPort = adminPort
        self.trustedGateways = trustedGateways
        self.shutdownGraceSeconds = shutdownGraceSeconds
    }
}

extension ServiceConfig.Storage {
    /// Opens the database this names (PostgreSQL pools work once `run()` runs).
    public func open() async throws -> KSIDatabase {
        switch self {
        case .sqlite(let path): try await KSIDatabase.openSQLite(path: path)
        case .postgres(let url): try KSIDatabase.postgres(url: url)
        }
    }
}
