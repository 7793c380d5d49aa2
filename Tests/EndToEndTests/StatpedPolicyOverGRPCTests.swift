import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// The Statped record set with `SetPolicyConfig` (udirAdmin; §4.5) applies in ReferralService (REF-R10's start-up
/// deadline) and in the gateway's views (the small-cell threshold, PRIV-R5) within seconds; a refused change (a bad
/// value) changes nothing anywhere.
@Suite("The Statped policy applies in ReferralService and the gateway", .serialized)
struct StatpedPolicyOverGRPCTests {
    typealias Referrals = ReferralServiceRemote<HTTP2ClientTransport.Posix>

    static let today = LocalDate(year: 2025, month: 3, day: 3)
    static let pptOffice = DemoRegion.pptOfficeId("4204")

    static func rid() -> String { UUID().uuidString }

    /// Sets the Statped record as Udir (through the gateway identity, Udir's person forwarded).
    static func setStatped(_ stack: TestStack, _ policy: StatpedPolicy) async throws -> PolicyConfig {
        let udirOrg = try #require(DemoRegion.identities.first { $0.name == "udir" }?.orgNumber)
        let udir = try stack.reference.caller(orgNumber: udirOrg, personId: "demo-udir", on: today)
        return try await stack.client(.allocation, as: "gateway-client") { client in
            try await AllocationServiceClient(wrapping: client).setPolicyConfig(
                .with {
                    $0.requestId = rid()
                    $0.statpedPolicy = policy
                },
                metadata: stack.metadata(for: udir),
                options: .timeout(.seconds(10))
            )
        }
    }

    /// `count` referrals from the Kristiansand PPT office, submitted (each one child, REF-R6 agreement confirmed).
    static func submitReferrals(_ stack: TestStack, count: Int) async throws -> [Referral] {
        try await stack.client(.referral, as: "ppt-kristiansand") { client in
            let adviser = Referrals(
                ReferralServiceClient(wrapping: client),
                metadata: stack.person("demo-ppt-radgiver-\(pptOffice)")
            )
            let leader = Referrals(
                ReferralServiceClient(wrapping: client),
                metadata: stack.person("demo-ppt-leder-\(pptOffice)")
            )
            var submitted: [Referral] = []
            for index in 0..<count {
                let child = ReferralFixtures.child(
                    name: "Testbarn \(index)",
                    nationalId: ReferralFixtures.nationalId(year: 2014, month: 3, day: 15, seed: 600 + index),
                    municipality: "4204",
                    unit: "unit-4204-school-1"
                )
                let draft = try await adviser.createReferral(
                    .with {
                        $0.requestId = rid()
                        $0.kind = .individual
                        $0.referringPptOfficeId = pptOffice
                        $0.child = child
                        $0.content = ReferralFixtures.content()
                    }
                )
                submitted.append(
                    try await leader.submitReferral(
                        .with {
                            $0.requestId = rid()
                            $0.referralId = draft.id
                            $0.expectedVersion = draft.version
                            $0.guardianAgreementConfirmed = true
                        }
                    )
                )
            }
            return submitted
        }
    }

    /// The submitted count of the Agder referral queue as Udir sees it (V13, suppressed below the threshold).
    static func udirQueueCount(_ stack: TestStack) async throws -> SuppressedCount? {
        let queue = try await stack.gatewayClient(as: "udir", person: "demo-udir") { gateway in
            try await gateway.getReferralQueue(.with { $0.governorOfficeId = DemoRegion.governorOfficeId })
        }
        return queue.byStatus.first { $0.status == .submitted }?.count
    }

    /// PRIV-R5: a count n with 1 ≤ n < threshold is hidden; otherwise shown as it is.
    static func expected(_ count: Int64, threshold: Int64) -> SuppressedCount {
        (1..<threshold).contains(count)
            ? SuppressedCount.with { $0.suppressed = true } : SuppressedCount.with { $0.value = count }
    }

    /// The Statped record a process resolves (national, COM-R5).
    static func statped(_ registry: ReferenceRegistry) -> StatpedPolicy {
        registry.current.policies.resolve(governorOfficeId: "", year: today.year, scheme: .ksi).statped
    }

    static func eventually(_ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(30))
        while clock.now < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }

    @Test(
        "the small-cell threshold and REF-R10's days set with SetPolicyConfig apply in the gateway's V13 and in ReferralService"
    )
    func statpedPolicyApplies() async throws {
        try await TestStack.with(today: Self.today, withGateway: true) { stack in
            let referrals = try await Self.submitReferrals(stack, count: 2)
            let submitted = Int64(referrals.count)
            let builtIn = Int64(BuiltInPolicy.statped.smallCellThreshold)
            #expect(
                try await Self.eventually {
                    try await Self.udirQueueCount(stack) == Self.expected(submitted, threshold: builtIn)
                }
            )

            let threshold: Int32 = 2
            let maxDays: Int32 = 3
            let config = try await Self.setStatped(
                stack,
                StatpedPolicy.with {
                    $0.smallCellThreshold = threshold
                    $0.startupMeetingMaxDays = maxDays
                    $0.startupMeetingWarnDay = 2
                }
            )
            #expect(config.statped.smallCellThreshold == threshold)

            // The gateway's view applies the new threshold (here: the count is shown).
            let shown = Self.expected(submitted, threshold: Int64(threshold))
            #expect(shown != Self.expected(submitted, threshold: builtIn))
            #expect(try await Self.eventually { try await Self.udirQueueCount(stack) == shown })

            // REF-R10 in ReferralService: Statped accepts one case; one day past the configured days it is breached.
            let referralRegistry = try #require(stack.registries[.referral])
            #expect(try await Self.eventually { Self.statped(referralRegistry).startupMeetingMaxDays == maxDays })
            try await stack.client(.referral, as: "statped") { client in
                let intake = Referrals(
                    ReferralServiceClient(wrapping: client),
                    metadata: stack.person("demo-statped-inntak")
                )
                var referral = referrals[0]
                referral = try await intake.startTriage(
                    .with {
                        $0.requestId = Self.rid()
                        $0.referralId = referral.id
                        $0.expectedVersion = referral.version
                    }
                )
                referral = try await intake.acceptReferral(
                    .with {
                        $0.requestId = Self.rid()
                        $0.referralId = referral.id
                        $0.expectedVersion = referral.version
                    }
                )
                #expect(!referral.startupSlaBreached)
                stack.time.advance(days: Int64(maxDays) + 1)
                let late = try await intake.getReferral(
                    .with {
                        $0.id = referral.id
                        $0.purpose = "triage"
                    }
                )
                #expect(late.startupSlaBreached)
                #expect(
                    late.warnings.contains {
                        $0.ruleId == "REF-R10"
                            && $0.message.contains("\(maxDays + 1) days since acceptance, \(maxDays) allowed")
                    }
                )
            }
        }
    }

    @Test(
        "a refused Statped policy change (a negative value) changes nothing in AllocationService, the services or the gateway"
    )
    func refusedChangeChangesNothing() async throws {
        try await TestStack.with(today: Self.today, withGateway: true) { stack in
            let referrals = try await Self.submitReferrals(stack, count: 2)
            let submitted = Int64(referrals.count)
            let threshold: Int32 = 2
            _ = try await Self.setStatped(stack, StatpedPolicy.with { $0.smallCellThreshold = threshold })
            let shown = Self.expected(submitted, threshold: Int64(threshold))
            #expect(try await Self.eventually { try await Self.udirQueueCount(stack) == shown })
            let registries = Array(stack.registries.values) + [try #require(stack.gateway?.registry)]
            #expect(
                try await Self.eventually { registries.allSatisfy { Self.statped($0).smallCellThreshold == threshold } }
            )
            let versions = registries.map(\.policyVersion)

            let refused = await #expect(throws: RPCError.self) {
                try await Self.setStatped(
                    stack,
                    StatpedPolicy.with {
                        $0.smallCellThreshold = -1
                        $0.startupMeetingMaxDays = 3
                    }
                )
            }
            #expect(refused?.code == .invalidArgument)
            let violations = refused.map(RPCStatusDetails.violations(of:)) ?? []
            #expect(violations.map(\.field) == ["statped_policy.small_cell_threshold"])
            #expect(violations.map(\.ruleId) == ["COM-R5"])

            // Two follow intervals later every process still holds the record it had, and the view is unchanged.
            try await Task.sleep(for: .seconds(5))
            #expect(registries.map(\.policyVersion) == versions)
            #expect(
                registries.allSatisfy {
                    Self.statped($0).smallCellThreshold == threshold
                        && Self.statped($0).startupMeetingMaxDays == BuiltInPolicy.statped.startupMeetingMaxDays
                }
            )
            #expect(try await Self.udirQueueCount(stack) == shown)
        }
    }
}
