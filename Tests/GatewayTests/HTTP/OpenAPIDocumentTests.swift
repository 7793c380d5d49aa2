import Foundation
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Testing

@testable import Gateway

/// The OpenAPI 3.1 document says what the server really serves: it validates, it lists exactly the
/// router's `/api/v1` routes, and real responses validate against the schemas it names.
@Suite("Gateway OpenAPI document")
struct OpenAPIDocumentTests {
    func router() throws -> Router<GatewayRequestContext> {
        let commands = GatewayCommands(
            needs: { _ in fatalError("not called") },
            referral: { _ in fatalError("not called") },
            partnerships: { _ in fatalError("not called") },
            allocation: { _ in fatalError("not called") }
        )
        return try GatewayRouter.router(
            views: try HTTPFixture.views(),
            commands: commands,
            authentication: .fixed(orgNumber: HTTPFixture.org(.sfCaseworker))
        )
    }

    func fetch(
        _ uri: String,
        method: HTTPRequest.Method = .get,
        body: String? = nil
    ) async throws -> (HTTPResponse.Status, Data) {
        let app = Application(router: try router())
        return try await app.test(.router) { client in
            try await client.execute(
                uri: uri,
                method: method,
                headers: body == nil ? [:] : [.contentType: "application/json"],
                body: body.map { ByteBuffer(string: $0) }
            ) { response in
                (response.status, Data(response.body.readableBytesView))
            }
        }
    }

    /// "GET /api/v1/regions/{governorOfficeId}/overview" for every operation in the document.
    func documentedRoutes(_ spec: [String: Any]) throws -> Set<String> {
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        var out = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys { out.insert("\(method.uppercased()) \(path)") }
        }
        return out
    }

    @Test(
        "every /api/v1 route (the router's views and every transcoded RPC) is in the document, and every documented operation is served"
    )
    func routesMatchDocument() async throws {
        let (status, data) = try await fetch("/api/v1/openapi.json")
        #expect(status == .ok)
        let spec = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        // Hummingbird describes a captured segment as `{name}`, as OpenAPI does; the transcoded RPCs are the bindings.
        let routed = Set(try router().routes.map { "\($0.method) \($0.path)" }.filter { $0.contains(" /api/v1/") })
        let transcoded = Set(HTTPBindings.all.map { "\($0.method) \($0.path)" })
        let documented = try documentedRoutes(spec)
        #expect(
            routed.union(transcoded) == documented,
            "only served: \(routed.union(transcoded).subtracting(documented)); only documented: \(documented.subtracting(routed.union(transcoded)))"
        )
        // Views V1, V3–V11, V13 for an embete and nationally (11 × 2), V2, V12, the document itself, and every RPC
        // of the four context services in protos/ (counted here from the proto files, not from the bindings).
        let rpcs = try ["needs", "partnerships", "allocation", "referral"].reduce(0) { count, file in
            let text = try String(
                contentsOf: RepositoryPaths.root.appendingPathComponent("protos/ksi/v1/\(file).proto"),
                encoding: .utf8
            )
            return count
                + text.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("rpc ") }.count
        }
        #expect(rpcs > 200)
        #expect(documented.count == 11 * 2 + 1 + 1 + 1 + rpcs)
        #expect(documented.contains("GET /api/v1/regions/{governorOfficeId}/overview"))
        #expect(documented.contains("POST /api/v1/needsReports"))
        #expect(documented.contains("POST /api/v1/needsReports/{needs_report_id}:submit"))
        for feed in ["needs", "partnerships", "allocation", "referrals"] {
            #expect(documented.contains("GET /api/v1/feeds/\(feed)"), "issue 13: the \(feed) event feed")
        }
    }

    @Test(
        "the transcoder serves each documented RPC: its path with sample values reaches the binding of its operationId, and nothing else does"
    )
    func documentedPathsReachTheirBinding() async throws {
        let (_, data) = try await fetch("/api/v1/openapi.json")
        let spec = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(spec["paths"] as? [String: [String: [String: Any]]])
        var checked = 0
        for (path, methods) in paths {
            for (method, operation) in methods {
                guard let tags = operation["tags"] as? [String], tags.contains(where: { $0.hasSuffix("Service") })
                else { continue }
                // Each path variable becomes a value with characters a client must encode or may send raw (`:`).
                let filled = path.replacingOccurrences(
                    of: #"\{[a-z_]+\}"#,
                    with: "v%20a:1",
                    options: .regularExpression
                )
                let match = TranscodingMiddleware.match(
                    HTTPBindings.all,
                    method: HTTPRequest.Method(method.uppercased())!,
                    path: filled
                )
                #expect(
                    match?.0.operationId == operation["operationId"] as? String,
                    "\(method) \(path) → \(match?.0.rpc ?? "nothing")"
                )
                if let (binding, variables) = match {
                    #expect(
                        Set(variables.keys) == Set(binding.template.variables)
                            && variables.values.allSatisfy { $0 == "v a:1" },
                        "\(variables)"
                    )
                }
                checked += 1
            }
        }
        #expect(checked == HTTPBindings.all.count)
        #expect(TranscodingMiddleware.match(HTTPBindings.all, method: .get, path: "/api/v1/needsReports/x/y") == nil)
        #expect(
            TranscodingMiddleware.match(HTTPBindings.all, method: .post, path: "/api/v1/needsReports/x:nosuchverb")
                == nil
        )
        #expect(
            TranscodingMiddleware.match(HTTPBindings.all, method: .post, path: "/api/v1/needsReports/:submit") == nil
        )
    }

    @Test(
        "operations with a body document 413 (LIM-R8) and 415; every error is the AIP-193 google.rpc.Status form whose details carry the request id (RequestInfo)"
    )
    func bodyStatusesDocumented() async throws {
        let (_, data) = try await fetch("/api/v1/openapi.json")
        let spec = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(spec["paths"] as? [String: [String: [String: Any]]])
        var withBody = 0
        for (path, methods) in paths {
            for (method, operation) in methods {
                let responses = try #require(operation["responses"] as? [String: Any])
                let hasBody = operation["requestBody"] != nil
                if hasBody { withBody += 1 }
                #expect(
                    (responses["413"] != nil) == hasBody && (responses["415"] != nil) == hasBody,
                    "\(method) \(path)"
                )
            }
        }
        #expect(withBody >= 1)
        let schemas = try #require((spec["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let error = try #require(
            ((schemas["Error"] as? [String: Any])?["properties"] as? [String: Any])?["error"] as? [String: Any]
        )
        #expect(Set(error["required"] as? [String] ?? []) == ["code", "status"])
        let details =
            ((error["properties"] as? [String: Any])?["details"] as? [String: Any])?["items"] as? [String: Any]
        let types = ((details?["properties"] as? [String: Any])?["@type"] as? [String: Any])?["enum"] as? [String]
        #expect(types?.contains("type.googleapis.com/google.rpc.RequestInfo") == true)
        #expect(types?.contains("type.googleapis.com/google.rpc.ErrorInfo") == true)
    }

    @Test("the document is valid OpenAPI 3.1 and real responses validate against their schemas; a wrong body does not")
    func validates() async throws {
        let dir = try RepositoryPaths.temporaryDirectory("openapi")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (_, spec) = try await fetch("/api/v1/openapi.json")
        let (overviewStatus, overview) = try await fetch(
            "/api/v1/regions/agder/overview?scheme=ksi&year=2025&breakdowns=sector"
        )
        let (_, simulation) = try await fetch(
            "/api/v1/simulations",
            method: .post,
            body:
                #"{"governorOfficeId":"agder","frameOre":100,"methods":[{"method":"ALLOCATION_METHOD_NEEDS_BASED"}],"splitRules":[{"kind":"OWNER_UH_SPLIT_RULE_KIND_EQUAL"}]}"#
        )
        let (errorStatus, error) = try await fetch("/api/v1/regions/agder/overview?scheme=nope")
        #expect(overviewStatus == .ok && errorStatus == .badRequest)
        let files = [
            "spec": spec, "overview": overview, "simulation": simulation, "error": error,
            "wrong": Data(#"{"governorOfficeId":"agder","year":"twenty","colour":"red"}"#.utf8),
        ]
        for (name, data) in files { try data.write(to: dir.appendingPathComponent("\(name).json")) }
        let script = RepositoryPaths.root.appendingPathComponent("scripts/openapi_check.py").path
        let path = { (name: String) in dir.appendingPathComponent("\(name).json").path }
        let good = try runProgram(
            RepositoryPaths.python,
            [
                script, path("spec"), "RegionOverview", path("overview"),
                "AllocationSimulatorView", path("simulation"), "Error", path("error"),
            ]
        )
        #expect(good.status == 0, "\(good.output)")
        let bad = try runProgram(RepositoryPaths.python, [script, path("spec"), "RegionOverview", path("wrong")])
        #expect(bad.status != 0)
        #expect(bad.output.contains("year") && bad.output.contains("colour"))
    }

    @Test("the committed contract schemas are what scripts/generate-openapi-schemas makes from protos/ today")
    func schemasAreCurrent() throws {
        let dir = try RepositoryPaths.temporaryDirectory("openapi-schemas")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fresh = dir.appendingPathComponent("ContractSchemas.swift")
        let script = RepositoryPaths.root.appendingPathComponent("scripts/generate-openapi-schemas").path
        let run = try runProgram(RepositoryPaths.python, [script, fresh.path])
        #expect(run.status == 0, "\(run.output)")
        let committed = RepositoryPaths.root.appendingPathComponent(
            "Sources/Gateway/HTTP/OpenAPI/ContractSchemas.swift"
        )
        #expect(
            try String(contentsOf: fresh, encoding: .utf8) == String(contentsOf: committed, encoding: .utf8),
            "run scripts/generate-openapi-schemas and commit the result"
        )
    }
}
