import ArgumentParser

/// `ksi-bench`: the domain at national scale and RPC load through services and gateway (BENCHMARKS.md).
/// Build it in release mode: `swift build -c release --product ksi-bench`.
@main
struct KSIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ksi-bench",
        abstract: "KSI benchmarks: the domain at national scale, and RPC load over mTLS.",
        subcommands: [
            DomainBenchmark.self, RPCBenchmark.self, ReplicaBenchmark.self, EchoServerCommand.self, ServeCommand.self,
        ]
    )
}
