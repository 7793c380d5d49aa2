import Foundation
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// The HTTPS API speaks protobuf's canonical proto3 JSON mapping (docs/gateway-http.md), checked against
/// protobuf's own JSON library: real responses of the running gateway go through Python's
/// `json_format.Parse(…, ignore_unknown_fields=False)` into classes generated from protos/ and back through
/// `MessageToJson` unchanged (scripts/protojson_check.py), and bodies that `MessageToJson` writes are accepted.
@Suite("Gateway JSON is canonical proto3 JSON (Python json_format)", .serialized)
struct ProtoJSONInteropTests {
    /// Runs scripts/protojson_check.py with `arguments`; (exit status, output).
    static func check(_ arguments: [String]) throws -> ProcessResult {
        let script = RepositoryPaths.root.appendingPathComponent("scripts/protojson_check.py").path
        return try runProgram(RepositoryPaths.python, [script] + arguments)
    }

    /// `json` parsed as `message` by json_format and written back by MessageToJson (with proto field names
    /// when `protoNames`): what a Python client sends.
    static func pythonEncoded(_ message: String, _ json: String, protoNames: Bool, in dir: URL) throws -> String {
        let input = dir.appendingPathComponent("in-\(UUID().uuidString).json")
        let output = dir.appendingPathComponent("out-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: input)
        let run = try check(["encode", message, input.path, output.path] + (protoNames ? ["proto-names"] : []))
        #expect(run.status == 0, "\(run.output)")
        return try String(contentsOf: output, encoding: .utf8)
    }

    @Test(
        "real responses (needs report, referral progress, views, a feed page, a simulation) round-trip through json_format unchanged; MessageToJson bodies, with lowerCamelCase or proto names, are accepted"
    )
    func roundTripThroughJSONFormat() async throws {
        let dir = try RepositoryPaths.temporaryDirectory("protojson")
        defer { try? FileManager.default.removeItem(at: dir) }
        let responses: [(message: String, body: Data)] = try await TestStack.with(
            today: CommandRoutesTests.today,
            withGateway: true
        ) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            let (round, assessment) = try await CommandRoutesTests.prepareRound(stack)
            var responses: [(message: String, body: Data)] = []
            responses += try await StackHTTPSClient.with(
                stack,
                as: "kommune-kristiansand",
                personId: "demo-eier-owner-4204"
            ) { https in
                var responses: [(message: String, body: Data)] = []
                // What a Python client writes with json_format: lowerCamelCase keys, int64 as strings …
                let draft = CommandRoutesTests.needsReportJSON(
                    requestId: "pj-report-1",
                    round: round,
                    assessment: assessment
                )
                let camel = try Self.pythonEncoded("ksi.v1.CreateNeedsReportRequest", draft, protoNames: false, in: dir)
                #expect(camel.contains(#""requestedAmountOre": "50000000""#), "\(camel)")
                let created = try await https.post("/api/v1/needsReports", json: camel)
                #expect(created.status == .ok, "\(created.text)")
                responses.append(("ksi.v1.NeedsReport", created.body))
                // … or, with preserving_proto_field_name, the proto names (snake_case): the same report.
                let other = CommandRoutesTests.needsReportJSON(
                    requestId: "pj-report-2",
                    round: round,
                    assessment: assessment
                )
                let snake = try Self.pythonEncoded("ksi.v1.CreateNeedsReportRequest", other, protoNames: true, in: dir)
                #expect(
                    snake.contains(#""requested_amount_ore": "50000000""#) && snake.contains(#""lead_owner_id""#),
                    "\(snake)"
                )
                let second = try await https.post("/api/v1/needsReports", json: snake)
                #expect(second.status == .ok, "\(second.text)")
                let secondId = try #require(second.json?["id"] as? String)
                let secondVersion = try #require(second.json?["version"] as? String)
                // The submit in proto names too (`expected_version` as a decimal string).
                let submitted = try await https.post(
                    "/api/v1/needsReports/\(secondId):submit",
                    json: #"{"request_id":"pj-report-2-submit","expected_version":"\#(secondVersion)"}"#
                )
                #expect(submitted.status == .ok, "\(submitted.text)")
                #expect(submitted.json?["status"] as? String == "NEEDS_REPORT_STATUS_SUBMITTED")
                #expect(
                    submitted.json?["leadOwnerId"] as? String == CommandRoutesTests.kristiansand,
                    "the snake_case fields were read"
                )
                #expect(submitted.json?["requestedAmountOre"] as? String == "50000000", "\(submitted.text)")
                let id = try #require(submitted.json?["id"] as? String)
                responses.append(("ksi.v1.NeedsReport", try await https.get("/api/v1/needsReports/\(id)").body))
                responses.append(
                    (
                        "ksi.v1.RegionOverview",
                        try await https.get(
                            "/api/v1/regions/agder/overview?scheme=ksi&year=2025&breakdowns=sector,ownerType"
                        ).body
                    )
                )
                responses.append(
                    (
                        "ksi.v1.MunicipalityProfile",
                        try await https.get("/api/v1/municipalities/4204/profile?scheme=ksi&year=2025").body
                    )
                )
                responses.append(("ksi.v1.ListNeedsFeedResponse", try await https.get("/api/v1/feeds/needs").body))
                return responses
            }
            responses += try await StackHTTPSClient.with(
                stack,
                as: "ppt-kristiansand",
                personId: "demo-ppt-leder-ppt-4204"
            ) { https in
                let submitted = try await CommandRoutesTests.submitReferral(https)
                #expect(submitted.status == .ok, "\(submitted.text)")
                let id = try #require(submitted.json?["id"] as? String)
                return [("ksi.v1.ReferralProgress", try await https.get("/api/v1/referrals/\(id)/progress").body)]
            }
            responses += try await StackHTTPSClient.with(
                stack,
                as: "statsforvalter-agder",
                personId: DemoPersons.dashboardDefault
            ) { https in
                let body =
                    #"{"governorOfficeId":"agder","scheme":"SCHEME_KSI","year":2025,"frameOre":"100000000","#
                    + #""methods":[{"method":"ALLOCATION_METHOD_NEEDS_BASED"}],"splitRules":[{"kind":"OWNER_UH_SPLIT_RULE_KIND_EQUAL"}]}"#
                let simulation = try await https.post("/api/v1/simulations", json: body)
                #expect(simulation.status == .ok, "\(simulation.text)")
                return [("ksi.v1.AllocationSimulatorView", simulation.body)]
            }
            return responses
        }
        var arguments = ["roundtrip"]
        for (index, response) in responses.enumerated() {
            let file = dir.appendingPathComponent("\(index)-\(response.message).json")
            try response.body.write(to: file)
            arguments += [response.message, file.path]
        }
        #expect(responses.count == 7)
        let run = try Self.check(arguments)
        #expect(run.status == 0 && run.output.hasSuffix("ok\n"), "\(run.output)")
    }

    @Test("an unknown key is a 400 naming it by its JSON path; an int64 as a string and as a number both work")
    func unknownKeysAndInt64Forms() async throws {
        try await TestStack.with(today: CommandRoutesTests.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            let (round, assessment) = try await CommandRoutesTests.prepareRound(stack)
            try await StackHTTPSClient.with(stack, as: "kommune-kristiansand", personId: "demo-eier-owner-4204") {
                https in
                let body = CommandRoutesTests.needsReportJSON(
                    requestId: "pj-unknown-1",
                    round: round,
                    assessment: assessment
                )
                for (misspelt, field) in [
                    (body.replacingOccurrences(of: #""roundId":"#, with: #""roundID":"#), "roundID"),
                    (
                        body.replacingOccurrences(
                            of: #""requestedYears":2"#,
                            with: #""requestedYears":2,"colour":"red""#
                        ), "content.colour"
                    ),
                    (
                        body.replacingOccurrences(
                            of: #""uhContactedOn":{"year":2024,"#,
                            with: #""uhContactedOn":{"yaer":1,"year":2024,"#
                        ),
                        "content.uhContactedOn.yaer"
                    ),
                ] {
                    let refused = try await https.post("/api/v1/needsReports", json: misspelt)
                    #expect(refused.status == .badRequest, "\(field): \(refused.text)")
                    #expect(refused.violations.map(\.field) == [field], "\(refused.violations)")
                    #expect(refused.violations.map(\.rule) == ["COM-INPUT"])
                    #expect(refused.text.contains("unknown field"), "\(refused.text)")
                }
                // Nothing of the refused bodies was stored.
                let stored = try await stack.client(.needs, as: "kommune-kristiansand", person: "demo-eier-owner-4204")
                { client in
                    try await NeedsServiceClient(wrapping: client).listNeedsReports(.with { $0.roundId = round })
                }
                #expect(stored.items.isEmpty, "\(stored.items.map(\.id))")

                // expectedVersion (int64) as a decimal string and as a JSON number.
                for (index, quoted) in [true, false].enumerated() {
                    let draft = try await https.post(
                        "/api/v1/needsReports",
                        json: CommandRoutesTests.needsReportJSON(
                            requestId: "pj-int64-\(index)",
                            round: round,
                            assessment: assessment
                        )
                    )
                    #expect(draft.status == .ok, "\(draft.text)")
                    let id = try #require(draft.json?["id"] as? String)
                    let version = try #require(draft.json?["version"] as? String)
                    let expected = quoted ? "\"\(version)\"" : version
                    let submitted = try await https.post(
                        "/api/v1/needsReports/\(id):submit",
                        json: #"{"requestId":"pj-submit-\#(index)","expectedVersion":\#(expected)}"#
                    )
                    #expect(submitted.status == .ok, "\(expected): \(submitted.text)")
                    #expect(submitted.json?["status"] as? String == "NEEDS_REPORT_STATUS_SUBMITTED")
                }
            }
        }
    }
}
