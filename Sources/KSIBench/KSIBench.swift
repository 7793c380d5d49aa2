import ArgumentParser
import Foundation
import Services

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

    /// Installs the task executor `KSI_TASK_EXECUTOR` names (as `ksi` does; `make bench-rpc` measures both),
    /// then parses and runs the command.
    static func main() async {
        TaskExecutorChoice.installOrExit(
            setting: ProcessInfo.processInfo.environment[TaskExecutorChoice.environmentKey],
            program: "ksi-bench"
        )
        await main(nil)
    }
}
