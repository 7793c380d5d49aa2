import Foundation
import KSICore
import KSITestSupport
import Testing

/// `TransferReferralRequest.reason` and `NotifyPptRequest.note` are kept (they were accepted and dropped before):
/// each move of a case to another PPT office is a `transfers` record (from, to, when, by whom, and the reason) and
/// the note on how PPT was informed is the referral's `ppt_notification_note`. Both texts are case texts that can
/// hold health data, so they are sealed at rest and opened only in the full view (PRIV-R2, PRIV-R3, PRIV-R4).
@Suite("Referral: transfer reasons and PPT notification notes are stored sealed (PRIV-R2)")
struct ReferralStoredNotesTests {
    typealias H = ReferralHarness

    static let firstReason = "Familien har flyttet til Kristiansand øst-MOVETEXT"
    static let secondReason = "Barnet innlagt, tilbake til opprinnelig kontor-BACKTEXT"
    static let note = "Ringte PPT-leder, barnet har fått CI-NOTIFYTEXT"

    static func get(_ h: H, _ id: String, as caller: Caller) async throws -> Referral {
        try await h.referrals.records.getReferral(GetReferralRequest.with { $0.id = id }, as: caller)
    }

    static func transfer(
        _ r: Referral,
        to office: String,
        reason: String,
        as caller: Caller,
        _ h: H
    ) async throws
        -> Referral
    {
        try await h.referrals.service.transferReferral(
            TransferReferralRequest.with {
                $0.requestId = UUID().uuidString
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.newPptOfficeId = office
                $0.reason = reason
            },
            as: caller
        )
    }

    @Test(
        "PRIV-R3 each transfer is recorded with its reason, which the responsible office reads back and no one else",
        arguments: TestDatabase.Engine.allCases
    )
    func transfersKeepTheirReasons(engine: TestDatabase.Engine) async throws {
        try await H.with(engine: engine) { h in
            let submitted = try await h.referral(in: .submitted)
            let moved = try await Self.transfer(
                submitted,
                to: ReferralFixtures.secondKristiansandOffice,
                reason: Self.firstReason,
                as: H.pptLeader,
                h
            )
            // The write response (remembered for retries) has the record without the text.
            #expect(moved.transfers.count == 1)
            #expect(moved.transfers.first?.reason == "")
            let back = try await Self.transfer(
                moved,
                to: TestRegion.pptKristiansand,
                reason: Self.secondReason,
                as: ReferralFixtures.secondOfficeLeader(),
                h
            )
            let third = try await Self.transfer(
                back,
                to: ReferralFixtures.secondKristiansandOffice,
                reason: "",
                as: H.pptLeader,
                h
            )

            let read = try await Self.get(h, third.id, as: ReferralFixtures.secondOfficeLeader())
            #expect(read.referringPptOfficeId == ReferralFixtures.secondKristiansandOffice)
            #expect(
                read.transfers.map(\.fromPptOfficeId) == [
                    TestRegion.pptKristiansand, ReferralFixtures.secondKristiansandOffice, TestRegion.pptKristiansand,
                ]
            )
            #expect(
                read.transfers.map(\.toPptOfficeId) == [
                    ReferralFixtures.secondKristiansandOffice, TestRegion.pptKristiansand,
                    ReferralFixtures.secondKristiansandOffice,
                ]
            )
            #expect(read.transfers.map(\.reason) == [Self.firstReason, Self.secondReason, ""])
            #expect(
                read.transfers.map(\.transferredByPersonId) == [
                    TestRegion.personId(.pptKristiansandLeader), "person-secondOfficeLeader",
                    TestRegion.personId(.pptKristiansandLeader),
                ]
            )
            #expect(read.transfers.allSatisfy { $0.transferredAt == h.time.nowMillis() })
            // Statped intake reads the case while it is with Statped (submitted): the reasons too.
            #expect(try await Self.get(h, third.id, as: H.intake).transfers.map(\.reason).first == Self.firstReason)
            // The office the case left reads nothing (PRIV-R3).
            await #expect(throws: DomainError.self) { _ = try await Self.get(h, third.id, as: H.pptLeader) }
            // The manager's metadata view has the moves but not their texts (PRIV-R4).
            let managerView = try await Self.get(h, third.id, as: H.manager)
            #expect(managerView.transfers.count == 3 && managerView.transfers.allSatisfy { $0.reason.isEmpty })
            // Not in clear in any stored row, event, idempotency response, audit or access-log reason.
            let raw = try await ReferralCaseTextSealingTests.rawBytes(h.database)
            for marker in ["MOVETEXT", "BACKTEXT"] { #expect(raw.range(of: Data(marker.utf8)) == nil) }
        }
    }

    @Test("PRIV-R10 retention empties a transfer's reason and keeps the move")
    func retentionEmptiesTransferReasons() async throws {
        try await H.with { h in
            let moved = try await Self.transfer(
                try await h.referral(in: .submitted),
                to: ReferralFixtures.secondKristiansandOffice,
                reason: Self.firstReason,
                as: H.pptLeader,
                h
            )
            let newLeader = ReferralFixtures.secondOfficeLeader()
            let withdrawn = try await h.referrals.intake.withdrawReferral(
                WithdrawReferralRequest.with {
                    $0.requestId = UUID().uuidString
                    $0.referralId = moved.id
                    $0.expectedVersion = moved.version
                    $0.reason = "Familien trekker henvisningen"
                },
                as: newLeader
            )
            #expect(try await Self.get(h, withdrawn.id, as: newLeader).transfers.first?.reason == Self.firstReason)
            h.time.set(h.time.today().adding(years: 5).adding(days: 1))
            #expect(try await h.referrals.records.purgeExpired(asOf: h.time.today()) == 1)
            let record = try await Self.get(h, withdrawn.id, as: newLeader)
            #expect(record.transfers.count == 1)
            #expect(record.transfers.first?.reason == "")
            #expect(record.transfers.first?.toPptOfficeId == ReferralFixtures.secondKristiansandOffice)
        }
    }

    @Test("REF-R2 the note on how PPT was informed is kept sealed and read back in the full view")
    func notificationNoteKept() async throws {
        try await H.with { h in
            let opened = try await h.referrals.intake.openWithoutApplication(
                OpenWithoutApplicationRequest.with {
                    $0.exceptionCause = .newlyDiscoveredSevereSensoryLoss
                    $0.referringPptOfficeId = TestRegion.pptKristiansand
                    $0.child = ReferralFixtures.child()
                    $0.content = ReferralFixtures.content(areas: [.hearing])
                },
                as: H.intake
            )
            #expect(opened.pptNotificationNote == "")
            let notified = try await h.referrals.intake.notifyPpt(
                NotifyPptRequest.with {
                    $0.requestId = UUID().uuidString
                    $0.referralId = opened.id
                    $0.expectedVersion = opened.version
                    $0.note = Self.note
                },
                as: H.intake
            )
            #expect(notified.pptNotifiedAt > 0)
            #expect(notified.pptNotificationNote == "")  // the write response holds no case text
            #expect(try await Self.get(h, opened.id, as: H.intake).pptNotificationNote == Self.note)
            #expect(try await Self.get(h, opened.id, as: H.ppt).pptNotificationNote == Self.note)
            #expect(try await Self.get(h, opened.id, as: H.manager).pptNotificationNote == "")
            let raw = try await ReferralCaseTextSealingTests.rawBytes(h.database)
            #expect(raw.range(of: Data("NOTIFYTEXT".utf8)) == nil)
        }
    }
}
