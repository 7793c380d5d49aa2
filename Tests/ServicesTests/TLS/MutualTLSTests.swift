import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSITestSupport
import Logging
import Services
import StackTestSupport
import SwiftASN1
import Testing
import X509

/// Real TLS over loopback: the server requires a client certificate from the configured CA.
@Suite("Mutual TLS and certificate identity")
struct MutualTLSTests {
    static let kommune = DevelopmentPKI.Client(name: "kommune", orgNumber: OrgNumber.fictitious(4_204_000).value)

    /// A PKI with one client, and a second, unrelated CA with a client of its own.
    func makePKI() throws -> (pki: DevelopmentPKI, stranger: DevelopmentPKI) {
        let pki = DevelopmentPKI(directory: try LoopbackTLS.directory())
        try pki.create(clients: [Self.kommune])
        let stranger = DevelopmentPKI(directory: try LoopbackTLS.directory())
        try stranger.create(clients: [Self.kommune])
        return (pki, stranger)
    }

    /// Runs a health-only server on an ephemeral loopback port for the scope of `body`.
    func withHealthServer<R: Sendable>(
        _ pki: DevelopmentPKI,
        _ body: @Sendable (Int) async throws -> R
    ) async throws -> R {
        let health = HealthService()
        health.setServing(true)
        let config = ServiceConfig(
            listen: .init(host: "127.0.0.1", port: 0),
            tls: pki.tls("needs-server"),
            storage: .sqlite(path: ":memory:")
        )
        let server = try GRPCServerService(
            name: "test",
            config: config,
            services: [],
            health: health,
            interceptors: [],
            logger: Logger(label: "test")
        )
        return try await GracefulServices.with([server]) {
            try await body(try await server.boundPort())
        }
    }

    func check(port: Int, security: HTTP2ClientTransport.Posix.TransportSecurity) async throws -> HealthCheckResponse {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port),
            transportSecurity: security
        )
        return try await withGRPCClient(transport: transport) { client in
            // A generous deadline: this checks who is served, not how fast (the suite runs beside heavy ones).
            try await HealthClient(wrapping: client).check(HealthCheckRequest(), options: .timeout(.seconds(30)))
        }
    }

    @Test("ksi certs writes keys readable only by their owner, and certificates carrying the organisation number")
    func certificatesCarryTheOrganisationNumber() throws {
        let (pki, _) = try makePKI()
        let attributes = try FileManager.default.attributesOfItem(atPath: pki.privateKey("kommune").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let pem = try String(contentsOf: pki.certificate("kommune"), encoding: .utf8)
        let certificate = try Certificate(pemEncoded: pem)
        #expect(CallerIdentity.orgNumber(in: certificate) == Self.kommune.orgNumber)
        let server = try Certificate(
            pemEncoded: try String(contentsOf: pki.certificate("needs-server"), encoding: .utf8)
        )
        let names = try server.extensions.subjectAlternativeNames.map { Array($0) } ?? []
        #expect(names.contains(.dnsName("localhost")))
        #expect(names.contains(.dnsName("needs")))
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))))
    }

    @Test("a client with a certificate from the CA gets an answer")
    func trustedClientIsServed() async throws {
        let (pki, _) = try makePKI()
        let response = try await withHealthServer(pki) { port in
            try await check(port: port, security: TransportSecurity.client(pki.tls("kommune")))
        }
        #expect(response.status == .serving)
    }

    @Test("a client without a certificate is refused at the handshake")
    func clientWithoutCertificateIsRefused() async throws {
        let (pki, _) = try makePKI()
        await #expect(throws: RPCError.self) {
            try await withHealthServer(pki) { port in
                let security = HTTP2ClientTransport.Posix.TransportSecurity.tls { config in
                    config.trustRoots = .certificates([.file(path: pki.caCertificate.path, format: .pem)])
                }
                return try await check(port: port, security: security)
            }
        }
    }

    @Test("a client whose certificate comes from another CA is refused")
    func clientFromAnotherAuthorityIsRefused() async throws {
        let (pki, stranger) = try makePKI()
        await #expect(throws: RPCError.self) {
            try await withHealthServer(pki) { port in
                var tls = stranger.tls("kommune")
                tls.trustRootsPath = pki.caCertificate.path  // it trusts the server, but the server does not trust it
                return try await check(port: port, security: TransportSecurity.client(tls))
            }
        }
    }
}
