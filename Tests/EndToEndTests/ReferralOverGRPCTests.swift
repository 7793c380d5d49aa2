import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// "Én dør inn" over the wire: the demo PPT office and Statped, each with its own certificate.
@Suite("A referral end to end over gRPC")
struct ReferralOverGRPCTests {
    typealias Remote = ReferralServiceRemote<HTTP2ClientTransport.Posix>

    @Test(
        "PPT refers a child; Statped triages, assigns, holds the start-up meeting, agrees a plan and closes (each step by a person with a token, AUTH-R1/R4)"
    )
    func referralFromPPTToClosing() async throws {
        try await TestStack.with(today: LocalDate(year: 2026, month: 2, day: 2)) { stack in
            try await stack.client(.referral, as: "ppt-kristiansand") { pptClient in
                try await stack.client(.referral, as: "statped") { statpedClient in
                    let office = DemoRegion.pptOfficeId("4204")
                    let ppt = Remote(
                        ReferralServiceClient(wrapping: pptClient),
                        metadata: stack.person("demo-ppt-radgiver-\(office)")
                    )
                    let pptLeader = Remote(
                        ReferralServiceClient(wrapping: pptClient),
                        metadata: stack.person("demo-ppt-leder-\(office)")
                    )
                    let intake = Remote(
                        ReferralServiceClient(wrapping: statpedClient),
                        metadata: stack.person("demo-statped-inntak")
                    )
                    let manager = Remote(
                        ReferralServiceClient(wrapping: statpedClient),
                        metadata: stack.person("demo-statped-leder")
                    )
                    let statped = Remote(
                        ReferralServiceClient(wrapping: statpedClient),
                        metadata: stack.person("demo-statped-radgiver-1")
                    )
                    var child = ReferralFixtures.child(municipality: "4204", unit: "unit-4204-school-1")
                    child.name = "Testbarn Ein"
                    let rid = { UUID().uuidString }

                    var referral = try await ppt.createReferral(
                        .with {
                            $0.requestId = rid()
                            $0.kind = .individual
                            $0.referringPptOfficeId = office
                            $0.child = child
                            var content = ReferralFixtures.content()
                            content.guardians[0].id = "guardian-1"
                            $0.content = content
                        }
                    )
                    #expect(referral.status == .draft)
                    referral = try await pptLeader.submitReferral(
                        .with {
                            $0.requestId = rid()
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                            $0.guardianAgreementConfirmed = true
                        }
                    )
                    #expect(referral.status == .submitted)
                    referral = try await intake.startTriage(
                        .with {
                            $0.requestId = rid()
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                        }
                    )
                    referral = try await intake.acceptReferral(
                        .with {
                            $0.requestId = rid()
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                        }
                    )
                    #expect(referral.status == .accepted)
                    referral = try await manager.assignReferral(
                        .with {
                            $0.requestId = rid()
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                            $0.divisionId = "statped-division-compulsory"
                            $0.locationId = "statped-location-sor"
                            $0.adviserIds = ["demo-statped-radgiver-1"]
                            $0.reason = .competence
                        }
                    )
                    #expect(referral.status == .assigned)
                    stack.time.advance(days: 9)
                    referral = try await statped.recordStartupMeeting(
                        .with {
                            $0.requestId = rid()
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                            $0.heldOn = stack.time.today()
                            $0.physical = true
                        }
                    )
                    #expect(referral.status == .startupHeld)
                    // The same PPT adviser logged in only at `low` reads no child data (AUTH-R3); at `substantial` they do.
                    let adviser = try #require(stack.reference.person(id: "demo-ppt-radgiver-\(office)"))
                    let lowToken = try await stack.tokenIssuer.mint(pid: adviser.pid, assurance: .low)
                    let lowLogin = Remote(
                        ReferralServiceClient(wrapping: pptClient),
                        metadata: ["authorization": "Bearer \(lowToken)"]
                    )
                    let low = await #expect(throws: RPCError.self) {
                        try await lowLogin.getReferral(.with { $0.id = referral.id })
                    }
                    #expect(low?.code == .permissionDenied)
                    #expect(low.map(RPCStatusDetails.violations(of:))?.map(\.ruleId) == ["AUTH-R3"])
                    #expect(try await ppt.getReferral(.with { $0.id = referral.id }).id == referral.id)
                    // The guardians' consent is recorded by PPT (REF-R6b).
                    referral = try await ppt.recordConsent(
                        .with {
                            $0.requestId = rid()
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                            $0.guardianId = "guardian-1"
                            $0.scope = .informationSharing
                        }
                    )
                    referral = try await statped.proposeCollaborationPlan(
                        ReferralFixtures.plan(referral, from: stack.time.today())
                    )
                    referral = try await statped.agreeCollaborationPlan(
                        .with {
                            $0.requestId = rid()
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                            $0.party = .statped
                        }
                    )
                    referral = try await ppt.agreeCollaborationPlan(
                        .with {
                            $0.requestId = rid()
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                            $0.party = .ppt
                        }
                    )
                    #expect(referral.status == .inService)
                    stack.time.advance(days: 170)
                    referral = try await statped.startClosing(
                        .with {
                            $0.requestId = rid()
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                            $0.evaluatedOn = stack.time.today()
                            $0.evaluationMethod = "Meeting"
                            $0.evaluationSummary = "Goals partly reached."
                        }
                    )
                    referral = try await statped.closeReferral(
                        .with {
                            $0.requestId = rid()
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                            $0.summary = "Service completed; PPT follows up."
                        }
                    )
                    #expect(referral.status == .closed)

                    // The pseudonymous milestones (REF-R16) carry no child data. The stream is record-level, so only a
                    // system identity reads it (PRIV-R5); Statped reads its case-level queue with ListReferrals instead.
                    let refused = await #expect(throws: RPCError.self) {
                        try await statped.listReferralMilestones(ListReferralMilestonesRequest())
                    }
                    #expect(refused?.code == .permissionDenied)
                    let milestones = try await stack.client(.referral, as: "gateway-client") { client in
                        try await ReferralServiceClient(wrapping: client).listReferralMilestones(
                            ListReferralMilestonesRequest()
                        )
                    }
                    #expect(milestones.events.count >= 6)
                    let encoded = try milestones.wireEncoded()
                    #expect(!String(decoding: encoded, as: UTF8.self).contains("Testbarn"))
                    #expect(!String(decoding: encoded, as: UTF8.self).contains(child.nationalId))
                }
            }
        }
    }
}
