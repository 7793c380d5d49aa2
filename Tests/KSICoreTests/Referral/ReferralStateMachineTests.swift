import KSICore
import KSITestSupport
import Testing

@Suite("Referral state machine (§4.4)")
struct ReferralStateMachineTests {
    typealias Command = ReferralStateMachine.Command
    typealias Actor = ReferralStateMachine.Actor

    struct Allowed: Sendable, CustomStringConvertible {
        var from: ReferralStatus?
        var command: Command
        var actor: Actor
        var to: ReferralStatus
        var description: String { "\(from?.name ?? "—") \(command) by \(actor) → \(to.name)" }
    }

    /// DOMAIN.md §4.4, copied (with PRIV-R3: pptLeader also writes drafts and co-signs the plan).
    static let allowed: [Allowed] = [
        Allowed(from: nil, command: .create, actor: .pptAdviser, to: .draft),
        Allowed(from: nil, command: .create, actor: .pptLeader, to: .draft),
        Allowed(from: .draft, command: .submit, actor: .pptLeader, to: .submitted),
        Allowed(from: .submitted, command: .startTriage, actor: .statpedIntake, to: .inTriage),
        Allowed(from: .inTriage, command: .returnForCompletion, actor: .statpedIntake, to: .returned),
        Allowed(from: .returned, command: .submit, actor: .pptLeader, to: .submitted),
        Allowed(from: .inTriage, command: .accept, actor: .statpedIntake, to: .accepted),
        Allowed(from: .inTriage, command: .decline, actor: .statpedIntake, to: .declined),
        Allowed(from: .accepted, command: .assign, actor: .statpedManager, to: .assigned),
        Allowed(from: .assigned, command: .recordStartupMeeting, actor: .assignedAdviser, to: .startupHeld),
        Allowed(from: .startupHeld, command: .completePlan, actor: .assignedAdviser, to: .inService),
        Allowed(from: .startupHeld, command: .completePlan, actor: .pptAdviser, to: .inService),
        Allowed(from: .startupHeld, command: .completePlan, actor: .pptLeader, to: .inService),
        Allowed(from: .inService, command: .startClosing, actor: .assignedAdviser, to: .closing),
        Allowed(from: .closing, command: .completeExtension, actor: .assignedAdviser, to: .inService),
        Allowed(from: .closing, command: .completeExtension, actor: .pptAdviser, to: .inService),
        Allowed(from: .closing, command: .completeExtension, actor: .pptLeader, to: .inService),
        Allowed(from: .closing, command: .close, actor: .assignedAdviser, to: .closed),
        Allowed(from: .draft, command: .withdraw, actor: .pptLeader, to: .withdrawn),
        Allowed(from: .submitted, command: .withdraw, actor: .pptLeader, to: .withdrawn),
        Allowed(from: .returned, command: .withdraw, actor: .pptLeader, to: .withdrawn),
    ]

    static let transitionCommands: [Command] = [
        .create, .submit, .openWithoutApplication, .startTriage, .returnForCompletion, .accept, .decline, .assign,
        .recordStartupMeeting, .completePlan, .startClosing, .completeExtension, .close, .withdraw,
    ]
    static let statuses: [ReferralStatus?] = [nil] + ReferralStatus.allCases.filter { $0 != .unspecified }.map { $0 }

    @Test("every allowed transition of the table is allowed for its role", arguments: allowed)
    func allowedTransition(_ row: Allowed) throws {
        let next = try ReferralStateMachine(kind: .individual).next(row.command, from: row.from, actors: [row.actor])
        #expect(next == row.to)
    }

    @Test("REF-R2 the exception path opens a case at accepted, by Statped intake only")
    func exceptionPath() throws {
        let machine = ReferralStateMachine(kind: .exceptionOpenedByStatped)
        #expect(try machine.next(.openWithoutApplication, from: nil, actors: [.statpedIntake]) == .accepted)
        #expect(throws: DomainError.self) { try machine.next(.openWithoutApplication, from: nil, actors: [.pptLeader]) }
        #expect(throws: DomainError.self) {
            try ReferralStateMachine(kind: .individual).next(
                .openWithoutApplication,
                from: nil,
                actors: [.statpedIntake]
            )
        }
    }

    struct Combination: Sendable, CustomStringConvertible {
        var from: ReferralStatus?
        var command: Command
        var actor: Actor
        var description: String { "\(from?.name ?? "—") \(command) by \(actor)" }
    }

    static let rejected: [Combination] = statuses.flatMap { status in
        transitionCommands.flatMap { command in
            Actor.allCases.compactMap { actor in
                allowed.contains { $0.from == status && $0.command == command && $0.actor == actor }
                    ? nil : Combination(from: status, command: command, actor: actor)
            }
        }
    }

    @Test("every other (status, command, role) is rejected with a plain sentence", arguments: rejected)
    func rejectedTransition(_ combination: Combination) throws {
        let error = #expect(throws: DomainError.self) {
            try ReferralStateMachine(kind: .individual).next(
                combination.command,
                from: combination.from,
                actors: [combination.actor]
            )
        }
        #expect(error?.code == .notPermitted || error?.code == .illegalTransition)
        #expect(error?.message.isEmpty == false)
        #expect(error?.message.contains("Referral") == false)
    }

    @Test("a system request is created, submitted and withdrawn by the requesting organisation only")
    func systemRequests() throws {
        let machine = ReferralStateMachine(kind: .system)
        #expect(try machine.next(.create, from: nil, actors: [.requestingOrg]) == .draft)
        #expect(try machine.next(.submit, from: .draft, actors: [.requestingOrg]) == .submitted)
        #expect(try machine.next(.withdraw, from: .submitted, actors: [.requestingOrg]) == .withdrawn)
        #expect(throws: DomainError.self) { try machine.next(.create, from: nil, actors: [.pptAdviser]) }
        #expect(throws: DomainError.self) {
            try machine.next(.recordConsent, from: .inService, actors: [.assignedAdviser])
        }
    }

    @Test("the error says what was expected and what was found")
    func errorSentence() throws {
        let error = #expect(throws: DomainError.self) {
            try ReferralStateMachine(kind: .individual).next(.submit, from: .withdrawn, actors: [.pptLeader])
        }
        #expect(
            error?.message
                == "only a referral that is a draft or returned for completion can be submitted; this referral is withdrawn"
        )
    }

    // MARK: Through the context

    @Test(
        "every status of the happy path is reached through the context with the right roles",
        arguments: [
            ReferralStatus.draft, .submitted, .inTriage, .returned, .declined, .accepted, .assigned, .startupHeld,
            .inService, .closing, .closed, .withdrawn,
        ]
    )
    func reachedThroughContext(_ status: ReferralStatus) async throws {
        try await ReferralHarness.with { h in
            let referral = try await h.referral(in: status)
            #expect(referral.status == status)
        }
    }

    @Test("a returned referral is submitted again by the PPT leader")
    func resubmission() async throws {
        try await ReferralHarness.with { h in
            let returned = try await h.referral(in: .returned)
            let again = try await h.submit(returned)
            #expect(again.status == .submitted)
        }
    }

    @Test("REF-R13 closing goes back to service when both parties agree to the extension")
    func extensionBackToService() async throws {
        try await ReferralHarness.with { h in
            let closing = try await h.referral(in: .closing)
            let proposed = try await h.referrals.service.extendService(
                ExtendServiceRequest.with {
                    $0.requestId = "ext-1"
                    $0.referralId = closing.id
                    $0.expectedVersion = closing.version
                    $0.evaluationId = closing.evaluations.last?.id ?? ""
                    $0.newValidTo = h.time.today().adding(days: 365)
                    $0.party = .statped
                    $0.reason = "More guidance needed"
                },
                as: ReferralHarness.adviser
            )
            #expect(proposed.status == .closing)
            let agreed = try await h.agree(proposed, party: .ppt)
            #expect(agreed.status == .inService)
            #expect(agreed.phase == .assessmentAndGuidance)
            #expect(agreed.extensions.count == 1)
        }
    }
}
