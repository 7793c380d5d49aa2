import ArgumentParser
import Foundation
import KSICore
import Logging
import ServiceLifecycle

/// `ksi-bench serve --info FILE`: the benchmark stack (`BenchStack`: the four services and the gateway
/// over mutual TLS, the demo year and an open 2027 round seeded) as a server process of its own, for the
/// external load generator of `make bench-rpc` (scripts/bench_rpc.py). Once serving it writes FILE (JSON:
/// certificate folder, ports, person tokens, the ids the calls use) and the encoded needs report the echo
/// servers answer with (FILE's `responseFile`); it serves until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the benchmark stack for an external load generator; write its ports and ids to --info."
    )

    @Option(help: "Where to write the JSON description of the running stack.")
    var info: String

    @Option(help: "A PostgreSQL server URL: the stack's four databases are made there; omitted = SQLite files.")
    var postgresUrl: String?

    @OptionGroup var commitBatch: CommitBatchOption

    /// What a load generator in another process needs to call the stack.
    struct Info: Codable {
        var certs: String
        var needsPort: Int
        var gatewayPort: Int
        var tokens: [String: String]
        var reportId: String
        var openRoundId: String
        var leadOwnerId: String
        var responseFile: String
    }

    func run() async throws {
        let infoURL = URL(fileURLWithPath: info)
        try commitBatch.apply()
        try await BenchStack.with(postgresURL: postgresUrl) { stack in
            let responseFile = infoURL.deletingPathExtension().appendingPathExtension("response.bin")
            try Data(stack.reportBytes).write(to: responseFile)
            let description = Info(
                certs: stack.pki.directory.path,
                needsPort: stack.needsPort,
                gatewayPort: stack.gatewayPort,
                tokens: stack.tokens,
                reportId: stack.reportId,
                openRoundId: stack.openRoundId,
                leadOwnerId: stack.leadOwnerId,
                responseFile: responseFile.path
            )
            // Written to a neighbour, then renamed: a reader never sees half a file.
            let partial = infoURL.appendingPathExtension("partial")
            try JSONEncoder().encode(description).write(to: partial)
            try? FileManager.default.removeItem(at: infoURL)
            try FileManager.default.moveItem(at: partial, to: infoURL)
            print("benchmark stack serving; needs on \(stack.needsPort), gateway on \(stack.gatewayPort)")
            let group = ServiceGroup(
                services: [UntilShutdown()],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "ksi.bench")
            )
            try await group.run()
        }
    }
}

/// A service that only waits for the group's graceful shutdown (a signal).
private struct UntilShutdown: Service {
    func run() async throws { try? await gracefulShutdown() }
}
