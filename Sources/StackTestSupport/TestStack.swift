import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Gateway
import KSICore
import KSIDemoData
import KSITestSupport
import Logging
import Services
import Synchronization

/// All four services in-process on loopback ports with real mutual TLS, each with its own
/// database (temporary SQLite files, or databases on the test PostgreSQL server), and optionally
/// the gateway in front of them (a `LoopbackStack` with the event relays running).
public struct TestStack: Sendable {
    public let pki: DevelopmentPKI
    /// The development person-token issuer the stack's services and gateway trust (AUTH-R1).
    public let tokenIssuer: DevelopmentTokenIssuer
    /// A development token for every person in the stack's registry, by `Person.id` (valid for the stack's run).
    public let personTokens: [String: String]
    public let ports: [KSIServiceKind: Int]
    public let time: FixedTimeSource
    public let reference: ReferenceData
    /// Each service's own database (to read its relay cursors).
    public let databases: [KSIServiceKind: KSIDatabase]
    /// The gateway, when the stack was started `withGateway`; its gRPC port is `gatewayPort`.
    public let gateway: HostedGateway?
    public let gatewayPort: Int
    /// The gateway's HTTPS API and dashboard port (client certificates required).
    public let httpPort: Int
    /// The certificate-free loopback dashboard, reading as statsforvalter-agder (as `ksi dev` runs it).
    public let devDashboardPort: Int
    /// The services' servers, to stop one in a partial-failure test.
    public let servers: [KSIServiceKind: GRPCServerService]
    /// Each service's configuration (port, database), to start it again after a stop (`restart`).
    public let configs: [KSIServiceKind: Services.ServiceConfig]
    /// Each service's live reference data (issue 12).
    public let registries: [KSIServiceKind: ReferenceRegistry]
    /// Each service's scheduler (issue 13): move `time`, then `runDueJobs()`.
    public let schedulers: [KSIServiceKind: Scheduler]
    /// Every replica of each service (`with(replicas:)`, issue 17); the maps above name the first.
    public let replicas: [KSIServiceKind: [LoopbackStack.Replica]]
    let referralKeys: ReferralKeyRing

    public enum Storage: Sendable { case sqlite, postgres }

    /// The PostgreSQL databases a stack created, dropped when it ends.
    private final class CreatedDatabases: Sendable {
        let names = Mutex<[String]>([])
    }

    /// Starts the stack for the scope of `body`, then shuts it down gracefully.
    public static func with<R: Sendable>(
        storage: Storage = .sqlite,
        today: LocalDate = LocalDate(year: 2025, month: 1, day: 6),
        withGateway: Bool = false,
        upstreamTimeout: Duration = .seconds(5),
        registryAdditions: ReferenceDataSet = ReferenceDataSet(),
        mail: MailConfig = MailConfig(),
        environment: DeploymentEnvironment = .test,
        dashboardPerson: String = DemoPersons.dashboardDefault,
        replicas: Int = 1,
        _ body: @Sendable (TestStack) async throws -> R
    ) async throws -> R {
        let dir = try RepositoryPaths.temporaryDirectory("stack")
        defer { try? FileManager.default.removeItem(at: dir) }
        // `registryAdditions`: records the bootstrap file of every process holds too (e.g. test persons).
        let reference = try LoopbackStack.reference().merging(registryAdditions)
        let time = FixedTimeSource(date: today)
        let created = CreatedDatabases()
        var options = LoopbackStack.Options(reference: reference, time: time) { kind in
            switch storage {
            case .sqlite:
                return .sqlite(path: dir.appendingPathComponent("\(kind.rawValue).sqlite").path)
            case .postgres:
                let (name, url) = try await TestDatabase.createPostgresDatabase()
                created.names.withLock { $0.append(name) }
                return .postgres(url: url)
            }
        }
        options.gatewayUpstreamTimeout = withGateway ? upstreamTimeout : nil
        options.mail = mail
        options.environment = environment
        options.dashboardPerson = dashboardPerson
        // Several replicas (issue 17) each get their own metrics, to count what each served.
        options.replicas = replicas
        options.replicaMetrics = replicas > 1
        let result: Result<R, any Error>
        do {
            result = .success(
                try await LoopbackStack.run(in: dir, options) { loopback in
                    var tokens: [String: String] = [:]
                    for person in reference.set.persons {
                        tokens[person.id] = try await loopback.tokenIssuer.mint(pid: person.pid, lifetime: 6 * 3600)
                    }
                    return try await body(
                        TestStack(
                            pki: loopback.pki,
                            tokenIssuer: loopback.tokenIssuer,
                            personTokens: tokens,
                            ports: loopback.ports,
                            time: time,
                            reference: reference,
                            databases: loopback.databases,
                            gateway: loopback.gateway,
                            gatewayPort: loopback.gatewayPort,
                            httpPort: loopback.httpPort,
                            devDashboardPort: loopback.devDashboardPort,
                            servers: loopback.servers,
                            configs: loopback.configs,
                            registries: loopback.registries,
                            schedulers: loopback.schedulers,
                            replicas: loopback.replicas,
                            referralKeys: loopback.referralKeys
                        )
                    )
                }
            )
        } catch {
            result = .failure(error)
        }
        for name in created.names.withLock({ $0 }) { try? await TestDatabase.dropPostgresDatabase(name) }
        return try result.get()
    }

    /// Runs `body` with a client to `kind` presenting the certificate `identity`; with `person`, every
    /// call carries that registered person's development token (AUTH-R1). With several replicas the calls are
    /// spread round-robin over them (as the gateway's are); `replica` picks one.
    public func client<R: Sendable>(
        _ kind: KSIServiceKind,
        replica: Int? = nil,
        as identity: String,
        person: String? = nil,
        _ body: @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> R
    ) async throws -> R {
        let all = replicas[kind]?.map(\.port) ?? [ports[kind]!]
        let chosen = replica.map { [all[$0]] } ?? all
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(pairs: chosen.map { (host: "127.0.0.1", port: $0) }),
            transportSecurity: TransportSecurity.client(pki.tls(identity)),
            serviceConfig: chosen.count > 1
                ? GRPCCore.ServiceConfig(loadBalancingConfig: [.roundRobin]) : GRPCCore.ServiceConfig()
        )
        return try await withGRPCClient(transport: transport, interceptors: interceptors(person)) { client in
            try await body(client)
        }
    }

    /// The interceptor that sends `person`'s token, when a person is named.
    func interceptors(_ person: String?) -> [any ClientInterceptor] {
        guard let person else { return [] }
        return [BearerInterceptor(authorization: "Bearer \(personTokens[person] ?? "no-token-for-\(person)")")]
    }
}

extension TestStack {
    /// `authorization` metadata carrying the development token of the registered person `personId`.
    public func person(_ personId: String) -> Metadata {
        var metadata = Metadata()
        if let token = personTokens[personId] {
            metadata.addString("Bearer \(token)", forKey: CallerIdentity.authorizationKey)
        }
        return metadata
    }

    /// Takes one service down (it refuses new calls), as in an outage.
    public func stop(_ kind: KSIServiceKind) {
        servers[kind]!.stop()
    }

    /// Runs `body` with a client to the gateway's gRPC façade presenting the certificate `identity`, as
    /// the registered `person` when named.
    public func gatewayClient<R: Sendable>(
        as identity: String,
        person: String? = nil,
        _ body: @Sendable (GatewayServiceClient<HTTP2ClientTransport.Posix>) async throws -> R
    ) async throws -> R {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: gatewayPort),
            transportSecurity: TransportSecurity.client(pki.tls(identity))
        )
        return try await withGRPCClient(transport: transport, interceptors: interceptors(person)) { client in
            try await body(GatewayServiceClient(wrapping: client))
        }
    }
}

/// Adds a person's `authorization` metadata to every call that does not carry its own.
public struct BearerInterceptor: ClientInterceptor {
    let authorization: String

    /// `authorization` is the whole value, `Bearer <token>`.
    public init(authorization: String) { self.authorization = authorization }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>,
        context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        var request = request
        if request.metadata[stringValues: CallerIdentity.authorizationKey].first(where: { _ in true }) == nil {
            request.metadata.addString(authorization, forKey: CallerIdentity.authorizationKey)
        }
        return try await next(request, context)
    }
}
