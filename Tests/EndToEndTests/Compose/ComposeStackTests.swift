import Foundation
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import Testing

/// The compose stack's wiring without Docker: every service's command from compose.yaml, started
/// natively with the environment compose declares (NativeComposeStack), must come up healthy and
/// give a gateway that answers over gRPC and HTTPS; SIGTERM must stop every process cleanly.
@Suite("compose.yaml started natively", .serialized)
struct ComposeStackTests {
    @Test(
        "compose's commands and environment bring up the whole stack: init services complete, every health check passes, the gateway answers, SIGTERM stops all cleanly"
    )
    func theStackComesUpAndStopsCleanly() async throws {
        let (answers, exits) = try await NativeComposeStack.run { stack in
            // The one-shot init services completed and left what the others mount: each container can
            // read its own private keys and no other (the CA key only in `certs`).
            let certs = try #require(stack.volumes["certs-demo"])
            for file in ["ca.pem", "statsforvalter-agder.pem", "statsforvalter-agder-key.pem"] {
                #expect(
                    FileManager.default.fileExists(atPath: certs.appendingPathComponent(file).path),
                    "certs-demo volume lacks \(file)"
                )
            }
            let keys = try runProgram(
                RepositoryPaths.python,
                [
                    ComposeFile.checkScript, "private-keys", ComposeFile.path.path,
                    stack.root.appendingPathComponent("volumes").path,
                ]
            )
            let exposed = try JSONDecoder().decode([String: [String]].self, from: Data(keys.output.utf8))
            var expected: [String: [String]] = [
                "referral-key": [], "postgres": ["certs-postgres:postgres-server-key.pem"],
            ]
            for name in ["needs", "partnerships", "allocation", "referral", "gateway"] {
                expected[name] = ["certs-\(name):\(name)-client-key.pem", "certs-\(name):\(name)-server-key.pem"]
            }
            for (name, own) in expected {
                #expect(exposed[name] == own, "\(name) can read \(exposed[name] ?? [])")
            }
            #expect(exposed["certs"]?.contains("pki:ca-key.pem") == true, "\(exposed["certs"] ?? [])")
            #expect(exposed.filter { $0.key != "certs" }.values.joined().allSatisfy { !$0.hasSuffix("ca-key.pem") })
            let keyFile = try #require(stack.volumes["referral-keys"]).appendingPathComponent("referral-keys.txt")
            let keyRing = try String(contentsOf: keyFile, encoding: .utf8)
            let keyLine = try #require(keyRing.split(separator: "\n").first { !$0.hasPrefix("#") })
            #expect(keyLine.hasPrefix("compose-1:"))
            #expect(Data(base64Encoded: String(keyLine.dropFirst("compose-1:".count)))?.count == 32)
            let mode = try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            // Every long-running service is healthy by its own declared check (the gateway was
            // started only after the four services passed theirs).
            var health: [String: String] = [:]
            for name in ["needs", "partnerships", "allocation", "referral", "gateway"] {
                try await stack.waitUntilHealthy(name)
                health[name] = try stack.runHealthCheck(name).output.trimmingCharacters(in: .whitespacesAndNewlines)
            }

            // The published port is the gateway's HTTPS API: a demo organisation's certificate gets
            // the OpenAPI document; a client without a certificate is refused.
            let gateway = try #require(stack.compose.services["gateway"])
            let published = try #require(gateway.ports?.first?.split(separator: ":").last.flatMap { Int($0) })
            let port = try #require(stack.ports["gateway"]?[published])
            let url = "https://127.0.0.1:\(port)/api/v1/openapi.json"
            let ca = certs.appendingPathComponent("ca.pem").path
            let withCertificate = try runProgram(
                RepositoryPaths.python,
                [
                    ComposeFile.checkScript, "https-get", url, ca,
                    certs.appendingPathComponent("statsforvalter-agder.pem").path,
                    certs.appendingPathComponent("statsforvalter-agder-key.pem").path,
                ]
            )
            let withoutCertificate = try runProgram(
                RepositoryPaths.python,
                [ComposeFile.checkScript, "https-get", url, ca]
            )

            // The gateway reaches all four services at the addresses compose gives it: two views
            // whose sections come from needs, partnerships, allocation and referral.
            // As the demo caseworker, with a token from the development issuer `ksi certs` left next to the CA (AUTH-R1).
            let caseworker = try #require(
                DemoRegion.referenceDataSet().persons.first { $0.id == DemoPersons.dashboardDefault }
            )
            let token = try await DevelopmentTokenIssuer(directory: certs).mint(pid: caseworker.pid)
            var views: [ProcessResult] = []
            for view in ["overview", "referral-queue"] {
                views.append(
                    try runProgram(
                        RepositoryPaths.python,
                        [
                            ComposeFile.checkScript, "https-get",
                            "https://127.0.0.1:\(port)/api/v1/regions/agder/\(view)?year=2025", ca,
                            certs.appendingPathComponent("statsforvalter-agder.pem").path,
                            certs.appendingPathComponent("statsforvalter-agder-key.pem").path,
                            token,
                        ]
                    )
                )
            }
            return (health, withCertificate, withoutCertificate, views, stack.log("gateway"))
        }
        let (health, withCertificate, withoutCertificate, views, gatewayLog) = answers
        let allServing: [String: String] = [
            "needs": "serving", "partnerships": "serving", "allocation": "serving", "referral": "serving",
            "gateway": "serving",
        ]
        #expect(health == allServing)

        let lines = withCertificate.output.split(separator: "\n", maxSplits: 1).map(String.init)
        #expect(
            withCertificate.status == 0 && lines.first == "200",
            "\(withCertificate.output.prefix(400))\n\(gatewayLog)"
        )
        let document = try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any]
        #expect((document?["openapi"] as? String)?.hasPrefix("3.1") == true)
        #expect((document?["paths"] as? [String: Any])?.isEmpty == false)

        let statusLine: String = withoutCertificate.output.split(separator: "\n").first.map(String.init) ?? ""
        let refusedStatuses: Set<String> = ["refused", "400", "401", "403"]
        let refused = refusedStatuses.contains(statusLine) || statusLine.hasPrefix("refused")
        #expect(
            refused,
            "a request without a client certificate was answered: \(withoutCertificate.output.prefix(300))"
        )

        var sections: [String: Bool] = [:]
        for view in views {
            let parts = view.output.split(separator: "\n", maxSplits: 1).map(String.init)
            #expect(parts.first == "200", "\(view.output.prefix(400))")
            let object = try JSONSerialization.jsonObject(with: Data((parts.last ?? "").utf8)) as? [String: Any] ?? [:]
            for (key, value) in object where key.hasSuffix("Section") {
                sections[key] = ((value as? [String: Any])?["available"] as? Bool ?? false) && (sections[key] ?? true)
            }
        }
        let allAvailable: [String: Bool] = [
            "needsSection": true, "partnershipsSection": true, "allocationSection": true, "referralSection": true,
        ]
        #expect(sections == allAvailable, "\(views.map { $0.output.prefix(600) })")

        let cleanExits: [String: NativeComposeStack.Exit] = [
            "needs": .exited(0), "partnerships": .exited(0), "allocation": .exited(0), "referral": .exited(0),
            "gateway": .exited(0),
        ]
        #expect(exits == cleanExits)
    }
}
