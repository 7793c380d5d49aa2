import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// Configuration that applies (issue 13, item 3; COM-R5): AllocationService stores the policy records and the
/// forums' long-term plans, and NeedsService, ReferralService and the gateway apply a `SetPolicyConfig` within
/// seconds (they follow them with the live registry), while a round that opened keeps the configuration it froze.
@Suite("Policy configuration applies in every service", .serialized)
struct PolicyConfigOverGRPCTests {
    typealias Allocation = AllocationServiceRemote<HTTP2ClientTransport.Posix>
    typealias Needs = NeedsServiceRemote<HTTP2ClientTransport.Posix>
    typealias Referrals = ReferralServiceRemote<HTTP2ClientTransport.Posix>

    static let today = LocalDate(year: 2025, month: 1, day: 6)
    static let office = DemoRegion.governorOfficeId
    static let owner = DemoRegion.ownerId("4204")
    static let pptOffice = DemoRegion.pptOfficeId("4204")

    /// How long a change may take to reach every process: the 2 s follow interval with room for a slow machine.
    static let deadline: Duration = .seconds(30)

    static func eventually(_ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: deadline)
        while clock.now < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    static func rid() -> String { UUID().uuidString }

    /// The caller a demo organisation's person is (the registry's roles in force today).
    static func caller(_ stack: TestStack, _ recordId: String, _ person: String) throws -> Caller {
        let organisation = try #require(DemoRegion.referenceDataSet().organisations.first { $0.recordId == recordId })
        return try stack.reference.caller(orgNumber: organisation.orgNumber, personId: person, on: today)
    }

    static func caseworker(_ stack: TestStack) throws -> Caller { try caller(stack, office, "demo-saksbehandler-ein") }
    static func udir(_ stack: TestStack) throws -> Caller { try caller(stack, "udir", "demo-udir") }
    static func ownerAdmin(_ stack: TestStack) throws -> Caller { try caller(stack, owner, "demo-eier-\(owner)") }

    /// Runs `body` with a remote for each service, each call made through the gateway identity with the caller's
    /// principal forwarded (as the gateway does for a person).
    static func remotes<R: Sendable>(
        _ stack: TestStack,
        _ body:
            @Sendable (_ allocation: @Sendable (Caller) -> Allocation, _ needs: @Sendable (Caller) -> Needs)
            async throws -> R
    ) async throws -> R {
        try await stack.client(.allocation, as: "gateway-client") { allocationClient in
            try await stack.client(.needs, as: "gateway-client") { needsClient in
                try await body(
                    {
                        Allocation(
                            AllocationServiceClient(wrapping: allocationClient),
                            metadata: stack.metadata(for: $0),
                            options: .timeout(.seconds(10))
                        )
                    },
                    {
                        Needs(
                            NeedsServiceClient(wrapping: needsClient),
                            metadata: stack.metadata(for: $0),
                            options: .timeout(.seconds(10))
                        )
                    }
                )
            }
        }
    }

    /// The embete's record for a year: NEED-R3 set to `requirement` and the default submission deadline `deadline`.
    static func governorPolicy(year: Int32, requirement: PptRequirement, deadline: LocalDate) -> GovernorPolicy {
        var policy = BuiltInPolicy.governor(governorOfficeId: office, year: year, scheme: .ksi)
        policy.pptInvolvementRequirement = requirement
        policy.submissionDeadline = deadline
        return policy
    }

    /// A draft report with PPT only informed (NEED-R3) and optionally linking long-term plan goals (NEED-R14).
    static func draftReport(_ needs: Needs, round: NeedsRound, goals: [String] = []) async throws -> NeedsReport {
        try await needs.createNeedsReport(
            .with {
                $0.requestId = rid()
                $0.roundId = round.id
                $0.leadOwnerId = owner
                $0.content = NeedsReportContent.with {
                    $0.title = "Inkluderende praksis i Kristiansand (test)"
                    $0.sectors = [.compulsorySchool]
                    $0.themes = [.inclusivePractice]
                    $0.targetGroups = [.teachers, .pptStaff]
                    $0.ownerPlanReference = "Kvalitetsplan for oppvekst 2024–2027 (test)"
                    $0.pptInvolvement = .informed
                    $0.pptOfficeIds = [pptOffice]
                    $0.longTermPlanGoalIds = goals
                }
            }
        )
    }

    /// The rule ids a refused submission names.
    static func submissionRefusals(_ needs: Needs, _ report: NeedsReport) async -> [String] {
        do {
            _ = try await needs.submitNeedsReport(
                .with {
                    $0.requestId = rid()
                    $0.needsReportId = report.id
                    $0.expectedVersion = report.version
                }
            )
            return []
        } catch let error as RPCError {
            return RPCStatusDetails.violations(of: error).map(\.ruleId)
        } catch {
            return ["\(error)"]
        }
    }

    @Test(
        "NEED-R3 and the default deadline set with SetPolicyConfig apply in NeedsService; a round opened before keeps what it froze (COM-R5)",
        arguments: [TestStack.Storage.sqlite, .postgres]
    )
    func needsFollowsThePolicyAndFrozenRoundsKeepTheirs(storage: TestStack.Storage) async throws {
        try await TestStack.with(storage: storage, today: Self.today) { stack in
            let caseworker = try Self.caseworker(stack)
            let ownerAdmin = try Self.ownerAdmin(stack)
            try await Self.remotes(stack) { allocation, needs in
                // A round opened under the built-in policy (NEED-R3 warnOnly) freezes it.
                let plannedFrozen = try await needs(caseworker).createNeedsRound(
                    .with {
                        $0.requestId = Self.rid()
                        $0.governorOfficeId = Self.office
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.opensOn = LocalDate(year: 2025, month: 1, day: 6)
                        $0.submissionDeadline = LocalDate(year: 2025, month: 3, day: 1)
                    }
                )
                let frozen = try await needs(caseworker).openNeedsRound(
                    .with {
                        $0.requestId = Self.rid()
                        $0.needsRoundId = plannedFrozen.id
                        $0.expectedVersion = plannedFrozen.version
                    }
                )
                #expect(frozen.frozenPolicy?.governor.pptInvolvementRequirement == .warnOnly)

                // The embete's caseworker makes PPT's invitation a requirement for 2025 and 2026, with default deadlines.
                let requirement = PptRequirement.invitedRequired
                let deadline2026 = LocalDate(year: 2026, month: 2, day: 20)
                for (year, deadline) in [(Int32(2025), LocalDate(year: 2025, month: 2, day: 21)), (2026, deadline2026)]
                {
                    let config = try await allocation(caseworker).setPolicyConfig(
                        .with {
                            $0.requestId = Self.rid()
                            $0.governorPolicy = Self.governorPolicy(
                                year: year,
                                requirement: requirement,
                                deadline: deadline
                            )
                        }
                    )
                    #expect(config.governorPolicySource == .governorOffice)
                    #expect(config.governor.pptInvolvementRequirement == requirement)
                }
                // AllocationService resolves it at once (its own registry).
                let allocationRegistry = try #require(stack.registries[.allocation])
                #expect(
                    allocationRegistry.current.policies.resolve(governorOfficeId: Self.office, year: 2026, scheme: .ksi)
                        .governor.pptInvolvementRequirement == requirement
                )
                let needsRegistry = try #require(stack.registries[.needs])
                #expect(
                    try await Self.eventually {
                        needsRegistry.current.policies.resolve(governorOfficeId: Self.office, year: 2026, scheme: .ksi)
                            .governor.pptInvolvementRequirement == requirement
                    }
                )

                // A new round takes the configured default deadline and freezes the new requirement.
                let planned = try await needs(caseworker).createNeedsRound(
                    .with {
                        $0.requestId = Self.rid()
                        $0.governorOfficeId = Self.office
                        $0.scheme = .ksi
                        $0.year = 2026
                        $0.opensOn = LocalDate(year: 2025, month: 1, day: 6)
                    }
                )
                #expect(planned.submissionDeadline == deadline2026)
                let opened = try await needs(caseworker).openNeedsRound(
                    .with {
                        $0.requestId = Self.rid()
                        $0.needsRoundId = planned.id
                        $0.expectedVersion = planned.version
                    }
                )
                #expect(opened.frozenPolicy?.governor.pptInvolvementRequirement == requirement)

                // NEED-R3 at submission: PPT only informed is refused (HARD) in the new round…
                let strict = try await Self.draftReport(needs(ownerAdmin), round: opened)
                #expect(await Self.submissionRefusals(needs(ownerAdmin), strict).contains("NEED-R3"))
                // …while the round opened before keeps its frozen warnOnly: a warning, never a refusal.
                let stillFrozen = try await needs(caseworker).getNeedsRound(.with { $0.id = frozen.id })
                #expect(stillFrozen.frozenPolicy?.governor.pptInvolvementRequirement == .warnOnly)
                let lenient = try await Self.draftReport(needs(ownerAdmin), round: frozen)
                #expect(lenient.warnings.contains { $0.ruleId == "NEED-R3" })
                #expect(await !Self.submissionRefusals(needs(ownerAdmin), lenient).contains("NEED-R3"))
            }
        }
    }

    @Test("a long-term plan stored in AllocationService reaches NEED-R14 in NeedsService")
    func longTermPlanReachesNeeds() async throws {
        try await TestStack.with(today: Self.today) { stack in
            let caseworker = try Self.caseworker(stack)
            let ownerAdmin = try Self.ownerAdmin(stack)
            try await Self.remotes(stack) { allocation, needs in
                let planned = try await needs(caseworker).createNeedsRound(
                    .with {
                        $0.requestId = Self.rid()
                        $0.governorOfficeId = Self.office
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.opensOn = LocalDate(year: 2025, month: 1, day: 6)
                        $0.submissionDeadline = LocalDate(year: 2025, month: 3, day: 1)
                    }
                )
                let round = try await needs(caseworker).openNeedsRound(
                    .with {
                        $0.requestId = Self.rid()
                        $0.needsRoundId = planned.id
                        $0.expectedVersion = planned.version
                    }
                )
                // Without a plan, NEED-R14 only asks for the owner's plan reference.
                let before = try await Self.draftReport(needs(ownerAdmin), round: round)
                #expect(!before.warnings.contains { $0.ruleId == "NEED-R14" && $0.field == "long_term_plan_goal_ids" })

                let forum = try await allocation(caseworker).createCollaborationForum(
                    .with {
                        $0.requestId = Self.rid()
                        $0.content = CollaborationForumContent.with {
                            $0.governorOfficeId = Self.office
                            $0.name = "Samarbeidsforum Agder (test)"
                            $0.schemes = [.ksi]
                            $0.model = .dedicatedKsi
                            $0.members = Self.forumMembers
                        }
                    }
                )
                let plan = try await allocation(caseworker).createLongTermPlan(
                    .with {
                        $0.requestId = Self.rid()
                        $0.content = LongTermPlanContent.with {
                            $0.forumId = forum.id
                            $0.period = PlanPeriod.with {
                                $0.fromYear = 2024
                                $0.toYear = 2026
                            }
                            $0.goals = [
                                LongTermPlanGoal.with {
                                    $0.title = "Alle barnehagar og skular arbeider med inkluderande praksis"
                                }
                            ]
                        }
                    }
                )
                let goal = try #require(plan.goals.first?.id)
                let needsRegistry = try #require(stack.registries[.needs])
                #expect(
                    try await Self.eventually {
                        needsRegistry.current.longTermPlans.goalIds(
                            governorOfficeId: Self.office,
                            scheme: .ksi,
                            year: 2025
                        ) == [goal]
                    }
                )
                // NEED-R14 over the API: a report linking no goal of the forum's plan is warned, one linking it is not.
                let unlinked = try await Self.draftReport(needs(ownerAdmin), round: round)
                #expect(unlinked.warnings.contains { $0.ruleId == "NEED-R14" && $0.field == "long_term_plan_goal_ids" })
                let linked = try await Self.draftReport(needs(ownerAdmin), round: round, goals: [goal])
                #expect(!linked.warnings.contains { $0.ruleId == "NEED-R14" && $0.field == "long_term_plan_goal_ids" })
            }
        }
    }

    static let forumMembers: [ForumMember] = {
        func member(
            _ person: String,
            _ kind: OrganisationKind,
            _ org: String = "",
            observer: Bool = false
        ) -> ForumMember {
            ForumMember.with {
                $0.personId = person
                $0.organisationKind = kind
                $0.orgId = org
                $0.isObserver = observer
                $0.hasVote = !observer
                $0.speakingRights = true
            }
        }
        return [
            member("demo-forum-kommune", .other, DemoRegion.ownerId("4224")),
            member("demo-forum-privat", .other, "owner-private-4202"),
            member("demo-forum-uh", .uh, "uia"),
            member("demo-forum-ks", .ks),
            member("demo-forum-pbl", .pbl),
            member("demo-forum-laerer", .teacherUnion),
            member("demo-forum-ppt", .ppt, DemoRegion.pptOfficeId("4204")),
            member("demo-forum-statped", .statped, observer: true),
        ]
    }()
}
