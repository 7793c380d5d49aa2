import Foundation
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Testing

@testable import Gateway

/// LIM-R2 at the gateway's own parsing of money: the dashboard simulator form and POST /api/v1/simulations
/// with the real simulator (AllocationContext on SQLite). Both used to trap on kroner × 100 or on Σ lines.
@Suite("Gateway money input (LIM-R2)")
struct MoneyInputTests {
    static let form = "region=agder&year=2025&scheme=ksi&method=needsBased&split=equal&frameKroner="

    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestDatabase.with(.sqlite) { database in
            let reference = try TestRegion.reference()
            let allocation = AllocationContext(
                database: database,
                reference: reference,
                time: FixedTimeSource(date: GovernanceFixtures.today),
                needsReports: NeedsContext(
                    database: database,
                    reference: reference,
                    time: FixedTimeSource(date: GovernanceFixtures.today)
                )
            )
            let views = GatewayViews(
                source: FixtureViewDataSource(needsDown: false),
                simulator: ContextViewSimulator(allocation: allocation),
                reference: reference,
                time: FixedTimeSource(date: LocalDate(year: 2025, month: 6, day: 2))
            )
            let app = Application(
                router: try GatewayRouter.router(
                    views: views,
                    commands: nil,
                    authentication: .fixed(orgNumber: HTTPFixture.org(.sfCaseworker))
                )
            )
            try await app.test(.router, body)
        }
    }

    /// Posts the simulator form as a browser would: with the CSRF pair its form page handed out (FormProtection).
    func post(_ client: any TestClientProtocol, frameKroner: String) async throws -> (HTTPResponse.Status, String) {
        let session = try await client.execute(uri: "/simulator", method: .get) { try FormSession(response: $0) }
        return try await client.execute(
            uri: "/simulator",
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: session.cookie],
            body: ByteBuffer(string: "\(session.field)&" + Self.form + frameKroner)
        ) { ($0.status, String(buffer: $0.body)) }
    }

    @Test("LIM-R2 a frame above 10 000 000 000 kr on the form answers 422 with a Norwegian message and keeps the input")
    func formAboveBound() async throws {
        try await withApp { client in
            // 92 233 720 368 547 759 kr × 100 used to overflow; 20-digit and 400-digit inputs are not Int64 at all.
            for typed in [
                "92233720368547759", "10000000001", "99999999999999999999", String(repeating: "9", count: 400),
            ] {
                let (status, html) = try await post(client, frameKroner: typed)
                #expect(status == .unprocessableContent, "\(typed.prefix(30))")
                #expect(html.contains("Rammen må være mellom 0 og 10 000 000 000 kr."))
                #expect(html.contains(#"name="frameKroner" inputmode="numeric" value="\#(typed)""#))
                #expect(html.contains(#"<html lang="nb">"#))
            }
        }
    }

    @Test("LIM-R2 the bound itself is accepted; text that is not kroner is 400 with its own message")
    func formAtBoundAndMalformed() async throws {
        try await withApp { client in
            let (status, html) = try await post(client, frameKroner: "10+000+000+000")
            #expect(status == .ok)
            #expect(html.contains(#"data-figure="V12.result.scenarios.0.remainingOre" value="1000000000000""#))
            let (malformedStatus, malformed) = try await post(client, frameKroner: "ti+kroner")
            #expect(malformedStatus == .badRequest)
            #expect(malformed.contains("Rammen må være et helt antall kroner"))
            #expect(malformed.contains(#"value="ti kroner""#))
        }
    }

    @Test(
        "LIM-R2 POST /api/v1/simulations with line amounts whose sum used to overflow answers 400 naming each line (JSON paths)"
    )
    func apiLinesAboveBound() async throws {
        let line =
            #"{"draftLineRef":"a","recipientOrgId":"x","recipientType":"RECIPIENT_TYPE_OWNER","amountOre":4611686018427387904}"#
        let body =
            #"{"governorOfficeId":"agder","scheme":"SCHEME_KSI","year":2025,"frameOre":100000,"draftLines":[\#(line),\#(line)]}"#
        try await withApp { client in
            try await client.execute(
                uri: "/api/v1/simulations",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try HTTPFixture.json(response.body)["error"] as? [String: Any])
                #expect(HTTPFixture.reason(error) == "LIM-R2")
                #expect(HTTPFixture.violations(error).map(\.rule) == ["LIM-R2", "LIM-R2"])
                #expect(
                    HTTPFixture.violations(error).map(\.field) == [
                        "draftLines[0].amountOre", "draftLines[1].amountOre",
                    ]
                )
            }
            // Within the bound the same request is answered, so the process is alive and the path is the real one.
            let fine = body.replacingOccurrences(of: "4611686018427387904", with: "100000000000")
            try await client.execute(
                uri: "/api/v1/simulations",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: fine)
            ) { response in
                #expect(response.status == .ok)
                let result = try #require(try HTTPFixture.json(response.body)["result"] as? [String: Any])
                let scenarios = try #require(result["scenarios"] as? [[String: Any]])
                #expect(scenarios.first?["totalLinesOre"] as? String == "200000000000")
            }
        }
    }

    @Test(
        "LIM-R2 POST /api/v1/simulations: a frame above the bound is 400 on frameOre; a JSON number beyond Int64 is 400, never a trap"
    )
    func apiFrame() async throws {
        @Sendable func body(_ frame: String) -> String {
            #"{"governorOfficeId":"agder","scheme":"SCHEME_KSI","year":2025,"frameOre":\#(frame),"methods":[{"method":"ALLOCATION_METHOD_NEEDS_BASED"}]}"#
        }
        try await withApp { client in
            try await client.execute(
                uri: "/api/v1/simulations",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: body("1000000000001"))
            ) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try HTTPFixture.json(response.body)["error"] as? [String: Any])
                #expect(HTTPFixture.violations(error).map(\.field) == ["frameOre"])
                #expect(HTTPFixture.violations(error).map(\.rule) == ["LIM-R2"])
            }
            // The same bounds hold for an int64 sent as a decimal string (proto3 JSON accepts both).
            for frame in [
                "99999999999999999999", "1e30", "9223372036854775808", "-9223372036854775809",
                #""9223372036854775808""#, #""1.5""#, #""12abc""#,
            ] {
                try await client.execute(
                    uri: "/api/v1/simulations",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: body(frame))
                ) { response in
                    #expect(response.status == .badRequest, "\(frame)")
                }
            }
            for frame in ["1000000000000", #""1000000000000""#] {  // a number or a decimal string
                try await client.execute(
                    uri: "/api/v1/simulations",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: body(frame))
                ) { response in
                    #expect(response.status == .ok, "\(frame)")
                }
            }
        }
    }
}
