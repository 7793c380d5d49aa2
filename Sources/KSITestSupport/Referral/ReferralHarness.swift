import Foundation
import KSICore

/// A Referral context on a temporary SQLite database with a fixed clock, plus steps that drive a
/// referral along the happy path through the public API (each with a fresh request id).
public struct ReferralHarness: Sendable {
    public let referrals: ReferralContext
    public let database: KSIDatabase
    public let time: FixedTimeSource
    public let reference: ReferenceData

    /// The first day of the tests' clock.
    public static let startDate = LocalDate(year: 2026, month: 2, day: 2)

    /// Runs `body` with a fresh harness on a temporary database (SQLite unless `engine` says otherwise).
    public static func with<R: Sendable>(
        keyRing: ReferralKeyRing? = nil,
        reference: ReferenceData? = nil,
        engine: TestDatabase.Engine = .sqlite,
        environment: DeploymentEnvironment = .production,
        _ body: @Sendable (ReferralHarness) async throws -> R
    ) async throws -> R {
        let ring = try keyRing ?? ReferralFixtures.keyRing()
        let reference = try reference ?? ReferralFixtures.reference()
        return try await TestDatabase.with(engine) { database in
            let time = FixedTimeSource(date: startDate)
            let harness = ReferralHarness(
                referrals: ReferralContext(
                    database: database,
                    reference: reference,
                    time: time,
                    keyRing: ring,
                    environment: environment
                ),
                database: database,
                time: time,
                reference: reference
            )
            return try await body(harness)
        }
    }

    public static func caller(_ actor: TestRegion.Actor) -> Caller { TestRegion.caller(actor) }
    public static var ppt: Caller { caller(.pptKristiansandAdviser) }
    public static var pptLeader: Caller { caller(.pptKristiansandLeader) }
    public static var intake: Caller { caller(.statpedIntake) }
    public static var manager: Caller { caller(.statpedManager) }
    public static var adviser: Caller { caller(.statpedAdviser) }

    static func rid() -> String { UUID().uuidString }

    // MARK: Steps

    /// A complete individual draft by the Kristiansand PPT adviser.
    public func draft(
        child: ChildInput = ReferralFixtures.child(),
        content: ReferralDraftContent = ReferralFixtures.content()
    ) async throws -> Referral {
        try await referrals.intake.createReferral(
            CreateReferralRequest.with {
                $0.requestId = Self.rid()
                $0.kind = .individual
                $0.referringPptOfficeId = TestRegion.pptKristiansand
                $0.child = child
                $0.content = content
            },
            as: Self.ppt
        )
    }

    public func submit(_ r: Referral, confirmed: Bool = true) async throws -> Referral {
        try await referrals.intake.submitReferral(
            SubmitReferralRequest.with {
                $0.requestId = Self.rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.guardianAgreementConfirmed = confirmed
            },
            as: Self.pptLeader
        )
    }

    public func startTriage(_ r: Referral) async throws -> Referral {
        try await referrals.intake.startTriage(
            StartTriageRequest.with {
                $0.requestId = Self.rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
            },
            as: Self.intake
        )
    }

    public func accept(_ r: Referral) async throws -> Referral {
        try await referrals.intake.acceptReferral(
            AcceptReferralRequest.with {
                $0.requestId = Self.rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
            },
            as: Self.intake
        )
    }

    public func assign(_ r: Referral, division: String = ReferralFixtures.divisionCompulsory) async throws -> Referral {
        try await referrals.service.assignReferral(
            AssignReferralRequest.with {
                $0.requestId = Self.rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.divisionId = division
                $0.locationId = ReferralFixtures.locationKristiansand
                $0.adviserIds = [ReferralFixtures.adviserPerson]
                $0.reason = .competence
            },
            as: Self.manager
        )
    }

    public func holdStartup(_ r: Referral, on date: LocalDate? = nil) async throws -> Referral {
        try await referrals.service.recordStartupMeeting(
            RecordStartupMeetingRequest.with {
                $0.requestId = Self.rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.heldOn = date ?? time.today()
                $0.physical = true
            },
            as: Self.adviser
        )
    }

    public func recordConsent(_ r: Referral, scope: ConsentScope = .informationSharing) async throws -> Referral {
        try await referrals.service.recordConsent(
            RecordConsentRequest.with {
                $0.requestId = Self.rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.guardianId = r.guardians.first?.id ?? ""
                $0.scope = scope
            },
            as: Self.ppt
        )
    }

    public func proposePlan(_ r: Referral) async throws -> Referral {
        try await referrals.service.proposeCollaborationPlan(
            ReferralFixtures.plan(r, from: time.today()),
            as: Self.adviser
        )
    }

    public func agree(_ r: Referral, party: ResponsibilityParty) async throws -> Referral {
        try await referrals.service.agreeCollaborationPlan(
            AgreeCollaborationPlanRequest.with {
                $0.requestId = Self.rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.party = party
            },
            as: party == .ppt ? Self.ppt : Self.adviser
        )
    }

    public func startClosing(_ r: Referral) async throws -> Referral {
        try await referrals.service.startClosing(
            StartClosingRequest.with {
                $0.requestId = Self.rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.evaluatedOn = time.today()
                $0.evaluationMethod = "Meeting"
                $0.evaluationSummary = "Goals partly reached."
            },
            as: Self.adviser
        )
    }

    public func close(_ r: Referral) async throws -> Referral {
        try await referrals.service.closeReferral(
            CloseReferralRequest.with {
                $0.requestId = Self.rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.summary = "Service completed; PPT follows up."
            },
            as: Self.adviser
        )
    }

    /// A referral driven along the happy path until it reaches `status`.
    public func referral(in status: ReferralStatus) async throws -> Referral {
        var r = try await draft()
        if status == .draft { return r }
        if status == .withdrawn {
            return try await referrals.intake.withdrawReferral(
                WithdrawReferralRequest.with {
                    $0.requestId = Self.rid()
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                },
                as: Self.pptLeader
            )
        }
        r = try await submit(r)
        if status == .submitted { return r }
        r = try await startTriage(r)
        if status == .inTriage { return r }
        if status == .returned {
            return try await referrals.intake.returnReferralForCompletion(
                ReturnReferralForCompletionRequest.with {
                    $0.requestId = Self.rid()
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.reason = "Missing expert assessment"
                },
                as: Self.intake
            )
        }
        if status == .declined {
            return try await referrals.intake.declineReferral(
                DeclineReferralRequest.with {
                    $0.requestId = Self.rid()
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.declineReason = .outsideMandate
                    $0.redirect = TriageRedirect.with { $0.target = .uh }
                },
                as: Self.intake
            )
        }
        r = try await accept(r)
        if status == .accepted { return r }
        r = try await assign(r)
        if status == .assigned { return r }
        r = try await holdStartup(r)
        if status == .startupHeld { return r }
        r = try await recordConsent(r)
        r = try await proposePlan(r)
        r = try await agree(r, party: .statped)
        r = try await agree(r, party: .ppt)
        if status == .inService { return r }
        r = try await startClosing(r)
        if status == .closing { return r }
        return try await close(r)
    }
}
