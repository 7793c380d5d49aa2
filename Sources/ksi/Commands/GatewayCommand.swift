import ArgumentParser
import Foundation
import Gateway
import KSICore
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Services

/// `ksi gateway`: the gRPC façade for the views (V1–V13), the HTTPS JSON API and the dashboard,
/// calling the four services over mutual TLS with the gateway's own identity.
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Run the KSI gateway: views over gRPC, the /api/v1 JSON API and the dashboard."
    )

    @OptionGroup var options: GatewayOptions

    func run() async throws {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "ksi.gateway")
        let reference = try loadReference(options.referenceData, systemIdentities: options.identities.systems)
        let hosted = try GatewayHost.make(
            config: try options.config(),
            reference: reference,
            time: SystemTimeSource(),
            logger: logger
        )
        var services = hosted.lifecycle
        if let adminPort = options.adminPort {
            services.append(
                AdminHTTPServer.make(
                    host: options.host,
                    port: adminPort,
                    registry: registry,
                    health: hosted.health,
                    logger: logger
                )
            )
        }
        try await ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
    }
}
