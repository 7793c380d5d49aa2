import ArgumentParser
import Foundation
import Gateway
import KSICore
import Logging
import ServiceLifecycle
import Services

/// Flags of `ksi gateway`; each falls back to a `KSI_*` environment variable.
struct GatewayOptions: ParsableArguments {
    @Option(help: "Listen address (KSI_LISTEN_HOST).")
    var host: String = Environment.string("KSI_LISTEN_HOST") ?? "127.0.0.1"

    @Option(help: "gRPC port of the view façade; 0 picks a free one (KSI_LISTEN_PORT).")
    var port: Int = Environment.int("KSI_LISTEN_PORT") ?? 50050

    @Option(
        help: "HTTPS port of the JSON API and the dashboard; client certificates required; -1 for none (KSI_HTTP_PORT)."
    )
    var httpPort: Int = Environment.int("KSI_HTTP_PORT") ?? 8443

    @Option(help: "host:port of NeedsService, or its replicas' IP:port comma-separated (KSI_NEEDS_ADDRESS).")
    var needsAddress: String = Environment.string("KSI_NEEDS_ADDRESS") ?? "localhost:50051"

    @Option(
        help: "host:port of PartnershipService, or its replicas' IP:port comma-separated (KSI_PARTNERSHIPS_ADDRESS)."
    )
    var partnershipsAddress: String = Environment.string("KSI_PARTNERSHIPS_ADDRESS") ?? "localhost:50052"

    @Option(help: "host:port of AllocationService, or its replicas' IP:port comma-separated (KSI_ALLOCATION_ADDRESS).")
    var allocationAddress: String = Environment.string("KSI_ALLOCATION_ADDRESS") ?? "localhost:50053"

    @Option(help: "host:port of ReferralService, or its replicas' IP:port comma-separated (KSI_REFERRAL_ADDRESS).")
    var referralAddress: String = Environment.string("KSI_REFERRAL_ADDRESS") ?? "localhost:50054"

    @Option(
        help:
            "Deadline of each call to a service in milliseconds; a slower service is marked unavailable (KSI_UPSTREAM_TIMEOUT_MS)."
    )
    var upstreamTimeoutMs: Int = Environment.int("KSI_UPSTREAM_TIMEOUT_MS") ?? 3000

    @Option(help: "How many entities the view cache may hold, over all queries; 0 turns it off (KSI_VIEW_CACHE_ITEMS).")
    var viewCacheItems: Int = Environment.int("KSI_VIEW_CACHE_ITEMS") ?? GatewayConfig.defaultViewCacheItems

    @Option(help: "Upstream calls one view read may have in flight (KSI_UPSTREAM_CONCURRENCY).")
    var upstreamConcurrency: Int = Environment.int("KSI_UPSTREAM_CONCURRENCY") ?? UpstreamFanOut.defaultLimit

    @Option(
        help:
            "Referral milestones the gateway keeps in memory; beyond it each view reads them afresh (KSI_MILESTONE_CACHE_EVENTS)."
    )
    var milestoneCacheEvents: Int = Environment.int("KSI_MILESTONE_CACHE_EVENTS") ?? MilestoneCache.defaultMaxEvents

    @OptionGroup var grpc: GRPCListenerOptions

    @OptionGroup var http: HTTPListenerOptions

    @OptionGroup var tokens: TokenOptions

    @OptionGroup var identities: IdentityOptions

    @Option(help: "Folder with ca.pem, gateway-server.pem and gateway-client.pem from `ksi certs` (KSI_CERT_DIR).")
    var certDir: String = Environment.string("KSI_CERT_DIR") ?? ".ksi-data/certs"

    @Option(help: "Server certificate PEM; default <cert-dir>/gateway-server.pem (KSI_TLS_CERT).")
    var tlsCert: String? = Environment.string("KSI_TLS_CERT")

    @Option(help: "Server private key PEM (KSI_TLS_KEY).")
    var tlsKey: String? = Environment.string("KSI_TLS_KEY")

    @Option(help: "CA certificate PEM that client and service certificates chain to (KSI_TLS_CA).")
    var tlsCA: String? = Environment.string("KSI_TLS_CA")

    @Option(
        help:
            "Client certificate PEM the gateway presents to the services; default <cert-dir>/gateway-client.pem (KSI_CLIENT_CERT)."
    )
    var clientCert: String? = Environment.string("KSI_CLIENT_CERT")

    @Option(help: "Private key of the client certificate (KSI_CLIENT_KEY).")
    var clientKey: String? = Environment.string("KSI_CLIENT_KEY")

    @Option(help: "Admin HTTP port for /metrics and /healthz; omit for none (KSI_ADMIN_PORT).")
    var adminPort: Int? = Environment.int("KSI_ADMIN_PORT")

    @Option(help: "A ReferenceDataSet JSON merged over the bundled reference data (KSI_REFERENCE_DATA).")
    var referenceData: String? = Environment.string("KSI_REFERENCE_DATA")

    @Option(
        help:
            "How often to ask AllocationService for reference-data changes, in ms (KSI_REFERENCE_REFRESH_MS; default 2000)."
    )
    var referenceRefreshMs: Int = Environment.int("KSI_REFERENCE_REFRESH_MS") ?? 2_000

    func config() throws -> GatewayConfig {
        let pki = DevelopmentPKI(directory: URL(fileURLWithPath: certDir))
        let ca = tlsCA ?? pki.caCertificate.path
        var config = GatewayConfig(
            grpcListen: .init(host: host, port: port),
            serverTLS: .init(
                certificatePath: tlsCert ?? pki.certificate("gateway-server").path,
                privateKeyPath: tlsKey ?? pki.privateKey("gateway-server").path,
                trustRootsPath: ca
            ),
            clientTLS: .init(
                certificatePath: clientCert ?? pki.certificate("gateway-client").path,
                privateKeyPath: clientKey ?? pki.privateKey("gateway-client").path,
                trustRootsPath: ca
            ),
            upstreams: .init(
                needs: try ServiceAddress(parsing: needsAddress),
                partnerships: try ServiceAddress(parsing: partnershipsAddress),
                allocation: try ServiceAddress(parsing: allocationAddress),
                referral: try ServiceAddress(parsing: referralAddress)
            ),
            upstreamTimeout: .milliseconds(upstreamTimeoutMs),
            httpListen: httpPort > 0 ? .init(host: host, port: httpPort) : nil,
            viewCacheItems: viewCacheItems
        )
        config.grpcLimits = grpc.limits
        config.httpLimits = http.limits
        config.upstreamConcurrency = max(1, upstreamConcurrency)
        config.milestoneCacheEvents = max(0, milestoneCacheEvents)
        config.personTokens = try tokens.config()
        config.referenceRefreshInterval = .milliseconds(max(100, referenceRefreshMs))
        return config
    }
}
