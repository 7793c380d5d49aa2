import Foundation
import GRPCCore
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// The gateway's gRPC listener is a `GRPCServerService` like the services': the same stream limit,
/// health and TLS policy hold there (docs/security.md, "gRPC listeners"; issue 11 item 5).
@Suite("Gateway gRPC listener")
struct GatewayListenerTests {
    @Test(
        "256 concurrent calls on ONE grpcio channel to the gateway all succeed; TLS policy holds; health NOT_FOUND for unserved names"
    )
    func gatewayListener() async throws {
        try await TestStack.with(withGateway: true) { stack in
            let port = "\(stack.gatewayPort)"
            let certs = stack.pki.directory.path
            let concurrent = try await TransportCheck.run(["concurrent", certs, "statsforvalter-agder", port, "256"])
            #expect(concurrent["codes"] as? [String: Int] == ["OK": 256], "\(concurrent)")
            let tls = try await TransportCheck.run(["tls", certs, "statsforvalter-agder", port])
            #expect((tls["tls12_aead"] as? [String: Any])?["ok"] as? Bool == true, "\(tls)")
            #expect((tls["tls12_cbc"] as? [String: Any])?["ok"] as? Bool == false, "\(tls)")
            #expect((tls["tls11"] as? [String: Any])?["ok"] as? Bool == false, "\(tls)")
            try await stack.gatewayClient(as: "statsforvalter-agder", person: DemoPersons.dashboardDefault) { gateway in
                let health = HealthClient(wrapping: gateway.client)
                let served = try await health.check(
                    .with { $0.service = GatewayServiceMethods.serviceName },
                    options: .timeout(.seconds(10))
                )
                #expect(served.status == .serving)
                let error = await #expect(throws: RPCError.self) {
                    try await health.check(
                        .with { $0.service = "ksi.v1.NeedsService" },
                        options: .timeout(.seconds(10))
                    )
                }
                #expect(error?.code == .notFound)
            }
        }
    }
}
