import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSITestSupport
import Logging
import Prometheus
import ServiceLifecycle
import Services
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Metrics and health as an operator scrapes them: Prometheus text on /metrics, /healthz.
@Suite("Admin endpoint: /metrics and /healthz")
struct AdminEndpointTests {
    func get(_ port: Int, _ path: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("a call is counted by method and code, and /healthz follows the health service")
    func metricsCountCalls() async throws {
        let pki = DevelopmentPKI(directory: try LoopbackTLS.directory())
        try pki.create(clients: [
            DevelopmentPKI.Client(name: "kommune", orgNumber: OrgNumber.fictitious(4_204_000).value)
        ])
        let registry = PrometheusCollectorRegistry()
        let health = HealthService()
        let adminPort = try freeLoopbackPort()
        let config = ServiceConfig(
            listen: .init(host: "127.0.0.1", port: 0),
            tls: pki.tls("needs-server"),
            storage: .sqlite(path: ":memory:")
        )
        let server = try GRPCServerService(
            name: "test",
            config: config,
            services: [],
            health: health,
            interceptors: [
                ObservabilityInterceptor(
                    logger: Logger(label: "test"),
                    factory: PrometheusMetricsFactory(registry: registry)
                )
            ],
            logger: Logger(label: "test")
        )
        let admin = AdminHTTPServer.make(
            port: adminPort,
            registry: registry,
            health: health,
            logger: Logger(label: "test")
        )
        let group = ServiceGroup(services: [server, admin], gracefulShutdownSignals: [], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await server.boundPort()
            // The server turns SERVING once its port is bound; /healthz follows the health service both ways.
            var status = 0
            for _ in 0..<100 {
                if let answer = try? await get(adminPort, "/healthz"), answer.0 == 200 {
                    status = answer.0
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(status == 200)
            health.setServing(false)
            #expect(try await get(adminPort, "/healthz").0 == 503)
            health.setServing(true)
            #expect(try await get(adminPort, "/healthz").0 == 200)

            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port),
                transportSecurity: TransportSecurity.client(pki.tls("kommune"))
            )
            _ = try await withGRPCClient(transport: transport) { client in
                // A generous deadline: this counts calls, and the whole suite runs in parallel on 2 cores.
                try await HealthClient(wrapping: client).check(HealthCheckRequest(), options: .timeout(.seconds(30)))
            }
            let (metricsStatus, text) = try await get(adminPort, "/metrics")
            #expect(metricsStatus == 200)
            #expect(
                text.contains(#"ksi_rpc_requests_total{method="grpc.health.v1.Health/Check",code="ok"} 1"#),
                "\(text)"
            )
            #expect(text.contains("ksi_rpc_duration_seconds"))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
