import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import Services
import StackTestSupport

/// `ksi-bench replicas` (issue 17): the test stack on PostgreSQL (`KSI_TEST_POSTGRES_URL`, e.g. under
/// `scripts/with-postgres`) with the demo year loaded through the services, once per replica count, and a closed
/// loop of gateway view reads (`GetRegionOverview`, Agder 2025: a cached view, so each read asks every service's
/// data version) against it. Prints reads/s and latency per replica count, and how the services' calls of the
/// measured run spread over their replicas.
struct ReplicaBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replicas",
        abstract: "Gateway reads with one and with several replicas of every service over one PostgreSQL."
    )

    @Option(help: "Replica counts to measure, comma-separated.")
    var replicas = "1,2"

    @Option(help: "Concurrent streams over one connection to the gateway.")
    var streams = 8

    @Option(help: "Seconds measured per replica count.")
    var seconds: Double = 10

    @Option(help: "Seconds of warm-up before measuring.")
    var warmUp: Double = 2

    func run() async throws {
        let counts = replicas.split(separator: ",").compactMap { Int($0) }
        var table = MarkdownTable(
            "replicas",
            "streams",
            "reads/s",
            "p50 (ms)",
            "p99 (ms)",
            "errors",
            "calls per replica"
        )
        for count in counts {
            let (result, spread) = try await TestStack.with(storage: .postgres, withGateway: true, replicas: count) {
                stack in
                _ = try await stack.loadDemoYear()
                let before = Self.callsPerReplica(stack)
                let result = try await measure(stack)
                let after = Self.callsPerReplica(stack)
                let spread = KSIServiceKind.allCases.map { kind in
                    let calls = zip(after[kind] ?? [], before[kind] ?? []).map { Int($0 - $1) }
                    return "\(kind.rawValue) \(calls.map(String.init).joined(separator: "/"))"
                }
                return (result, spread.joined(separator: ", "))
            }
            table.add(
                "\(count)",
                "\(streams)",
                String(format: "%.0f", result.requestsPerSecond),
                String(format: "%.1f", result.percentile(50)),
                String(format: "%.1f", result.percentile(99)),
                "\(result.errors)",
                count > 1 ? spread : "–"
            )
        }
        print(table.text)
    }

    private func measure(_ stack: TestStack) async throws -> LoadGenerator.Result {
        let person = DemoPersons.dashboardDefault
        let client = GRPCClient(
            transport: try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: stack.gatewayPort),
                transportSecurity: TransportSecurity.client(stack.pki.tls("statsforvalter-agder"))
            ),
            interceptors: [BearerInterceptor(authorization: "Bearer \(stack.personTokens[person] ?? "")")]
        )
        let request = GetRegionOverviewRequest.with {
            $0.governorOfficeId = "agder"
            $0.year = 2025
        }
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await client.runConnections() }
            let result = await LoadGenerator.run(
                streams: streams,
                clients: [client],
                warmUp: .milliseconds(Int(warmUp * 1000)),
                duration: .milliseconds(Int(seconds * 1000))
            ) { client, _, _ in
                _ = try await GatewayServiceClient(wrapping: client).getRegionOverview(request)
            }
            client.beginGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    /// Every call each replica of each service has answered (`ksi_rpc_requests_total`); empty with one replica.
    static func callsPerReplica(_ stack: TestStack) -> [KSIServiceKind: [Double]] {
        stack.replicas.mapValues { $0.map { $0.metric("ksi_rpc_requests_total") ?? 0 } }
    }
}
