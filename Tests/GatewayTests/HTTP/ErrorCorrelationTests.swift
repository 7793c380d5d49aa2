import Foundation
import GRPCCore
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Logging
import Testing

@testable import Gateway

/// A simulator whose upstream fails with the kind of text a real failure carries: a host, a port, a TLS error.
struct FailingSimulator: ViewSimulator {
    var code: RPCError.Code
    static let detail =
        "connect to allocation.internal.example:50053 failed: TLS handshake error: CERTIFICATE_VERIFY_FAILED"

    func simulate(_ request: SimulateAllocationRequest, for caller: Caller) async throws -> SimulateAllocationResponse {
        throw RPCError(code: code, message: Self.detail)
    }
}

/// Errors for callers, details for operators: a 5xx body has a stable message and the request id (also
/// in `x-request-id`); the internal detail is only in the log, with that id.
@Suite("Gateway HTTP errors and correlation ids")
struct ErrorCorrelationTests {
    func app(_ code: RPCError.Code, log: CapturedLog) throws -> some ApplicationProtocol {
        let views = GatewayViews(
            source: FixtureViewDataSource(),
            simulator: FailingSimulator(code: code),
            reference: try TestRegion.reference(),
            time: FixedTimeSource(date: LocalDate(year: 2025, month: 6, day: 2))
        )
        return Application(
            router: try GatewayRouter.router(
                views: views,
                commands: nil,
                authentication: .fixed(orgNumber: HTTPFixture.org(.sfCaseworker))
            ),
            logger: log.logger()
        )
    }

    static let leaks = ["allocation.internal", "50053", "TLS", "CERTIFICATE", "handshake"]
    static let simulation = ByteBuffer(
        string: #"{"governorOfficeId":"agder","year":2025,"methods":[{"method":"ALLOCATION_METHOD_NEEDS_BASED"}]}"#
    )

    @Test(
        "an upstream failure answers 500/503 (google/rpc/code.proto: INTERNAL, UNKNOWN 500; UNAVAILABLE 503) with a stable message and the request id (RequestInfo); the host, port and TLS text are only in the log, with that id"
    )
    func upstreamFailure() async throws {
        for (code, status) in [
            (RPCError.Code.internalError, HTTPResponse.Status.internalServerError), (.unknown, .internalServerError),
            (.unavailable, .serviceUnavailable),
        ] {
            let log = CapturedLog()
            try await app(code, log: log).test(.router) { client in
                try await client.execute(
                    uri: "/api/v1/simulations",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: Self.simulation
                ) { response in
                    #expect(response.status == status, "\(code)")
                    let text = String(buffer: response.body)
                    for leak in Self.leaks { #expect(!text.contains(leak), "\(code): the body leaks \(leak)") }
                    let error = try #require(try HTTPFixture.json(response.body)["error"] as? [String: Any])
                    let id = try #require(response.headers[RequestID.header])
                    #expect(HTTPFixture.detail(error, "RequestInfo")?["requestId"] as? String == id)
                    #expect(error["code"] as? Int == Int(status.code))
                    #expect(error["message"] as? String == APIError.stableMessage(status))
                    let line = try #require(
                        log.lines.first { $0.contains(id) && $0.contains("error_detail") },
                        "a log line with the id"
                    )
                    #expect(
                        line.contains("allocation.internal.example:50053") && line.contains("CERTIFICATE_VERIFY_FAILED")
                    )
                }
            }
        }
    }

    @Test("the dashboard shows the same failure as a Norwegian page with the request id and without the internal text")
    func upstreamFailurePage() async throws {
        let log = CapturedLog()
        try await app(.internalError, log: log).test(.router) { client in
            let session = try await client.execute(uri: "/simulator", method: .get) { try FormSession(response: $0) }
            try await client.execute(
                uri: "/simulator",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: session.cookie],
                body: ByteBuffer(
                    string: "region=agder&year=2025&frameKroner=100&method=needsBased&split=equal&useReportedNeeds=off&"
                        + session.field
                )
            ) { response in
                #expect(response.status == .internalServerError)
                let html = String(buffer: response.body)
                for leak in Self.leaks { #expect(!html.contains(leak), "the page leaks \(leak)") }
                let id = try #require(response.headers[RequestID.header])
                #expect(html.contains(id) && html.contains("En tjeneste bak dashbordet feilet"))
                #expect(log.lines.contains { $0.contains(id) && $0.contains("allocation.internal.example:50053") })
            }
        }
    }

    @Test("a well-formed incoming x-request-id is honoured; a malformed or overlong one is replaced by a new id")
    func incomingRequestID() async throws {
        let log = CapturedLog()
        try await app(.internalError, log: log).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/regions/nowhere/overview",
                method: .get,
                headers: [RequestID.header: "caller-42.a:b_c"]
            ) { response in
                #expect(response.headers[RequestID.header] == "caller-42.a:b_c")
                let error = try HTTPFixture.json(response.body)["error"] as? [String: Any]
                #expect(HTTPFixture.detail(error, "RequestInfo")?["requestId"] as? String == "caller-42.a:b_c")
            }
            for bad in ["has space", "semi;colon", String(repeating: "x", count: 129)] {
                try await client.execute(
                    uri: "/api/v1/regions/agder/overview?year=2025",
                    method: .get,
                    headers: [RequestID.header: bad]
                ) { response in
                    let id = try #require(response.headers[RequestID.header])
                    #expect(id != bad && RequestID.isWellFormed(id) && UUID(uuidString: id) != nil, "\(bad)")
                }
            }
        }
    }
}
