import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// The matrix's remaining columns over mutual TLS, on real entities: another organisation holding the right
/// role, and a different person in the right role. Both pass the access gate (AUTH-R5 decides by role) and are
/// refused by the domain's finer check — PERMISSION_DENIED without an AUTH-R5 violation — while the right
/// organisation and person succeed. Callers act through the gateway identity (`TestStack.metadata(for:)`, each a demo person with a signed token).
@Suite("Access scope and person over gRPC")
struct AccessScopeOverGRPCTests {
    typealias Transport = HTTP2ClientTransport.Posix

    /// PERMISSION_DENIED from the domain (the gate let the call through): no AUTH-R5/AUTH-R3 violation.
    static func refusedByDomain(_ error: RPCError?) -> Bool {
        guard let error, error.code == .permissionDenied else { return false }
        return !RPCStatusDetails.violations(of: error).contains { $0.ruleId.hasPrefix("AUTH-") }
    }

    @Test("another kommune's ownerAdmin passes the gate but not the owner scope of a needs report (AUTH-R5, PRIV-R12)")
    func anotherOrganisation() async throws {
        try await TestStack.with(today: LocalDate(year: 2025, month: 1, day: 20)) { stack in
            let today = stack.time.today()
            let org = { (name: String) in DemoRegion.identities.first { $0.name == name }!.orgNumber }
            let statsforvalter = try stack.reference.caller(
                orgNumber: org("statsforvalter-agder"),
                personId: DemoPersons.dashboardDefault,
                on: today
            )
            let kristiansand = try stack.reference.caller(
                orgNumber: org("kommune-kristiansand"),
                personId: "demo-eier-owner-4204",
                on: today
            )
            let arendal = try stack.reference.caller(
                orgNumber: org("kommune-arendal"),
                personId: "demo-eier-owner-4203",
                on: today
            )
            try await stack.client(.needs, as: "gateway-client") { client in
                let needs = { (caller: Caller) in
                    NeedsServiceRemote(NeedsServiceClient(wrapping: client), metadata: stack.metadata(for: caller))
                }
                let planned = try await needs(statsforvalter).createNeedsRound(
                    .with {
                        $0.requestId = "scope-round"
                        $0.governorOfficeId = "agder"
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.opensOn = LocalDate(year: 2025, month: 1, day: 10)
                        $0.submissionDeadline = LocalDate(year: 2025, month: 2, day: 14)
                    }
                )
                let round = try await needs(statsforvalter).openNeedsRound(
                    .with {
                        $0.requestId = "scope-open"
                        $0.needsRoundId = planned.id
                        $0.expectedVersion = planned.version
                    }
                )
                let report = try await needs(kristiansand).createNeedsReport(
                    .with {
                        $0.requestId = "scope-report"
                        $0.roundId = round.id
                        $0.leadOwnerId = DemoRegion.ownerId("4204")
                        $0.content = .with {
                            $0.title = "Inkluderende praksis (tilgangstest)"
                            $0.themes = [.inclusivePractice]
                        }
                    }
                )
                // The right organisation reads and edits its own report.
                #expect(try await needs(kristiansand).getNeedsReport(.with { $0.id = report.id }).id == report.id)
                // Another kommune holds ownerAdmin too: the gate lets it through, the owner scope does not.
                let read = await #expect(throws: RPCError.self) {
                    try await needs(arendal).getNeedsReport(.with { $0.id = report.id })
                }
                #expect(Self.refusedByDomain(read), "\(String(describing: read))")
                let edit = await #expect(throws: RPCError.self) {
                    try await needs(arendal).withdrawNeedsReport(
                        .with {
                            $0.requestId = "scope-withdraw"
                            $0.needsReportId = report.id
                            $0.expectedVersion = report.version
                            $0.reason = "test"
                        }
                    )
                }
                #expect(Self.refusedByDomain(edit), "\(String(describing: edit))")
            }
        }
    }

    @Test("a Statped adviser who is not assigned passes the gate but not PRIV-R4; the assigned one records the meeting")
    func differentPerson() async throws {
        try await TestStack.with(today: LocalDate(year: 2026, month: 2, day: 2)) { stack in
            let today = stack.time.today()
            let org: @Sendable (String) -> String = { name in DemoRegion.identities.first { $0.name == name }!.orgNumber
            }
            let ppt = try stack.reference.caller(
                orgNumber: org("ppt-kristiansand"),
                personId: "demo-ppt-radgiver-ppt-4204",
                on: today
            )
            let pptLeader = try stack.reference.caller(
                orgNumber: org("ppt-kristiansand"),
                personId: "demo-ppt-leder-ppt-4204",
                on: today
            )
            let reference = stack.reference
            let statped: @Sendable (String) throws -> Caller = { person in
                try reference.caller(orgNumber: org("statped"), personId: person, on: today)
            }
            try await stack.client(.referral, as: "gateway-client") { client in
                let referral = { (caller: Caller) in
                    ReferralServiceRemote(
                        ReferralServiceClient(wrapping: client),
                        metadata: stack.metadata(for: caller)
                    )
                }
                let rid = { UUID().uuidString }
                var current = try await referral(ppt).createReferral(
                    .with {
                        $0.requestId = rid()
                        $0.kind = .individual
                        $0.referringPptOfficeId = DemoRegion.pptOfficeId("4204")
                        $0.child = ReferralFixtures.child(municipality: "4204", unit: "unit-4204-school-1")
                        $0.content = ReferralFixtures.content()
                    }
                )
                current = try await referral(pptLeader).submitReferral(
                    .with {
                        $0.requestId = rid()
                        $0.referralId = current.id
                        $0.expectedVersion = current.version
                        $0.guardianAgreementConfirmed = true
                    }
                )
                let intake = try statped("demo-statped-inntak")
                current = try await referral(intake).startTriage(
                    .with {
                        $0.requestId = rid()
                        $0.referralId = current.id
                        $0.expectedVersion = current.version
                    }
                )
                current = try await referral(intake).acceptReferral(
                    .with {
                        $0.requestId = rid()
                        $0.referralId = current.id
                        $0.expectedVersion = current.version
                    }
                )
                current = try await referral(try statped("demo-statped-leder")).assignReferral(
                    .with {
                        $0.requestId = rid()
                        $0.referralId = current.id
                        $0.expectedVersion = current.version
                        $0.divisionId = "statped-division-compulsory"
                        $0.locationId = "statped-location-sor"
                        $0.adviserIds = ["demo-statped-radgiver-1"]
                        $0.reason = .competence
                    }
                )
                #expect(current.status == .assigned)
                let meeting = { (version: Int64) in
                    RecordStartupMeetingRequest.with {
                        $0.requestId = rid()
                        $0.referralId = current.id
                        $0.expectedVersion = version
                        $0.heldOn = today
                        $0.physical = true
                    }
                }
                let other = await #expect(throws: RPCError.self) {
                    try await referral(try statped("demo-statped-radgiver-2")).recordStartupMeeting(
                        meeting(current.version)
                    )
                }
                #expect(Self.refusedByDomain(other), "\(String(describing: other))")
                current = try await referral(try statped("demo-statped-radgiver-1")).recordStartupMeeting(
                    meeting(current.version)
                )
                #expect(current.status == .startupHeld)
            }
        }
    }
}
