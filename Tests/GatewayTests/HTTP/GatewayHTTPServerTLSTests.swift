import Foundation
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import NIOSSL
import Services
import Testing

@testable import Gateway

/// The real server on loopback over mutual TLS, with development certificates made in a temp directory.
@Suite("Gateway HTTP server over mutual TLS")
struct GatewayHTTPServerTLSTests {
    /// Runs the server (and the loopback dev dashboard) and hands `body` the bound ports and the PKI.
    func withServer(_ body: @Sendable (Int, Int, DevelopmentPKI, HTTPFields) async throws -> Void) async throws {
        try await ListeningServer.with { server in
            try await body(server.tlsPort, server.loopbackPort, server.pki, server.authorization)
        }
    }

    func clientTLS(_ pki: DevelopmentPKI, certificate name: String?) throws -> TLSConfiguration {
        try ListeningServer.clientTLS(pki, certificate: name)
    }

    @Test("a client certificate with the caseworker's organisation number reads V1; without one the request is refused")
    func mutualTLS() async throws {
        try await withServer { port, _, pki, authorization in
            let withCert = TestClient(
                host: "127.0.0.1",
                port: port,
                configuration: .init(
                    tlsConfiguration: try clientTLS(pki, certificate: "sf-agder"),
                    serverName: "localhost"
                )
            )
            withCert.connect()
            let response = try await withCert.get("/api/v1/regions/agder/overview?year=2025", headers: authorization)
            #expect(response.status == .ok)
            // The certificate alone names the organisation but no person: no caseworker role (AUTH-R1, AUTH-R4).
            let noPerson = try await withCert.get("/api/v1/regions/agder/overview?year=2025")
            #expect(noPerson.status == .forbidden)
            let body = try HTTPFixture.json(try #require(response.body))
            #expect(body["governorOfficeId"] as? String == "agder")
            try await withCert.shutdown()

            let withoutCert = TestClient(
                host: "127.0.0.1",
                port: port,
                configuration: .init(tlsConfiguration: try clientTLS(pki, certificate: nil), serverName: "localhost")
            )
            withoutCert.connect()
            await #expect(throws: (any Error).self) { _ = try await withoutCert.get("/api/v1/regions/agder/overview") }
            try? await withoutCert.shutdown()
        }
    }

    @Test("the loopback dev listener serves the dashboard without a certificate but no API")
    func devDashboard() async throws {
        try await withServer { _, devPort, _, _ in
            let client = TestClient(host: "127.0.0.1", port: devPort, configuration: .init())
            client.connect()
            // As a browser does, with the Host it was pointed at (the listener answers only loopback names).
            let host = "127.0.0.1:\(devPort)"
            let page = try await client.execute(.init("/regioner/agder?year=2025", method: .get, authority: host))
            #expect(page.status == .ok)
            #expect(String(buffer: try #require(page.body)).contains(#"<html lang="nb">"#))
            let api = try await client.execute(.init("/api/v1/regions/agder/overview", method: .get, authority: host))
            #expect(api.status == .notFound)
            try await client.shutdown()
        }
    }

    @Test("the certificate-free dashboard refuses to listen on a non-loopback address")
    func devDashboardLoopbackOnly() throws {
        #expect(throws: DomainError.self) {
            _ = try GatewayHTTPServer(
                host: "0.0.0.0",
                port: 0,
                tls: .init(certificatePath: "", privateKeyPath: "", trustRootsPath: ""),
                views: try HTTPFixture.views(),
                commands: nil,
                devDashboard: .init(host: "0.0.0.0", port: 0, viewerOrgNumber: "1")
            )
        }
        #expect(
            GatewayHTTPServer.isLoopback("127.0.0.1") && GatewayHTTPServer.isLoopback("::1")
                && !GatewayHTTPServer.isLoopback("10.0.0.1")
        )
    }
}
