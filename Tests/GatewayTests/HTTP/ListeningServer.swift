import Foundation
import Hummingbird
import HummingbirdTesting
import KSITestSupport
import NIOCore
import NIOSSL
import Services
import StackTestSupport
import Testing

@testable import Gateway

/// The real gateway HTTP server on loopback (both listeners), with development certificates in a temp directory.
struct ListeningServer {
    var server: GatewayHTTPServer
    var tlsPort: Int
    var loopbackPort: Int
    var pki: DevelopmentPKI
    /// `Authorization` with the Agder caseworker's development token (AUTH-R1).
    var authorization: HTTPFields

    /// Runs the server with `limits` and hands `body` the bound server.
    static func with(
        limits: HTTPListenerLimits = .init(),
        _ body: @Sendable (ListeningServer) async throws -> Void
    ) async throws {
        let dir = try RepositoryPaths.temporaryDirectory("gateway-http-listener")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pki = DevelopmentPKI(directory: dir)
        try pki.create(clients: [DevelopmentPKI.Client(name: "sf-agder", orgNumber: HTTPFixture.org(.sfCaseworker))])
        let (ports, continuation) = AsyncStream.makeStream(of: (Int, Int?).self)
        let identity = try await HTTPFixture.persons(in: dir)
        let server = try GatewayHTTPServer(
            host: "127.0.0.1",
            port: 0,
            tls: pki.tls("gateway-server"),
            views: try HTTPFixture.views(),
            commands: nil,
            devDashboard: .init(port: 0, viewerOrgNumber: HTTPFixture.org(.sfCaseworker), person: identity.caseworker),
            persons: identity.persons,
            limits: limits,
            onListening: { tls, dev in continuation.yield((tls, dev)) }
        )
        try await GracefulServices.with([server]) {
            var iterator = ports.makeAsyncIterator()
            let (tls, dev) = try #require(await iterator.next())
            try await body(
                ListeningServer(
                    server: server,
                    tlsPort: tls,
                    loopbackPort: try #require(dev),
                    pki: pki,
                    authorization: identity.authorization
                )
            )
        }
    }

    /// A client TLS configuration trusting the test CA, with the named client certificate (or none).
    func clientTLS(certificate name: String?) throws -> TLSConfiguration {
        try Self.clientTLS(pki, certificate: name)
    }

    /// A client TLS configuration trusting `pki`'s CA, with the named client certificate (or none).
    static func clientTLS(_ pki: DevelopmentPKI, certificate name: String?) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .file(pki.caCertificate.path)
        configuration.certificateVerification = .noHostnameVerification
        if let name {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(pki.certificate(name).path).map {
                .certificate($0)
            }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: pki.privateKey(name).path, format: .pem))
        }
        return configuration
    }

    /// A HummingbirdTesting client of the HTTPS listener as the Agder caseworker.
    func httpsClient() throws -> TestClient {
        let client = TestClient(
            host: "127.0.0.1",
            port: tlsPort,
            configuration: .init(tlsConfiguration: try clientTLS(certificate: "sf-agder"), serverName: "localhost")
        )
        client.connect()
        return client
    }

    /// One raw HTTP/1.1 GET on the loopback listener with the given Host; the parsed response.
    func loopbackGet(
        _ path: String,
        host: String,
        headers: String = ""
    ) async throws -> (status: Int, headers: [String: String], body: String) {
        let connection = try await RawConnection.open(port: loopbackPort)
        defer { Task { await connection.close() } }
        try await connection.send("GET \(path) HTTP/1.1\r\nHost: \(host)\r\n\(headers)Connection: close\r\n\r\n")
        _ = await connection.closed(within: .seconds(10))
        return try #require(RawConnection.parse(connection.text), "a response to GET \(path)")
    }
}
