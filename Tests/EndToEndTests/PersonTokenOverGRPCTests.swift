import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// AUTH-R1 and AUTH-R4 over real gRPC and mutual TLS: a person is only ever a verified token, and acts
/// only in the roles the registry gives that person for the organisation of the certificate.
@Suite("Person tokens over gRPC (AUTH-R1, AUTH-R4)")
struct PersonTokenOverGRPCTests {
    typealias Referral = ReferralServiceRemote<HTTP2ClientTransport.Posix>

    static func bearer(_ token: String) -> Metadata {
        var metadata = Metadata()
        metadata.addString("Bearer \(token)", forKey: "authorization")
        return metadata
    }

    static func pid(_ stack: TestStack, _ personId: String) throws -> String {
        try #require(stack.reference.person(id: personId)).pid
    }

    @Test(
        "a valid token acts as its person; a refused one is UNAUTHENTICATED naming AUTH-R1, on a service and on the gateway"
    )
    func refusedTokensAreUnauthenticated() async throws {
        try await TestStack.with(withGateway: true) { stack in
            let cases = try await HostileTokens.cases(
                stack.tokenIssuer,
                pid: try Self.pid(stack, "demo-statped-leder"),
                otherPid: try Self.pid(stack, "demo-statped-inntak")
            )
            #expect(cases.count >= 15)
            try await stack.client(.referral, as: "statped") { client in
                let service = ReferralServiceClient(wrapping: client)
                // The manager's token acts: the manager may read the audit records.
                let valid = Referral(service, metadata: stack.person("demo-statped-leder"))
                _ = try await valid.listAuditRecords(ListAuditRecordsRequest())
                for hostile in cases {
                    let remote = Referral(service, metadata: Self.bearer(hostile.token))
                    let error = await #expect(throws: RPCError.self, "\(hostile.name)") {
                        _ = try await remote.listAuditRecords(ListAuditRecordsRequest())
                    }
                    #expect(error?.code == .unauthenticated, "\(hostile.name): \(String(describing: error))")
                    #expect(error?.message.contains("AUTH-R1") == true, "\(hostile.name): \(String(describing: error))")
                    let violations = error.map(RPCStatusDetails.violations(of:)) ?? []
                    #expect(
                        violations.map { "\($0.field) \($0.ruleId)" } == ["authorization AUTH-R1"],
                        "\(hostile.name)"
                    )
                }
                // Not "Bearer": refused too, not ignored.
                var basic = Metadata()
                basic.addString("Basic ZGVtbzpkZW1v", forKey: "authorization")
                let error = await #expect(throws: RPCError.self) {
                    _ = try await Referral(service, metadata: basic).listAuditRecords(ListAuditRecordsRequest())
                }
                #expect(error?.code == .unauthenticated)
            }
            // The gateway's gRPC façade verifies the same way.
            try await stack.gatewayClient(as: "statsforvalter-agder") { gateway in
                for hostile in cases.prefix(4) {
                    let error = await #expect(throws: RPCError.self, "\(hostile.name)") {
                        _ = try await gateway.getRegionOverview(
                            .with {
                                $0.governorOfficeId = "agder"
                                $0.year = 2025
                            },
                            metadata: Self.bearer(hostile.token)
                        )
                    }
                    #expect(error?.code == .unauthenticated, "\(hostile.name)")
                }
            }
        }
    }

    @Test("a token expired within the leeway (60 s) still acts; the leeway is not a licence for older tokens")
    func leeway() async throws {
        try await TestStack.with { stack in
            let pid = try Self.pid(stack, "demo-statped-leder")
            let withinLeeway = try await stack.tokenIssuer.mint(
                pid: pid,
                lifetime: 60,
                now: Date().addingTimeInterval(-90)
            )
            let beyond = try await stack.tokenIssuer.mint(pid: pid, lifetime: 60, now: Date().addingTimeInterval(-150))
            try await stack.client(.referral, as: "statped") { client in
                let service = ReferralServiceClient(wrapping: client)
                _ = try await Referral(service, metadata: Self.bearer(withinLeeway)).listAuditRecords(
                    ListAuditRecordsRequest()
                )
                let error = await #expect(throws: RPCError.self) {
                    _ = try await Referral(service, metadata: Self.bearer(beyond)).listAuditRecords(
                        ListAuditRecordsRequest()
                    )
                }
                #expect(error?.code == .unauthenticated)
            }
        }
    }

    @Test("the ksi-person-id header alone makes no one a person: a Statped caller without a token has no Statped roles")
    func personHeaderIsIgnored() async throws {
        try await TestStack.with { stack in
            try await stack.client(.referral, as: "statped") { client in
                let service = ReferralServiceClient(wrapping: client)
                var header = Metadata()
                header.addString("demo-statped-leder", forKey: "ksi-person-id")
                for metadata in [header, Metadata()] {
                    let remote = Referral(service, metadata: metadata)
                    let audit = await #expect(throws: RPCError.self) {
                        _ = try await remote.listAuditRecords(ListAuditRecordsRequest())
                    }
                    #expect(audit?.code == .permissionDenied)
                    let milestones = await #expect(throws: RPCError.self) {
                        _ = try await remote.listReferralMilestones(ListReferralMilestonesRequest())
                    }
                    #expect(milestones?.code == .permissionDenied)
                }
            }
        }
    }

    @Test(
        "AUTH-R4: a person with only statpedIntake cannot act as manager, though the Statped organisation holds both roles"
    )
    func intakeIsNotManager() async throws {
        try await TestStack.with { stack in
            try await stack.client(.referral, as: "statped") { client in
                let service = ReferralServiceClient(wrapping: client)
                let intake = Referral(service, metadata: stack.person("demo-statped-inntak"))
                let manager = Referral(service, metadata: stack.person("demo-statped-leder"))
                // Intake reads the triage queue (its role), but not the audit records (the manager's).
                _ = try await intake.listReferrals(ListReferralsRequest())
                let error = await #expect(throws: RPCError.self) {
                    _ = try await intake.listAuditRecords(ListAuditRecordsRequest())
                }
                #expect(error?.code == .permissionDenied)
                _ = try await manager.listAuditRecords(ListAuditRecordsRequest())
                // A registered person acting for an organisation where the registry gives them no role holds nothing there.
                try await stack.client(.referral, as: "udir") { udirClient in
                    let foreign = Referral(
                        ReferralServiceClient(wrapping: udirClient),
                        metadata: stack.person("demo-statped-leder")
                    )
                    let denied = await #expect(throws: RPCError.self) {
                        _ = try await foreign.listAuditRecords(ListAuditRecordsRequest())
                    }
                    #expect(denied?.code == .permissionDenied)
                }
            }
        }
    }

    @Test(
        "through the gateway identity the forwarded principal acts with the forwarded token's person, verified by the service"
    )
    func forwardedToken() async throws {
        try await TestStack.with { stack in
            try await stack.client(.referral, as: "gateway-client") { client in
                let service = ReferralServiceClient(wrapping: client)
                let statped = try #require(DemoRegion.identities.first { $0.name == "statped" }).orgNumber
                var manager = stack.person("demo-statped-leder")
                manager.addString(statped, forKey: CallerIdentity.principalKey)
                _ = try await Referral(service, metadata: manager).listAuditRecords(ListAuditRecordsRequest())
                var forged = Self.bearer("e30.e30.")
                forged.addString(statped, forKey: CallerIdentity.principalKey)
                let error = await #expect(throws: RPCError.self) {
                    _ = try await Referral(service, metadata: forged).listAuditRecords(ListAuditRecordsRequest())
                }
                #expect(error?.code == .unauthenticated)
            }
        }
    }
}
