import Foundation
import Hummingbird
import KSICore
import KSIDemoData
import KSITestSupport
import StackTestSupport
import Testing

@testable import Gateway

/// Errors on HTTPS are the JSON form of the same google.rpc.Status the services send (AIP-193;
/// docs/gateway-http.md "Errors"): each error kind provoked over the real stack, every body parsed by
/// protobuf's own `json_format.ParseDict` into `google.rpc.Status` with googleapis-common-protos'
/// detail types (scripts/aip193_parse.py), and the HTTP status from google/rpc/code.proto.
@Suite("AIP-193 errors over HTTPS")
struct ErrorModelHTTPSTests {
    /// One provoked error: what was sent and the reply.
    struct Case: Sendable {
        var name: String
        var reply: StackHTTPSClient.Reply
    }

    @Test(
        "every error kind is the AIP-193 google.rpc.Status JSON with the standard HTTP status, ErrorInfo (domain ksi.no) and the details of its kind, with JSON field paths; json_format parses each strictly"
    )
    func everyKind() async throws {
        let cases: [Case] = try await TestStack.with(today: CommandRoutesTests.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            let (round, assessment) = try await CommandRoutesTests.prepareRound(stack)
            var cases: [Case] = []
            cases += try await StackHTTPSClient.with(
                stack,
                as: "statsforvalter-agder",
                personId: DemoPersons.dashboardDefault
            ) { https in
                var cases: [Case] = []
                cases.append(
                    Case(name: "malformed query", reply: try await https.get("/api/v1/regions/agder/overview?year=abc"))
                )
                let simulation =
                    #"{"governorOfficeId":"agder","scheme":"SCHEME_KSI","year":2025,"frameOre":1000000000001,"#
                    + #""methods":[{"method":"ALLOCATION_METHOD_NEEDS_BASED"}],"draftLines":[{"draftLineRef":"a","amountOre":100},{"draftLineRef":"b","amountOre":-5}]}"#
                cases.append(Case(name: "rule", reply: try await https.post("/api/v1/simulations", json: simulation)))
                cases.append(
                    Case(name: "unknown embete", reply: try await https.get("/api/v1/regions/atlantis/overview"))
                )
                return cases
            }
            cases += try await StackHTTPSClient.with(
                stack,
                as: "kommune-kristiansand",
                personId: "demo-eier-owner-4204"
            ) { https in
                var cases: [Case] = []
                cases.append(Case(name: "refused", reply: try await https.get("/api/v1/regions/agder/referral-queue")))
                let draft = try await https.post(
                    "/api/v1/needsReports",
                    json: CommandRoutesTests.needsReportJSON(
                        requestId: "err-report",
                        round: round,
                        assessment: assessment
                    )
                )
                let id = try #require(draft.json?["id"] as? String, "\(draft.text)")
                let version = try #require(Int64(draft.json?["version"] as? String ?? ""))
                cases.append(
                    Case(
                        name: "stale version",
                        reply: try await https.post(
                            "/api/v1/needsReports/\(id):submit",
                            json: #"{"requestId":"err-submit-0","expectedVersion":\#(version + 3)}"#
                        )
                    )
                )
                let submitted = try await https.post(
                    "/api/v1/needsReports/\(id):submit",
                    json: #"{"requestId":"err-submit-1","expectedVersion":\#(version)}"#
                )
                #expect(submitted.status == .ok, "\(submitted.text)")
                let next = try #require(Int64(submitted.json?["version"] as? String ?? ""))
                cases.append(
                    Case(
                        name: "illegal transition",
                        reply: try await https.post(
                            "/api/v1/needsReports/\(id):submit",
                            json: #"{"requestId":"err-submit-2","expectedVersion":\#(next)}"#
                        )
                    )
                )
                cases.append(
                    Case(
                        name: "not found",
                        reply: try await https.get("/api/v1/needsReports/\(UUID().uuidString.lowercased())")
                    )
                )
                return cases
            }
            cases += try await StackHTTPSClient.with(stack, as: "statsforvalter-agder", bearer: "not-a-jwt") { https in
                [Case(name: "unauthenticated", reply: try await https.get("/api/v1/regions/agder/overview"))]
            }
            return cases
        }

        let parsed = try await Self.parse(cases.map(\.reply.body))
        var byName: [String: [String: Any]] = [:]
        for (index, item) in cases.enumerated() {
            let status = parsed[index]
            byName[item.name] = status
            // The JSON code is the HTTP status of the reply; ErrorInfo is always there, in the KSI domain.
            #expect(status["code"] as? Int == Int(item.reply.status.code), "\(item.name): \(item.reply.text)")
            #expect(
                Self.detail(status, "ErrorInfo")?["domain"] as? String == "ksi.no",
                "\(item.name): \(item.reply.text)"
            )
            #expect(
                Self.detail(status, "RequestInfo")?["requestId"] as? String == item.reply.headers[RequestID.header],
                "\(item.name)"
            )
        }
        func expectKind(_ name: String, http: Int, status: String, reason: String) {
            let item = byName[name]
            #expect(item?["code"] as? Int == http && item?["status"] as? String == status, "\(name): \(item ?? [:])")
            #expect(Self.detail(item, "ErrorInfo")?["reason"] as? String == reason, "\(name): \(item ?? [:])")
        }
        expectKind("malformed query", http: 400, status: "INVALID_ARGUMENT", reason: "INVALID_ARGUMENT")
        #expect(Self.fieldViolations(byName["malformed query"]).map(\.field) == ["year"])
        // A rule violation is INVALID_ARGUMENT → 400 (not 422); the rule is the reason, each field a JSON path.
        expectKind("rule", http: 400, status: "INVALID_ARGUMENT", reason: "LIM-R2")
        #expect(
            Set(Self.fieldViolations(byName["rule"]).map { "\($0.rule) \($0.field)" }) == [
                "LIM-R2 frameOre", "LIM-R2 draftLines[1].amountOre",
            ]
        )
        expectKind("unknown embete", http: 404, status: "NOT_FOUND", reason: "NOT_FOUND")
        #expect(Self.detail(byName["unknown embete"], "ResourceInfo")?["resourceName"] as? String == "atlantis")
        expectKind("refused", http: 403, status: "PERMISSION_DENIED", reason: "NOT_PERMITTED")
        expectKind("stale version", http: 409, status: "ABORTED", reason: "VERSION_CONFLICT")
        let version = (Self.detail(byName["stale version"], "PreconditionFailure")?["violations"] as? [[String: Any]])?
            .first
        #expect(
            version?["type"] as? String == "VERSION"
                && (version?["subject"] as? String)?.hasPrefix("needs report/") == true,
            "\(version ?? [:])"
        )
        expectKind("illegal transition", http: 400, status: "FAILED_PRECONDITION", reason: "ILLEGAL_TRANSITION")
        let state =
            (Self.detail(byName["illegal transition"], "PreconditionFailure")?["violations"] as? [[String: Any]])?.first
        #expect(state?["type"] as? String == "STATE", "\(state ?? [:])")
        #expect(
            (Self.detail(byName["illegal transition"], "ErrorInfo")?["metadata"] as? [String: Any])?["state"] as? String
                == "submitted"
        )
        expectKind("not found", http: 404, status: "NOT_FOUND", reason: "NOT_FOUND")
        #expect(Self.detail(byName["not found"], "ResourceInfo")?["resourceType"] as? String == "needs report")
        expectKind("unauthenticated", http: 401, status: "UNAUTHENTICATED", reason: "AUTH-R1")
        #expect(Self.fieldViolations(byName["unauthenticated"]).map(\.field) == ["authorization"])
    }

    /// The bodies through scripts/aip193_parse.py (json_format.ParseDict into google.rpc.Status).
    static func parse(_ bodies: [Data]) async throws -> [[String: Any]] {
        let dir = try RepositoryPaths.temporaryDirectory("aip193")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bodies.json")
        let array = try bodies.map { try JSONSerialization.jsonObject(with: $0) }
        try JSONSerialization.data(withJSONObject: array).write(to: file)
        let script = RepositoryPaths.root.appendingPathComponent("scripts/aip193_parse.py").path
        let result = try await runProgramOffPool(RepositoryPaths.python, [script, file.path])
        #expect(result.status == 0, "\(result.output)")
        let parsed = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]]
        return try #require(parsed, "\(result.output)")
    }

    static func detail(_ status: [String: Any]?, _ type: String) -> [String: Any]? {
        (status?["details"] as? [[String: Any]] ?? []).first { $0["type"] as? String == "google.rpc." + type }
    }

    static func fieldViolations(_ status: [String: Any]?) -> [(field: String, rule: String)] {
        (detail(status, "BadRequest")?["fieldViolations"] as? [[String: Any]] ?? []).map {
            ($0["field"] as? String ?? "", String(($0["description"] as? String ?? "").prefix { $0 != ":" }))
        }
    }
}
