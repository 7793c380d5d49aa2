import Foundation
import KSICore
import KSITestSupport
import Testing

/// AUTH-R2: a request field that names the acting person must be empty or the caller's person; the
/// stored person is always `Caller.personId`.
@Suite("AUTH-R2 acting-person fields")
struct ActingPersonTests {
    typealias H = ReferralHarness

    @Test("AUTH-R2 an empty field or the caller's own person passes; another person is refused with field and rule")
    func callerCheck() throws {
        let caller = TestRegion.caller(.statpedIntake)
        try caller.checkActingPerson("")
        try caller.checkActingPerson(TestRegion.personId(.statpedIntake))
        let error = #expect(throws: DomainError.self) {
            try caller.checkActingPerson(TestRegion.personId(.statpedManager))
        }
        #expect(error?.code == .notPermitted)
        #expect(error?.violations.map(\.field) == ["acting_person_id"])
        #expect(error?.violations.map(\.rule.value) == ["AUTH-R2"])
        var system = Caller.system("test")
        system.personId = ""
        let anonymous = #expect(throws: DomainError.self) { try system.checkActingPerson("person-anyone") }
        #expect(anonymous?.violations.map(\.rule.value) == ["AUTH-R2"])
    }

    @Test("AUTH-R2 a referral command naming another acting person is refused and stores nothing")
    func referralCommandRefused() async throws {
        try await H.with { h in
            let r = try await h.startTriage(try await h.submit(try await h.draft()))
            let error = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.acceptReferral(
                    AcceptReferralRequest.with {
                        $0.requestId = UUID().uuidString
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                        $0.actingPersonId = TestRegion.personId(.statpedManager)
                    },
                    as: H.intake
                )
            }
            #expect(error?.violations.map(\.rule.value) == ["AUTH-R2"])
            let unchanged = try await h.referrals.records.getReferral(
                GetReferralRequest.with { $0.id = r.id },
                as: H.intake
            )
            #expect(unchanged.version == r.version)
            #expect(unchanged.status == .inTriage)
            // The field repeating the caller's own person is accepted, and the stored person is the caller's.
            let accepted = try await h.referrals.intake.acceptReferral(
                AcceptReferralRequest.with {
                    $0.requestId = UUID().uuidString
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.actingPersonId = TestRegion.personId(.statpedIntake)
                },
                as: H.intake
            )
            #expect(accepted.triage?.by == TestRegion.personId(.statpedIntake))
        }
    }

    @Test("AUTH-R2 a caller without a person cannot name one: the referral is stored without a referring person")
    func noPersonCannotNameOne() async throws {
        try await H.with { h in
            var organisationOnly = H.ppt
            organisationOnly.personId = ""
            let create = CreateReferralRequest.with {
                $0.requestId = UUID().uuidString
                $0.kind = .individual
                $0.referringPptOfficeId = TestRegion.pptKristiansand
                $0.child = ReferralFixtures.child()
                $0.content = ReferralFixtures.content()
                $0.actingPersonId = TestRegion.personId(.pptKristiansandAdviser)
            }
            let error = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.createReferral(create, as: organisationOnly)
            }
            #expect(error?.violations.map(\.rule.value) == ["AUTH-R2"])
            #expect(try await h.referrals.records.listReferrals(ListReferralsRequest(), as: H.ppt).items.isEmpty)
            var unnamed = create
            unnamed.actingPersonId = ""
            let stored = try await h.referrals.intake.createReferral(unnamed, as: H.ppt)
            #expect(stored.referringAdviserId == TestRegion.personId(.pptKristiansandAdviser))
        }
    }

    @Test("AUTH-R2 the same check guards the other contexts: a needs report submitted as another person is refused")
    func needsCommandRefused() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let needs = NeedsContext(
                database: database,
                reference: try TestRegion.reference(),
                time: FixedTimeSource(date: LocalDate(year: 2026, month: 2, day: 2))
            )
            let error = await #expect(throws: DomainError.self) {
                _ = try await needs.reports.submitNeedsReport(
                    SubmitNeedsReportRequest.with {
                        $0.requestId = UUID().uuidString
                        $0.needsReportId = "no-such-report"
                        $0.expectedVersion = 1
                        $0.actingPersonId = TestRegion.personId(.arendalOwnerAdmin)
                    },
                    as: TestRegion.caller(.kristiansandOwnerAdmin)
                )
            }
            // Refused before the report is even looked up: the person check comes first.
            #expect(error?.code == .notPermitted)
            #expect(error?.violations.map(\.rule.value) == ["AUTH-R2"])
        }
    }
}
