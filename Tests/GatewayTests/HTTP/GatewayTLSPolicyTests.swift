import Foundation
import Gateway
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// The gateway's HTTPS listener follows `TLSPolicy` (docs/security.md, "TLS"), checked from Python's `ssl`.
@Suite("Gateway HTTPS listener TLS policy")
struct GatewayTLSPolicyTests {
    @Test("HTTPS: TLS 1.2 AEAD and TLS 1.3 accepted; TLS 1.2 CBC suites and TLS 1.1 refused")
    func httpsListenerFollowsThePolicy() async throws {
        let dir = try RepositoryPaths.temporaryDirectory("gateway-tls-policy")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pki = DevelopmentPKI(directory: dir)
        try pki.create(clients: [DevelopmentPKI.Client(name: "sf-agder", orgNumber: HTTPFixture.org(.sfCaseworker))])
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = try GatewayHTTPServer(
            host: "127.0.0.1",
            port: 0,
            tls: pki.tls("gateway-server"),
            views: try HTTPFixture.views(),
            commands: nil,
            onListening: { tls, _ in continuation.yield(tls) }
        )
        try await GracefulServices.with([server]) {
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let result = try await TransportCheck.run(["tls", pki.directory.path, "sf-agder", "\(port)"])
            let aead = result["tls12_aead"] as? [String: Any]
            let cbc = result["tls12_cbc"] as? [String: Any]
            let tls11 = result["tls11"] as? [String: Any]
            let tls13 = result["tls13"] as? [String: Any]
            #expect(aead?["ok"] as? Bool == true, "\(result)")
            #expect(aead?["version"] as? String == "TLSv1.2", "\(result)")
            #expect(cbc?["ok"] as? Bool == false, "\(result)")
            #expect(cbc?["client_refused"] == nil, "the client must have offered the CBC suites: \(result)")
            #expect(tls11?["ok"] as? Bool == false, "\(result)")
            #expect(tls13?["ok"] as? Bool == true, "\(result)")
        }
    }
}
