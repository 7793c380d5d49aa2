import Foundation
import GRPCCore
import KSICore
import KSIDemoData
import Services
import StackTestSupport
import Testing

/// The gateway's HTTPS API resolves each request's caller in the live registry (issue 12): an organisation
/// imported through AllocationService is accepted without restarting the gateway.
@Suite("The live registry over the gateway's HTTPS API")
struct RegistryOverHTTPSTests {
    @Test("an organisation imported through UpsertReferenceData is accepted over HTTPS within seconds, without restart")
    func importedOrganisationAcceptedOverHTTPS() async throws {
        try await TestStack.with(withGateway: true) { stack in
            let orgNumber = OrgNumber.fictitious(8_810_080).value
            try stack.pki.create(clients: [.init(name: "ny-https-organisasjon", orgNumber: orgNumber)])
            let path = "/api/v1/regions/\(DemoRegion.governorOfficeId)/transparency?year=2025"
            // The HTTPS listener reports no health of its own: retry the first request until it accepts connections.
            var connected: StackHTTPSClient.Reply?
            for _ in 0..<100 where connected == nil {
                connected = try? await StackHTTPSClient.with(stack, as: "ny-https-organisasjon") {
                    try await $0.get(path)
                }
                if connected == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let before = try #require(connected)
            #expect(before.status == .forbidden, "\(before.text)")

            let udir = DemoRegion.identities.first { $0.name == "udir" }!.orgNumber
            let imported = try await stack.client(.allocation, as: "gateway-client") { client in
                try await AllocationServiceClient(wrapping: client).upsertReferenceData(
                    .with {
                        $0.requestId = "https-registry-1"
                        $0.data = ReferenceDataSet.with {
                            $0.organisations = [
                                Organisation.with {
                                    $0.id = "org-ny-https"
                                    $0.orgNumber = orgNumber
                                    $0.name = "Ny organisasjon over HTTPS"
                                    $0.kind = .other
                                    $0.roleGrants = [RoleGrant(.public)]
                                }
                            ]
                        }
                    },
                    metadata: stack.metadata(
                        for: Caller(orgNumber: udir, grants: [RoleGrant(.udirAdmin)], personId: "demo-udir")
                    ),
                    options: .timeout(.seconds(10))
                )
            }
            // Bounded wait for the gateway's follower (2 s interval), then the same request succeeds.
            let registry = stack.gateway!.registry
            let clock = ContinuousClock()
            let end = clock.now.advanced(by: .seconds(30))
            while registry.importVersion < imported.datasetVersion && clock.now < end {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(registry.importVersion >= imported.datasetVersion)
            let after = try await StackHTTPSClient.with(stack, as: "ny-https-organisasjon") { try await $0.get(path) }
            #expect(after.status == .ok, "\(after.text)")
        }
    }
}
