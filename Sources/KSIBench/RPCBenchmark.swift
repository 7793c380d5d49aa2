import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Gateway
import KSICore
import Services

/// `ksi-bench rpc --target needs|referral|gateway|echo --streams 1,8,32,128 --seconds N`: load over mTLS
/// on loopback against the stack started in this process (`BenchStack`).
struct RPCBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Unary RPC load over mTLS: requests/s and latency percentiles at N concurrent streams."
    )

    @Option(
        help:
            "Comma-separated: needs (read and write), needs-read, needs-write, referral, gateway (V8 and V1), gateway-v8, gateway-v1, echo, all."
    )
    var target: String = "all"

    @Option(help: "Comma-separated numbers of concurrent streams.")
    var streams: String = "1,8,32,128"

    @Option(help: "Comma-separated numbers of HTTP/2 connections (one gRPC client each) the streams are spread over.")
    var connections: String = "1"

    @Option(help: "Measured seconds per run (after the warm-up).")
    var seconds: Double = 5

    @Option(help: "Warm-up seconds per run (calls not counted).")
    var warmUp: Double = 1

    @Option(
        help:
            "Run the services on four fresh databases of this PostgreSQL server (dropped afterwards) instead of SQLite files."
    )
    var postgresUrl: String?

    @OptionGroup var commitBatch: CommitBatchOption

    /// One measured RPC: what it is, who calls, and the call.
    struct Target: Sendable {
        var name: String
        var rpc: String
        var port: @Sendable (BenchStack) -> Int
        var identity: String
        var call: @Sendable (BenchStack, LoadGenerator.Client, Int, Int) async throws -> Void
    }

    static let targets: [String: Target] = [
        "needs-read": Target(
            name: "needs-read",
            rpc: "NeedsService/GetNeedsReport",
            port: { $0.needsPort },
            identity: "statsforvalter-agder"
        ) { stack, client, _, _ in
            _ = try await NeedsServiceClient(wrapping: client).getNeedsReport(.with { $0.id = stack.reportId })
        },
        "needs-write": Target(
            name: "needs-write",
            rpc: "NeedsService/CreateNeedsReport (draft)",
            port: { $0.needsPort },
            identity: "kommune-kristiansand"
        ) {
            stack,
            client,
            stream,
            serial in
            _ = try await NeedsServiceClient(wrapping: client).createNeedsReport(
                .with {
                    $0.requestId =
                        "bench-\(ProcessInfo.processInfo.processIdentifier)-\(stream)-\(serial)-\(UInt64.random(in: 0...UInt64.max))"
                    $0.roundId = stack.openRoundId
                    $0.leadOwnerId = stack.leadOwnerId
                    $0.content = NeedsReportContent.with {
                        $0.title = "Lasttest \(stream)-\(serial)"
                        $0.themes = [.readingWriting]
                        $0.sectors = [.compulsorySchool]
                        $0.targetGroups = [.teachers, .pptStaff]
                        $0.requestedAmountOre = 50_000_000
                        $0.requestedYears = 1
                    }
                }
            )
        },
        "referral": Target(
            name: "referral",
            rpc: "ReferralService/ListReferralMilestones (caught up)",
            port: { $0.referralPort },
            identity: "gateway-client"
        ) {
            stack,
            client,
            _,
            _ in
            _ = try await ReferralServiceClient(wrapping: client).listReferralMilestones(
                .with {
                    $0.afterSequence = stack.milestoneTail
                    $0.pageSize = 500
                }
            )
        },
        "gateway-v8": Target(
            name: "gateway-v8",
            rpc: "GatewayService/GetReferralWaitingTimes (V8)",
            port: { $0.gatewayPort },
            identity: "statsforvalter-agder"
        ) {
            _,
            client,
            _,
            _ in
            _ = try await GatewayServiceClient(wrapping: client).getReferralWaitingTimes(
                .with {
                    $0.governorOfficeId = "agder"
                    $0.year = 2025
                }
            )
        },
        "gateway-v1": Target(
            name: "gateway-v1",
            rpc: "GatewayService/GetRegionOverview (V1)",
            port: { $0.gatewayPort },
            identity: "statsforvalter-agder"
        ) {
            _,
            client,
            _,
            _ in
            _ = try await GatewayServiceClient(wrapping: client).getRegionOverview(
                .with {
                    $0.governorOfficeId = "agder"
                    $0.year = 2025
                }
            )
        },
        "echo": Target(
            name: "echo",
            rpc: "echo (GetNeedsReport bytes, no handler work)",
            port: { $0.echoPort },
            identity: "statsforvalter-agder"
        ) {
            stack,
            client,
            _,
            _ in
            _ = try await NeedsServiceClient(wrapping: client).getNeedsReport(.with { $0.id = stack.reportId })
        },
    ]

    static let groups: [String: [String]] = [
        "needs": ["needs-read", "needs-write"], "gateway": ["gateway-v8", "gateway-v1"],
        "all": ["echo", "needs-read", "referral", "gateway-v8", "needs-write", "gateway-v1"],
    ]

    func run() async throws {
        let names = target.split(separator: ",").flatMap { Self.groups[String($0)] ?? [String($0)] }
        let targets = try names.map { name in
            guard let target = Self.targets[name] else { throw ValidationError("unknown target \(name)") }
            return target
        }
        let streamCounts = try Self.numbers(streams, "--streams")
        let connectionCounts = try Self.numbers(connections, "--connections")
        let warmUp = Duration.milliseconds(Int(warmUp * 1000))
        let duration = Duration.milliseconds(Int(seconds * 1000))
        try commitBatch.apply()
        let table = try await BenchStack.with(postgresURL: postgresUrl) { stack in
            var table = MarkdownTable(
                "target",
                "RPC",
                "streams",
                "conns",
                "req/s",
                "p50 (ms)",
                "p90 (ms)",
                "p99 (ms)",
                "errors"
            )
            // The header first, so the rows printed as they are measured already form a table.
            print(table.text)
            for target in targets {
                for connectionCount in connectionCounts {
                    for streamCount in streamCounts {
                        let clients = try (0..<connectionCount).map { _ in
                            try stack.client(port: target.port(stack), as: target.identity)
                        }
                        let result = try await withThrowingTaskGroup(of: Void.self) { tasks in
                            for client in clients { tasks.addTask { try await client.runConnections() } }
                            let result = await LoadGenerator.run(
                                streams: streamCount,
                                clients: clients,
                                warmUp: warmUp,
                                duration: duration
                            ) {
                                client,
                                stream,
                                serial in try await target.call(stack, client, stream, serial)
                            }
                            for client in clients { client.beginGracefulShutdown() }
                            try await tasks.waitForAll()
                            return result
                        }
                        let row = [
                            target.name, target.rpc, "\(streamCount)", "\(connectionCount)",
                            result.requestsPerSecond.format(0),
                            result.percentile(50).format(2), result.percentile(90).format(2),
                            result.percentile(99).format(2), "\(result.errors)",
                        ]
                        table.rows.append(row)
                        print(
                            "| " + row.joined(separator: " | ") + " |"
                                + (result.firstError.map { "  first error: \($0)" } ?? "")
                        )
                    }
                }
            }
            return table
        }
        print("")
        print(table.text)
        print("\npeak RSS (load generator and servers in one process): \(Measure.peakMemoryMiB().format(0)) MiB")
    }

    static func numbers(_ list: String, _ option: String) throws -> [Int] {
        try list.split(separator: ",").map { part in
            guard let value = Int(part.trimmingCharacters(in: .whitespaces)), value > 0 else {
                throw ValidationError("\(option): \(part) is not a positive number")
            }
            return value
        }
    }
}

extension BenchStack {
    var needsPort: Int { ports[.needs]! }
    var referralPort: Int { ports[.referral]! }
}
