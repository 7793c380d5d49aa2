import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import Services

/// `ksi health <host:port>`: the standard gRPC health check over mTLS; exit 0 only when SERVING.
struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Probe a KSI server's grpc.health.v1 Check (for compose health checks)."
    )

    @Argument(help: "host:port of the server.")
    var address: String

    @Option(help: "Folder with the certificates (KSI_CERT_DIR).")
    var certDir: String = Environment.string("KSI_CERT_DIR") ?? ".ksi-data/certs"

    @Option(help: "Client identity to present (a <name>.pem in the cert folder).")
    var identity: String = "gateway-client"

    func run() async throws {
        let parts = address.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("expected host:port") }
        let pki = DevelopmentPKI(directory: URL(fileURLWithPath: certDir))
        let transport = try HTTP2ClientTransport.Posix(
            target: GRPCClientService.target(host: String(parts[0]), port: port),
            transportSecurity: TransportSecurity.client(pki.tls(identity))
        )
        let status = try await withGRPCClient(transport: transport) { client in
            try await HealthClient(wrapping: client).check(HealthCheckRequest(), options: .timeout(.seconds(3))).status
        }
        print(status.name)
        if status != .serving { throw ExitCode(1) }
    }
}
