import Foundation
import HTTPTypes
import Hummingbird
import KSICore
import NIOCore
import Services
import StackTestSupport
import Testing

/// AUTH-R1 on the gateway's HTTPS API: the person comes only from `Authorization: Bearer <jwt>`,
/// verified against the configured issuer; every refused token is a 401 naming AUTH-R1 and the
/// `authorization` field, never a crash and never a person.
@Suite("Person tokens on the HTTPS API (AUTH-R1)")
struct PersonTokenHTTPTests {
    static let overview = "/api/v1/regions/agder/overview?scheme=ksi&year=2025"

    @Test(
        "a valid token acts; forged, unsigned, expired, not-yet-valid, wrong issuer/audience, unknown kid, garbage, no pid and unregistered pid are 401"
    )
    func refusedTokens() async throws {
        try await TestStack.with(withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            let pid = try #require(stack.reference.person(id: "demo-saksbehandler-ein")).pid
            let other = try #require(stack.reference.person(id: "demo-beslutter-ein")).pid
            let valid = try await StackHTTPSClient.with(
                stack,
                as: "statsforvalter-agder",
                personId: "demo-saksbehandler-ein"
            ) { https in
                try await https.get(Self.overview)
            }
            #expect(valid.status == .ok, "\(valid.text)")
            for hostile in try await HostileTokens.cases(stack.tokenIssuer, pid: pid, otherPid: other) {
                let reply = try await StackHTTPSClient.with(stack, as: "statsforvalter-agder", bearer: hostile.token) {
                    https in
                    try await https.get(Self.overview)
                }
                #expect(reply.status == .unauthorized, "\(hostile.name): \(reply.status) \(reply.text)")
                let error = reply.json?["error"] as? [String: Any]
                #expect(
                    error?["status"] as? String == "UNAUTHENTICATED" && error?["code"] as? Int == 401,
                    "\(hostile.name)"
                )
                #expect(
                    reply.violations.contains { $0.field == "authorization" && $0.rule == "AUTH-R1" },
                    "\(hostile.name): \(reply.text)"
                )
            }
        }
    }

    @Test("the ksi-person-id header makes no one a person; a token is forwarded so the service acts as its person")
    func personHeaderIgnoredTokenForwarded() async throws {
        try await TestStack.with(today: CommandRoutesTests.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            // A PPT adviser's referral draft through the gateway: the referral service verifies the forwarded token
            // and acts as the adviser (pptAdviser of ppt-4204, AUTH-R4).
            let path = "/api/v1/referrals"
            func body(_ requestId: String) throws -> String {
                var request = CommandRoutesTests.referral
                request.requestId = requestId
                return String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
            }
            let withToken = try await StackHTTPSClient.with(
                stack,
                as: "ppt-kristiansand",
                personId: "demo-ppt-radgiver-ppt-4204"
            ) { https in
                try await https.post(path, json: try body("tok-with-token"))
            }
            #expect(withToken.status == .ok, "\(withToken.status) \(withToken.text)")
            #expect(withToken.json?["status"] as? String == "REFERRAL_STATUS_DRAFT")
            let headerOnly = try await StackHTTPSClient.with(stack, as: "ppt-kristiansand") { https in
                var headers = https.headers
                headers[HTTPField.Name("ksi-person-id")!] = "demo-ppt-radgiver-ppt-4204"
                headers[.contentType] = "application/json"
                let response = try await https.client.post(
                    path,
                    headers: headers,
                    body: ByteBuffer(string: try body("tok-header-only"))
                )
                return response.status
            }
            #expect(headerOnly == .forbidden, "\(headerOnly)")
        }
    }
}
