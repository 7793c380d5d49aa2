import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import KSICore
import NIOCore
import NIOSSL
import Services
import StackTestSupport

/// An HTTPS client to the test stack's gateway (`TestStack.httpPort`) presenting a demo identity's
/// client certificate (or none), as a municipal, PPT or statsforvalter system would call the API.
struct StackHTTPSClient: Sendable {
    /// A response: status, headers, the body's bytes and, when it is JSON, the parsed value.
    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object (fails the caller's `#require` when it is not one).
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }

        /// The `google.rpc.BadRequest` field violations of an AIP-193 error body as (JSON field path, rule id) pairs;
        /// each description starts with the rule id (`LIM-R2: …`).
        var violations: [(field: String, rule: String)] {
            let error = json?["error"] as? [String: Any]
            let details = error?["details"] as? [[String: Any]] ?? []
            let badRequest = details.first { ($0["@type"] as? String) == "type.googleapis.com/google.rpc.BadRequest" }
            return (badRequest?["fieldViolations"] as? [[String: Any]] ?? []).map {
                ($0["field"] as? String ?? "", String(($0["description"] as? String ?? "").prefix { $0 != ":" }))
            }
        }

        /// `ErrorInfo.reason` of an AIP-193 error body.
        var reason: String? {
            let details = (json?["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []
            return details.first { ($0["@type"] as? String) == "type.googleapis.com/google.rpc.ErrorInfo" }?["reason"]
                as? String
        }
    }

    let client: TestClient
    /// Sent with every request: `Authorization: Bearer <token>` when a person acts (AUTH-R1).
    let headers: HTTPFields

    /// Connects to the stack's HTTPS port; `identity` names a certificate made by the stack's PKI, nil for
    /// none; `personId` is a registered person whose development token is sent, `bearer` a token as is.
    init(stack: TestStack, identity: String?, personId: String? = nil, bearer: String? = nil) throws {
        var headers = HTTPFields()
        if let personId {
            headers[.authorization] = "Bearer \(stack.personTokens[personId] ?? "no-token-for-\(personId)")"
        }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        self.headers = headers
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(stack.pki.caCertificate.path)
        tls.certificateVerification = .noHostnameVerification
        if let identity {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(stack.pki.certificate(identity).path).map {
                .certificate($0)
            }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: stack.pki.privateKey(identity).path, format: .pem))
        }
        client = TestClient(
            host: "127.0.0.1",
            port: stack.httpPort,
            configuration: .init(tlsConfiguration: tls, serverName: "localhost")
        )
        client.connect()
    }

    /// Runs `body` with a connected client and closes it afterwards.
    static func with<R: Sendable>(
        _ stack: TestStack,
        as identity: String?,
        personId: String? = nil,
        bearer: String? = nil,
        _ body: (StackHTTPSClient) async throws -> R
    ) async throws -> R {
        let https = try StackHTTPSClient(stack: stack, identity: identity, personId: personId, bearer: bearer)
        do {
            let result = try await body(https)
            try? await https.client.shutdown()
            return result
        } catch {
            try? await https.client.shutdown()
            throw error
        }
    }

    func get(_ uri: String) async throws -> Reply {
        Self.reply(try await client.get(uri, headers: headers))
    }

    /// POSTs a JSON body (already encoded text).
    func post(_ uri: String, json: String) async throws -> Reply {
        var headers = headers
        headers[.contentType] = "application/json"
        return Self.reply(try await client.post(uri, headers: headers, body: ByteBuffer(string: json)))
    }

    /// PATCHes a JSON body (already encoded text): a transcoded Update RPC.
    func patch(_ uri: String, json: String) async throws -> Reply {
        var headers = headers
        headers[.contentType] = "application/json"
        return Self.reply(
            try await client.execute(.init(uri, method: .patch, headers: headers, body: ByteBuffer(string: json)))
        )
    }

    /// POSTs a contract message as its `Codable` JSON (the API's request bodies).
    func post<Body: Encodable>(_ uri: String, body: Body) async throws -> Reply {
        try await post(uri, json: String(decoding: try JSONEncoder().encode(body), as: UTF8.self))
    }

    private static func reply(_ response: TestClient.Response) -> Reply {
        Reply(
            status: response.status,
            headers: response.headers,
            body: response.body.map { Data($0.readableBytesView) } ?? Data()
        )
    }

    /// Waits until the gateway answers over HTTPS and reaches NeedsService and ReferralService: the stack
    /// reports ready when the services serve, but the gateway's HTTPS listener binds a moment later and
    /// its upstream connections may still be backing off from a connect attempt made before the services
    /// listened (a call then fails fast with 503).
    static func waitForGateway(_ stack: TestStack) async throws {
        for _ in 0..<100 {
            let ready = try? await with(stack, as: "statsforvalter-agder") { https in
                let needs = try await https.get("/api/v1/needsReports/readiness-probe")
                let referral = try await https.get("/api/v1/referrals/readiness-probe/progress")
                return needs.status != .serviceUnavailable && referral.status != .serviceUnavailable
            }
            if ready == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw GatewayNotReady()
    }

    struct GatewayNotReady: Error, CustomStringConvertible {
        var description: String {
            "the gateway did not reach NeedsService and ReferralService over HTTPS within 10 seconds"
        }
    }
}
