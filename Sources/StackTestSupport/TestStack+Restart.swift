import KSICore
import Logging
import ServiceLifecycle
import Services

extension TestStack {
    /// Starts `kind` again after `stop(_:)`, as a new process would: a new host on the same port and database
    /// (or on `storage`, e.g. a fresh database as after a restore), from the bootstrap reference data. Runs `body`
    /// while it serves, then shuts it down.
    public func restart<R: Sendable>(
        _ kind: KSIServiceKind,
        storage: Services.ServiceConfig.Storage? = nil,
        _ body: @Sendable (HostedService) async throws -> R
    ) async throws -> R {
        var logger = Logger(label: "e2e.\(kind.rawValue).restarted")
        logger.logLevel = .info
        var config = configs[kind]!
        if let storage { config.storage = storage }
        let hosted = try await ServiceHost.make(
            kind,
            config: config,
            reference: reference,
            time: time,
            referralKeys: referralKeys,
            peers: LoopbackStack.peers(of: kind, ports: ports, pki: pki),
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: hosted.lifecycle.map { .init(service: $0, successTerminationBehavior: .ignore) },
                logger: logger
            )
        )
        return try await ServingGroup.run(
            // 60 s: the stopped server's graceful shutdown (in-flight calls of the other services' relays and
            // followers) must end before the new one can bind the port, which took 30 s under the parallel run.
            group,
            isServing: { hosted.health.isServing && hosted.scheduler.hasCheckedOnce },
            within: 60,
            what: "the restarted \(kind.rawValue) service"
        ) { try await body(hosted) }
    }
}
