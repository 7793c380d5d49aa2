import ArgumentParser
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
        TaskExecutorChoice.installOrExit(
            setting: Environment.string(TaskExecutorChoice.environmentKey),
            program: "ksi"
        )
        await main(nil)
    }
}
