import Foundation
import KSITestSupport
import Testing

@testable import KSICore

/// Command mechanics: idempotent retries, optimistic versions, all-or-nothing storage.
@Suite("Referral commands")
struct ReferralCommandTests {
    typealias H = ReferralHarness

    func auditCount(_ h: ReferralHarness, _ id: String) async throws -> Int {
        try await h.referrals.records.listAuditRecords(
            ListAuditRecordsRequest.with { $0.aggregateId = id },
            as: H.manager
        )
        .items.count
    }

    func eventCount(_ h: ReferralHarness) async throws -> Int {
        try await h.referrals.records.listReferralMilestones(ListReferralMilestonesRequest(), as: .system("gateway"))
            .events
            .count
    }

    @Test(
        "PRIV-R3: a request id replays its response only to the person who sent it; another person of the same PPT office, or the office without a person, gets no replay of the child data"
    )
    func retryReplaysOnlyToTheSamePerson() async throws {
        try await H.with { h in
            let create = CreateReferralRequest.with {
                $0.requestId = "create-shared-id"
                $0.kind = .individual
                $0.referringPptOfficeId = TestRegion.pptKristiansand
                $0.child = ReferralFixtures.child()
                $0.content = ReferralFixtures.content()
            }
            let first = try await h.referrals.intake.createReferral(create, as: H.ppt)
            #expect(H.ppt.orgNumber == H.pptLeader.orgNumber)
            // The organisation without a person holds no PPT role: the command runs (no replay) and is refused.
            let noPerson = Caller(orgNumber: H.ppt.orgNumber, grants: [])
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.createReferral(create, as: noPerson)
            }
            // Another person of the office: the command runs as theirs, never as a replay of the first answer.
            let other = try? await h.referrals.intake.createReferral(create, as: H.pptLeader)
            #expect(other?.id != first.id)
            // The sender's own retry is still a replay.
            #expect(try await h.referrals.intake.createReferral(create, as: H.ppt) == first)
        }
    }

    @Test("an idempotent retry returns the first result and writes nothing twice")
    func idempotentRetry() async throws {
        try await H.with { h in
            let create = CreateReferralRequest.with {
                $0.requestId = "create-1"
                $0.kind = .individual
                $0.referringPptOfficeId = TestRegion.pptKristiansand
                $0.child = ReferralFixtures.child()
                $0.content = ReferralFixtures.content()
            }
            let first = try await h.referrals.intake.createReferral(create, as: H.ppt)
            let again = try await h.referrals.intake.createReferral(create, as: H.ppt)
            #expect(again == first)
            let list = try await h.referrals.records.listReferrals(ListReferralsRequest(), as: H.ppt)
            #expect(list.items.count == 1)

            let submit = SubmitReferralRequest.with {
                $0.requestId = "submit-1"
                $0.referralId = first.id
                $0.expectedVersion = first.version
                $0.guardianAgreementConfirmed = true
            }
            let submitted = try await h.referrals.intake.submitReferral(submit, as: H.pptLeader)
            let audits = try await auditCount(h, first.id)
            let events = try await eventCount(h)
            h.time.advance(millis: 5000)
            let retried = try await h.referrals.intake.submitReferral(submit, as: H.pptLeader)
            #expect(retried == submitted)
            #expect(try await auditCount(h, first.id) == audits)
            #expect(try await eventCount(h) == events)
            // The same request id for another method is refused.
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.withdrawReferral(
                    WithdrawReferralRequest.with {
                        $0.requestId = "submit-1"
                        $0.referralId = first.id
                        $0.expectedVersion = first.version
                    },
                    as: H.pptLeader
                )
            }
        }
    }

    @Test("a stale expected version is a version conflict")
    func versionConflict() async throws {
        try await H.with { h in
            let draft = try await h.draft()
            _ = try await h.referrals.intake.updateReferralDraft(
                UpdateReferralDraftRequest.with {
                    $0.referralId = draft.id
                    $0.expectedVersion = draft.version
                    $0.content = ReferralFixtures.content(areas: [.vision])
                },
                as: H.ppt
            )
            let error = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.updateReferralDraft(
                    UpdateReferralDraftRequest.with {
                        $0.referralId = draft.id
                        $0.expectedVersion = draft.version
                        $0.content = ReferralFixtures.content(areas: [.hearing])
                    },
                    as: H.ppt
                )
            }
            #expect(error?.code == .versionConflict)
        }
    }

    @Test("a command that fails after its first write stores nothing")
    func failingCommandStoresNothing() async throws {
        try await H.with { h in
            let draft = try await h.draft()
            let audits = try await auditCount(h, draft.id)
            // The content is stored first; the oversized sealed title then makes the referral too big to store.
            await #expect(throws: (any Error).self) {
                _ = try await h.referrals.intake.addReferralAttachment(
                    AddReferralAttachmentRequest.with {
                        $0.requestId = "att-1"
                        $0.referralId = draft.id
                        $0.expectedVersion = draft.version
                        $0.kind = .expertAssessment
                        $0.title = String(repeating: "t", count: 3_500_000)
                        $0.content = [1, 2, 3]
                    },
                    as: H.ppt
                )
            }
            let runner = CommandRunner(database: h.database, context: ReferralContext.contextName, time: h.time)
            let contents = try await runner.read { store in try await store.list(SealedAttachment.self).items.count }
            #expect(contents == 0)
            #expect(try await auditCount(h, draft.id) == audits)
            let stored = try await h.referrals.records.getReferral(
                GetReferralRequest.with { $0.id = draft.id },
                as: H.ppt
            )
            #expect(stored.version == draft.version)
            #expect(stored.attachments.isEmpty)
        }
    }

    @Test("attachments are sealed, downloaded by readers of child data, and removed as tombstones")
    func attachments() async throws {
        try await H.with { h in
            let draft = try await h.draft()
            let content = Array("expert assessment text".utf8)
            let added = try await h.referrals.intake.addReferralAttachment(
                AddReferralAttachmentRequest.with {
                    $0.referralId = draft.id
                    $0.expectedVersion = draft.version
                    $0.kind = .expertAssessment
                    $0.title = "Sakkyndig vurdering"
                    $0.contentType = "text/plain"
                    $0.content = content
                },
                as: H.ppt
            )
            let attachment = try #require(added.attachments.first)
            #expect(attachment.title == "")
            let download = try await h.referrals.records.getReferralAttachment(
                GetReferralAttachmentRequest.with {
                    $0.referralId = draft.id
                    $0.id = attachment.id
                },
                as: H.ppt
            )
            #expect(download.content == content)
            #expect(download.attachment?.title == "Sakkyndig vurdering")
            let removed = try await h.referrals.intake.removeReferralAttachment(
                RemoveReferralAttachmentRequest.with {
                    $0.referralId = added.id
                    $0.expectedVersion = added.version
                    $0.attachmentId = attachment.id
                },
                as: H.ppt
            )
            #expect(removed.attachments.isEmpty)
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.records.getReferralAttachment(
                    GetReferralAttachmentRequest.with {
                        $0.referralId = draft.id
                        $0.id = attachment.id
                    },
                    as: H.ppt
                )
            }
        }
    }

    @Test("a referral sealed under an old key stays readable after rotation")
    func rotationThroughTheContext() async throws {
        let old = try ReferralKeyRing(keys: [("k-old", [UInt8](repeating: 1, count: 32))])
        try await H.with(keyRing: old) { h in
            let draft = try await h.draft()
            let rotated = ReferralContext(
                database: h.database,
                reference: h.reference,
                time: h.time,
                keyRing: try old.adding(keyId: "k-new", key: [UInt8](repeating: 2, count: 32))
            )
            #expect(
                try await rotated.records.getReferral(GetReferralRequest.with { $0.id = draft.id }, as: H.ppt).child?
                    .name
                    == ReferralFixtures.childName
            )
            let updated = try await rotated.intake.updateReferralDraft(
                UpdateReferralDraftRequest.with {
                    $0.referralId = draft.id
                    $0.expectedVersion = draft.version
                    $0.child = ReferralFixtures.child(name: "Renamed Child")
                },
                as: H.ppt
            )
            let runner = CommandRunner(database: h.database, context: ReferralContext.contextName, time: h.time)
            let stored = try await runner.read { store in
                try await store.require(Referral.self, id: updated.id, what: "referral")
            }
            #expect(try ReferralFieldCrypto.keyId(ofSealedText: stored.child?.name ?? "") == "k-new")
            #expect(try ReferralFieldCrypto.keyId(ofSealedText: stored.needDescription) == "k-old")
            // The old context, without the new key, now fails cleanly instead of crashing.
            let error = await #expect(throws: ReferralCryptoError.self) {
                _ = try await h.referrals.records.getReferral(GetReferralRequest.with { $0.id = draft.id }, as: H.ppt)
            }
            #expect(error?.code == .unknownKey)
        }
    }
}
