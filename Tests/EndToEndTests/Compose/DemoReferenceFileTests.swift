import Foundation
import KSICore
import KSIDemoData
import KSITestSupport
import Testing

/// deploy/demo-reference.json: the demo region's reference data (the Agder kommuner, owners, units,
/// PPT offices and the demo organisations `ksi certs` issues certificates for), which compose.yaml
/// gives every service and the gateway as KSI_REFERENCE_DATA, so the demo certificates are known
/// callers in the compose stack as in `ksi dev`.
@Suite("deploy/demo-reference.json")
struct DemoReferenceFileTests {
    static let file = RepositoryPaths.root.appendingPathComponent("deploy/demo-reference.json")

    @Test(
        "the file is exactly DemoRegion.referenceDataSet() (rewrite it with KSI_WRITE_DEMO_REFERENCE=1 after changing the demo region)"
    )
    func fileMatchesTheDemoRegion() throws {
        let expected = DemoRegion.referenceDataSet()
        if ProcessInfo.processInfo.environment["KSI_WRITE_DEMO_REFERENCE"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try encoder.encode(expected).write(to: Self.file)
        }
        let stored = try JSONDecoder().decode(ReferenceDataSet.self, from: Data(contentsOf: Self.file))
        #expect(
            stored == expected,
            "deploy/demo-reference.json is stale: run KSI_WRITE_DEMO_REFERENCE=1 swift test --skip-build --filter DemoReferenceFileTests"
        )
        // Every demo organisation with a client certificate is in it.
        let orgNumbers = Set(stored.organisations.map(\.orgNumber))
        #expect(!DemoRegion.identities.isEmpty)
        #expect(DemoRegion.identities.allSatisfy { orgNumbers.contains($0.orgNumber) })
    }

    @Test("compose gives the four services and the gateway this file as KSI_REFERENCE_DATA, mounted read-only")
    func composeMountsIt() throws {
        let compose = try ComposeFile.load()
        for name in ["needs", "partnerships", "allocation", "referral", "gateway"] {
            let service = try #require(compose.services[name])
            #expect(service.env["KSI_REFERENCE_DATA"] == "/etc/ksi/reference.json", "\(name)")
            #expect(
                service.volumes?.contains("./deploy/demo-reference.json:/etc/ksi/reference.json:ro") == true,
                "\(name)"
            )
        }
        // Another registry export replaces it through KSI_REFERENCE_FILE on the host.
        let other = try ComposeFile.load(variables: ["KSI_REFERENCE_FILE": "./my-registry.json"])
        #expect(other.services["gateway"]?.volumes?.contains("./my-registry.json:/etc/ksi/reference.json:ro") == true)
    }
}
