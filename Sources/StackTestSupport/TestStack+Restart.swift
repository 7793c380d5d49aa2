import KSICore
import Logging
import Services
import ServiceLifecycle

extension TestStack {
    /// Starts `kind` again after `stop(_:)`, as a new process would: a new host on the same port and database
    /// (or on `storage`, e.g. a fresh database as after a restore), from the bootstrap reference data. Runs `body`
    /// while it serves, then shuts it down.
    public func restart<R: Sendable>(
        _ kind: KSIServiceKind, storage: Services.ServiceConfig.Storage? = nil, _ body: @Sendable (HostedService) async throws -> R
    ) async throws -> R {
        var logger = Logger(label: "e2e.\(kind.rawValue).restarted")
        logger.logLevel = .info
        var config = configs[kind]!
        if let storage { config.storage = storage }
        let hosted = try await ServiceHost.make(
            kind, config: config, reference: reference, time: time, referralKeys: referralKeys,
            peers: LoopbackStack.peers(of: kind, ports: ports, pki: pki), logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: hosted.lifecycle.map { .init(service: $0, successTerminationBehavior: .ignore) }, logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                // Migrations run first; the host reports SERVING once it listens.
                for _ in 0..<600 where !hosted.health.isServing { try await Task.sleep(for: .milliseconds(50)) }
                guard hosted.health.isServing else {
                    throw DomainError(.unavailable, "the restarted \(kind.rawValue) service did not report SERVING within 30 seconds")
                }
                let result = try await body(hosted)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}
