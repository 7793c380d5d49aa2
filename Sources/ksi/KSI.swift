import ArgumentParser
import Foundation
import Services

/// The one KSI executable: development stack, single services, gateway, certificates, seeding.
@main
struct KSI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ksi",
        abstract: "KSI: Kompetanseløftet for spesialpedagogikk og inkluderende praksis.",
        subcommands: [
            Dev.self, Serve.self, GatewayCommand.self, Certs.self, TokenCommand.self, Health.self, JobsCommand.self,
            Migrate.self, Seed.self, AccessPolicyCommand.self, DeadLettersCommand.self,
        ]
    )

    /// Installs the task executor `KSI_TASK_EXECUTOR` names before anything else runs (issue 17 item 2), then
    /// parses and runs the command.
    static func main() async {
        do {
            try TaskExecutorChoice(setting: Environment.string("KSI_TASK_EXECUTOR"), field: "KSI_TASK_EXECUTOR")
                .install()
        } catch {
            FileHandle.standardError.write(Data("ksi: \(error)\n".utf8))
            Foundation.exit(64)
        }
        await main(nil)
    }
}
