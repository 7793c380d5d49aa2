import ArgumentParser
import Foundation
import Gateway
import KSICore
import KSIDemoData
import Logging
import ServiceLifecycle
import Services

/// `ksi dev`: the four services in one process on loopback, SQLite under a data directory,
/// development certificates and a referral key created on first start, the demo region's
/// organisations in the registry. Ctrl-C shuts everything down cleanly.
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run all KSI services on this machine (SQLite, development certificates)."
    )

    @Option(help: "Where the databases, certificates and keys live (KSI_DATA_DIR).")
    var dataDir: String = Environment.string("KSI_DATA_DIR") ?? ".ksi-data"

    @Option(help: "The first of four consecutive gRPC ports: needs, partnerships, allocation, referral.")
    var basePort: Int = Environment.int("KSI_DEV_BASE_PORT") ?? 50051

    @Option(help: "HTTPS port of the gateway's JSON API and dashboard (client certificates required).")
    var httpPort: Int = Environment.int("KSI_HTTP_PORT") ?? 8443

    @Option(
        help:
            "Port of the certificate-free dashboard on 127.0.0.1 (acts as --dashboard-person, case actions included); 0 for none."
    )
    var dashboardPort: Int = Environment.int("KSI_DASHBOARD_PORT") ?? 8080

    @Option(
        help:
            "The demo person the certificate-free dashboard acts as, for that person's organisation (KSI_DASHBOARD_PERSON)."
    )
    var dashboardPerson: String = Environment.string("KSI_DASHBOARD_PERSON") ?? DemoPersons.dashboardDefault

    @Option(help: "Clock skew allowed on person tokens' exp/nbf/iat, in seconds (KSI_TOKEN_LEEWAY_SECONDS).")
    var tokenLeewaySeconds: Int = Environment.int("KSI_TOKEN_LEEWAY_SECONDS") ?? PersonTokenConfig.defaultLeewaySeconds

    @OptionGroup var grpc: GRPCListenerOptions

    @OptionGroup var http: HTTPListenerOptions

    @OptionGroup var mail: MailOptions

    @Flag(
        inversion: .prefixedNo,
        help:
            "On a new data directory, load the demo embete-year (Agder, KSI 2025); always register the demo organisations."
    )
    var demo = true

    func run() async throws {
        let logger = Logger(label: "ksi.dev")
        let isNew = !FileManager.default.fileExists(atPath: "\(dataDir)/needs.sqlite")
        if demo && isNew {
            let summary = try await SeedDemo.load(into: dataDir)
            logger.info("Demo year loaded", metadata: ["ksi.data_dir": "\(dataDir)"])
            FileHandle.standardOutput.write(Data("Demo year loaded:\n\(summary.description)\n".utf8))
        }
        let certDir = "\(dataDir)/certs"
        let pki = DevelopmentPKI(directory: URL(fileURLWithPath: certDir))
        // Certificates from older versions that fail strict X.509 verification are issued again.
        let renewed = try pki.ensure(clients: ServiceIdentities.all + DemoIdentities.clients)
        if !renewed.isEmpty {
            logger.info(
                "Development certificates issued",
                metadata: ["ksi.cert_dir": "\(certDir)", "ksi.reason": "\(renewed.prefix(3).joined(separator: "; "))"]
            )
        }
        // The development person-token issuer (AUTH-R1): its key and JWKS live next to the CA; the key is kept.
        let tokenIssuer = try DevelopmentTokenIssuer(directory: pki.directory).create()
        let tokens = tokenIssuer.config(leewaySeconds: tokenLeewaySeconds)
        // Development mode only: the development service identities act as `system` (and the development
        // gateway is trusted to forward principals, below); `ksi serve` and `ksi gateway` take them from configuration.
        var reference = try loadReference(nil, systemIdentities: ServiceIdentities.all.map(\.orgNumber))
        if demo { reference = reference.merging(DemoRegion.referenceDataSet()) }
        var dashboard: GatewayHTTPServer.DevDashboard?
        if dashboardPort > 0 && demo {
            guard let person = reference.person(id: dashboardPerson), let orgNumber = person.roles.first?.orgNumber
            else {
                throw ValidationError("--dashboard-person: no demo person '\(dashboardPerson)' with a role")
            }
            dashboard = .init(
                host: "127.0.0.1",
                port: dashboardPort,
                viewerOrgNumber: orgNumber,
                person: DevelopmentPerson(issuer: tokenIssuer, pid: person.pid)
            )
        }
        let keys = try SeedFiles.referralKeys(in: dataDir)

        // Notification e-mail goes to .eml files under the data directory unless an SMTP server is named (issue 13).
        let mailConfig = mail.config(defaultDirectory: "\(dataDir)/mail")
        let ports = Dictionary(uniqueKeysWithValues: KSIServiceKind.allCases.enumerated().map { ($1, basePort + $0) })
        var services: [any Service] = []
        for kind in KSIServiceKind.allCases {
            var config = ServiceConfig(
                listen: .init(host: "127.0.0.1", port: ports[kind]!),
                tls: pki.tls("\(kind.rawValue)-server"),
                storage: .sqlite(path: "\(dataDir)/\(kind.rawValue).sqlite"),
                trustedGateways: [ServiceIdentities.gateway],
                grpcLimits: grpc.limits,
                personTokens: tokens
            )
            config.mail = mailConfig
            config.environment = .test  // `ksi dev` accepts synthetic (Tenor) national identity numbers (ID-R1)
            let peers = PeerAddresses(
                allocation: ("localhost", ports[.allocation]!),
                partnerships: ("localhost", ports[.partnerships]!),
                needs: ("localhost", ports[.needs]!),
                clientTLS: pki.tls("\(kind.rawValue)-client")
            )
            let hosted = try await ServiceHost.make(
                kind,
                config: config,
                reference: reference,
                time: SystemTimeSource(),
                referralKeys: keys,
                peers: peers,
                logger: logger
            )
            services += hosted.lifecycle
        }
        let gatewayPort = basePort - 1
        var gatewayConfig = GatewayConfig(
            grpcListen: .init(host: "127.0.0.1", port: gatewayPort),
            serverTLS: pki.tls("gateway-server"),
            clientTLS: pki.tls("gateway-client"),
            upstreams: .init(
                needs: ("localhost", ports[.needs]!),
                partnerships: ("localhost", ports[.partnerships]!),
                allocation: ("localhost", ports[.allocation]!),
                referral: ("localhost", ports[.referral]!)
            ),
            httpListen: .init(host: "127.0.0.1", port: httpPort),
            devDashboard: dashboard
        )
        gatewayConfig.personTokens = tokens
        gatewayConfig.grpcLimits = grpc.limits
        gatewayConfig.httpLimits = http.limits
        let gateway = try GatewayHost.make(
            config: gatewayConfig,
            reference: reference,
            time: SystemTimeSource(),
            logger: logger
        )
        services += gateway.lifecycle
        // Unbuffered, so the addresses show at once even when stdout is a pipe or a file.
        FileHandle.standardOutput.write(
            Data(
                """
                KSI dev is running (Ctrl-C stops it). Data: \(dataDir)
                \(dashboard != nil ? "  Dashboard            http://127.0.0.1:\(dashboardPort)/   (acts as \(dashboardPerson): its case actions change data; this machine only)\n" : "")\
                  Dashboard and API    https://localhost:\(httpPort)/   (client certificate required; JSON API under /api/v1)
                  GatewayService       localhost:\(gatewayPort)   (gRPC, views V1–V13)
                  NeedsService         localhost:\(ports[.needs]!)
                  PartnershipService   localhost:\(ports[.partnerships]!)
                  AllocationService    localhost:\(ports[.allocation]!)
                  ReferralService      localhost:\(ports[.referral]!)
                \(mailConfig.smtpURL.map { "E-mail notices are sent through \($0)." } ?? "E-mail notices are not sent: each is written as an .eml file to \(mailConfig.directory ?? "")")
                Client certificates for the demo organisations are in \(certDir) (kommune-kristiansand, ppt-kristiansand,
                uh-uia, statsforvalter-agder, statped, udir). The certificate names the organisation; a person acts only
                with a signed token (AUTH-R1) from the development issuer (\(certDir)/token-issuer-jwks.json):
                  ksi token --person demo-saksbehandler-ein [--acr substantial] [--lifetime 3600]
                Demo persons: demo-saksbehandler-ein, demo-beslutter-ein (statsforvalter-agder), demo-statped-inntak,
                demo-statped-leder, demo-statped-radgiver-1 (statped), demo-eier-owner-4204 (kommune-kristiansand),
                demo-ppt-radgiver-ppt-4204, demo-ppt-leder-ppt-4204 (ppt-kristiansand), demo-udir (udir). For example:
                  TOKEN=$(ksi token --person demo-saksbehandler-ein --cert-dir \(certDir))
                  curl --cacert \(certDir)/ca.pem --cert \(certDir)/statsforvalter-agder.pem --key \(certDir)/statsforvalter-agder-key.pem \\
                    -H "Authorization: Bearer $TOKEN" 'https://localhost:\(httpPort)/api/v1/regions/agder/overview?scheme=ksi&year=2025'
                  grpcurl -cacert \(certDir)/ca.pem -cert \(certDir)/statsforvalter-agder.pem -key \(certDir)/statsforvalter-agder-key.pem \\
                    -H "authorization: Bearer $TOKEN" -import-path protos -proto ksi/v1/needs.proto -d '{"governor_office_id":"agder"}' \\
                    localhost:\(ports[.needs]!) ksi.v1.NeedsService/ListNeedsRounds
                  grpcurl -cacert \(certDir)/ca.pem -cert \(certDir)/statsforvalter-agder.pem -key \(certDir)/statsforvalter-agder-key.pem \\
                    -H "authorization: Bearer $TOKEN" -import-path protos -proto ksi/v1/gateway.proto \\
                    -d '{"governor_office_id":"agder","year":2025}' localhost:\(gatewayPort) ksi.v1.GatewayService/GetRegionOverview

                """.utf8
            )
        )
        try await ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
    }
}
