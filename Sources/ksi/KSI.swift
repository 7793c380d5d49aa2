import ArgumentParser

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
}
