import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Gateway

/// The API's edge protections hold on transcoded RPCs too (docs/security.md "Transcoded RPCs"): a body over
/// 4 MiB is 413 (LIM-R8), a write that is not JSON 415, a cross-origin write 403, each in the API's error shape
/// with the request id, before any service is called (the router's services here would trap if called).
@Suite("Edge protections on transcoded RPCs")
struct TranscodingEdgeTests {
    func send(
        _ uri: String,
        method: HTTPRequest.Method = .post,
        headers: HTTPFields,
        body: ByteBuffer
    ) async throws -> (HTTPResponse.Status, [String: Any], HTTPFields) {
        let app = Application(router: try OpenAPIDocumentTests().router())
        return try await app.test(.router) { client in
            try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
                let json =
                    (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
                    ?? [:]
                return (response.status, json, response.headers)
            }
        }
    }

    @Test(
        "4 MiB + 1 byte is 413 with LIM-R8, text/plain 415, a foreign Origin 403, and PATCH is held to the same rules"
    )
    func edgeChecks() async throws {
        let big = ByteBuffer(repeating: UInt8(ascii: " "), count: (4 << 20) + 1)
        let (tooLarge, tooLargeBody, headers) = try await send(
            "/api/v1/needsReports/r1:submit",
            headers: [.contentType: "application/json"],
            body: big
        )
        #expect(tooLarge == .contentTooLarge)
        let error = tooLargeBody["error"] as? [String: Any]
        #expect(Self.detail(error, "ErrorInfo")?["reason"] as? String == "LIM-R8")
        #expect(Self.detail(error, "RequestInfo")?["requestId"] as? String == headers[RequestID.header])

        let (notJSON, _, _) = try await send(
            "/api/v1/needsReports/r1:submit",
            headers: [.contentType: "text/plain"],
            body: ByteBuffer(string: "{}")
        )
        #expect(notJSON == .unsupportedMediaType)
        let (patchNotJSON, _, _) = try await send(
            "/api/v1/needsReports/r1",
            method: .patch,
            headers: [:],
            body: ByteBuffer(string: "{}")
        )
        #expect(patchNotJSON == .unsupportedMediaType)

        let (crossOrigin, crossBody, _) = try await send(
            "/api/v1/needsReports",
            headers: [.contentType: "application/json", .origin: "https://evil.example"],
            body: ByteBuffer(string: "{}")
        )
        #expect(crossOrigin == .forbidden)
        #expect(Self.detail(crossBody["error"] as? [String: Any], "ErrorInfo")?["reason"] as? String == "HTTP-ORIGIN")
    }

    /// The detail of type `google.rpc.<name>` of an AIP-193 error object.
    static func detail(_ error: [String: Any]?, _ name: String) -> [String: Any]? {
        (error?["details"] as? [[String: Any]])?.first {
            $0["@type"] as? String == "type.googleapis.com/google.rpc.\(name)"
        }
    }

    @Test(
        "a path that no binding or route matches is the router's 404 (not a call), also a known collection with an unknown verb"
    )
    func unknownPaths() async throws {
        for path in ["/api/v1/noSuchCollection", "/api/v1/needsReports/r1/extra"] {
            let (status, _, _) = try await send(path, method: .get, headers: [:], body: ByteBuffer())
            #expect(status == .notFound, "\(path)")
        }
        // (A GET of `needsReports/r1:nosuchverb` is GetNeedsReport of the id `r1:nosuchverb`: ids may hold `:`.)
        let (verb, _, _) = try await send(
            "/api/v1/needsReports/r1:nosuchverb",
            headers: [.contentType: "application/json"],
            body: ByteBuffer(string: "{}")
        )
        #expect(verb == .notFound)
    }
}
