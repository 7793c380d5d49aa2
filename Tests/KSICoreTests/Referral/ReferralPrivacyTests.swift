import Foundation
import KSICore
import KSITestSupport
import Testing

/// PRIV-R1–R12 as they concern referrals (DOMAIN.md §7).
@Suite("Referral privacy (PRIV-R1–R12)")
struct ReferralPrivacyTests {
    typealias H = ReferralHarness

    func get(_ h: ReferralHarness, _ id: String, as caller: Caller) async throws -> Referral {
        try await h.referrals.records.getReferral(
            GetReferralRequest.with {
                $0.id = id
                $0.purpose = "case work"
            },
            as: caller
        )
    }

    @Test("PRIV-R1 and PRIV-R5 milestone events carry no child identifiers; the embete gets no stream or cases")
    func eventsArePseudonymous() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .closed)
            let page = try await h.referrals.records.listReferralMilestones(
                ListReferralMilestonesRequest.with { $0.pageSize = 100 },
                as: .system("gateway")
            )
            #expect(
                page.events.map(\.milestone) == [
                    .submitted, .accepted, .assigned, .startupHeld, .inService, .closing, .closed,
                ]
            )
            #expect(page.events.last?.divisionId == ReferralFixtures.divisionCompulsory)
            // Before assignment: the division of the child's age band (11 years: compulsory).
            #expect(page.events.first?.divisionId == ReferralFixtures.divisionCompulsory)
            for event in page.events {
                let bytes = Data(try event.wireEncoded())
                for needle in [
                    ReferralFixtures.childName, ReferralFixtures.childNationalId, ReferralFixtures.guardianName,
                    r.child?.childRef ?? "?",
                ] {
                    #expect(bytes.range(of: Data(needle.utf8)) == nil)
                }
            }
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.records.listReferralMilestones(
                    ListReferralMilestonesRequest(),
                    as: H.caller(.sfCaseworker)
                )
            }
        }
    }

    @Test("PRIV-R3 only the responsible PPT office reads the case, and access moves with a transfer")
    func pptAccess() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .submitted)
            #expect(try await get(h, r.id, as: H.ppt).child?.name == ReferralFixtures.childName)
            await #expect(throws: DomainError.self) { _ = try await get(h, r.id, as: H.caller(.pptArendalLeader)) }
            // Only the leader submits.
            let draft = try await h.draft()
            let notLeader = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.submitReferral(
                    SubmitReferralRequest.with {
                        $0.referralId = draft.id
                        $0.expectedVersion = draft.version
                        $0.guardianAgreementConfirmed = true
                    },
                    as: H.ppt
                )
            }
            #expect(notLeader?.code == .notPermitted)
            // The new office must serve the child (REF-R1).
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.service.transferReferral(
                    TransferReferralRequest.with {
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                        $0.newPptOfficeId = TestRegion.pptArendal
                    },
                    as: H.pptLeader
                )
            }
            let moved = try await h.referrals.service.transferReferral(
                TransferReferralRequest.with {
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.newPptOfficeId = ReferralFixtures.secondKristiansandOffice
                },
                as: H.pptLeader
            )
            #expect(moved.referringPptOfficeId == ReferralFixtures.secondKristiansandOffice)
            #expect(
                try await get(h, r.id, as: ReferralFixtures.secondOfficeLeader()).child?.name
                    == ReferralFixtures.childName
            )
            await #expect(throws: DomainError.self) { _ = try await get(h, r.id, as: H.ppt) }
            let list = try await h.referrals.records.listReferrals(ListReferralsRequest(), as: H.ppt)
            #expect(!list.items.contains { $0.id == r.id })
        }
    }

    @Test("PRIV-R4 only the assigned adviser reads the case; the manager sees metadata and reassigns")
    func statpedAccess() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .assigned)
            #expect(try await get(h, r.id, as: H.adviser).child?.name == ReferralFixtures.childName)
            #expect(try await get(h, r.id, as: H.intake).needDescription.isEmpty == false)
            await #expect(throws: DomainError.self) { _ = try await get(h, r.id, as: H.caller(.statpedOtherAdviser)) }
            let managerView = try await get(h, r.id, as: H.manager)
            #expect(managerView.child?.name == "")
            #expect(managerView.child?.nationalIdMasked == "")
            #expect(managerView.child?.childRef.isEmpty == false)
            #expect(managerView.guardians.isEmpty)
            #expect(managerView.needDescription.isEmpty)
            #expect(managerView.assignment?.divisionId == ReferralFixtures.divisionCompulsory)
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.records.getReferralAttachment(
                    GetReferralAttachmentRequest.with {
                        $0.referralId = r.id
                        $0.id = "x"
                    },
                    as: H.manager
                )
            }
            let other = H.caller(.statpedOtherAdviser)
            _ = try await h.referrals.service.reassignReferral(
                ReassignReferralRequest.with {
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.divisionId = ReferralFixtures.divisionCompulsory
                    $0.locationId = ReferralFixtures.locationKristiansand
                    $0.adviserIds = [other.personId]
                    $0.reason = .capacity
                },
                as: H.manager
            )
            #expect(try await get(h, r.id, as: other).child?.name == ReferralFixtures.childName)
            await #expect(throws: DomainError.self) { _ = try await get(h, r.id, as: H.adviser) }
            let mine = try await h.referrals.records.listReferrals(ListReferralsRequest(), as: other)
            #expect(mine.items.map(\.id) == [r.id])
            #expect(try await h.referrals.records.listReferrals(ListReferralsRequest(), as: H.adviser).items.isEmpty)
        }
    }

    @Test("PRIV-R6 a data subject export holds the referral, the national id, the access log and the audit trail")
    func export() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .submitted)
            _ = try await get(h, r.id, as: H.ppt)
            let export = try await h.referrals.records.exportDataSubject(
                ExportDataSubjectRequest.with {
                    $0.referralId = r.id
                    $0.purpose = "access request from guardian"
                },
                as: H.pptLeader
            )
            #expect(export.nationalId == ReferralFixtures.childNationalId)
            #expect(export.referral?.child?.name == ReferralFixtures.childName)
            #expect(export.referral?.guardians.first?.name == ReferralFixtures.guardianName)
            #expect(export.accessLog.count == 2)
            #expect(export.auditRecords.map(\.action) == ["CreateReferral", "SubmitReferral"])
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.records.exportDataSubject(
                    ExportDataSubjectRequest.with { $0.referralId = r.id },
                    as: H.manager
                )
            }
        }
    }

    @Test(
        "PRIV-R7 lists carry the pseudonym only, never the national id or name, and write responses hold no child data"
    )
    func listsArePseudonymous() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .submitted)
            #expect(r.child?.name == "")
            #expect(r.child?.nationalIdMasked == "")
            #expect(r.guardians.allSatisfy { $0.name.isEmpty && !$0.id.isEmpty })
            let list = try await h.referrals.records.listReferrals(ListReferralsRequest(), as: H.intake)
            #expect(list.items.count == 1)
            let bytes = Data(try list.wireEncoded())
            for needle in [
                ReferralFixtures.childName, ReferralFixtures.childNationalId,
                String(ReferralFixtures.childNationalId.prefix(6)),
            ] {
                #expect(bytes.range(of: Data(needle.utf8)) == nil)
            }
            #expect(list.items.first?.childRef == r.child?.childRef)
            let read = try await get(h, r.id, as: H.intake)
            #expect(read.child?.nationalIdMasked == String(ReferralFixtures.childNationalId.prefix(6)) + "*****")
        }
    }

    @Test("PRIV-R8 every read of child data is logged and listed for the DPO")
    func accessLog() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .assigned)
            _ = try await get(h, r.id, as: H.adviser)
            _ = try await get(h, r.id, as: H.manager)  // metadata only: not a child-data read
            let log = try await h.referrals.records.listChildDataAccess(
                ListChildDataAccessRequest.with { $0.referralId = r.id },
                as: H.manager
            )
            #expect(log.items.count == 1)
            #expect(log.items.first?.actorRole == .statpedAdviser)
            #expect(log.items.first?.actorPersonId == ReferralFixtures.adviserPerson)
            #expect(log.items.first?.purpose == "case work")
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.records.listChildDataAccess(ListChildDataAccessRequest(), as: H.ppt)
            }
            let audit = try await h.referrals.records.listAuditRecords(
                ListAuditRecordsRequest.with { $0.aggregateId = r.id },
                as: H.caller(.udirAdmin)
            )
            #expect(audit.items.map(\.afterState).last == "assigned")
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.records.listAuditRecords(
                    ListAuditRecordsRequest(),
                    as: H.caller(.forumMember)
                )
            }
        }
    }

    @Test("PRIV-R9 withdrawing the information-sharing consent stops the service and is recorded")
    func consentWithdrawal() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .inService)
            let consent = try #require(r.consents.first { $0.scope == .informationSharing })
            let withdrawn = try await h.referrals.service.withdrawConsent(
                WithdrawConsentRequest.with {
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.consentId = consent.id
                },
                as: H.ppt
            )
            #expect(withdrawn.consents.first { $0.id == consent.id }?.withdrawnOn == h.time.today())
            #expect(withdrawn.warnings.contains { $0.ruleId == "PRIV-R9" })
            let stopped = await #expect(throws: DomainError.self) { _ = try await h.startClosing(withdrawn) }
            #expect(stopped?.violations.map(\.rule.value) == ["PRIV-R9"])
            let audit = try await h.referrals.records.listAuditRecords(
                ListAuditRecordsRequest.with { $0.aggregateId = r.id },
                as: H.manager
            )
            #expect(audit.items.contains { $0.action == "WithdrawConsent" && $0.reason.contains("notified") })
            let renewed = try await h.recordConsent(withdrawn)
            #expect(!renewed.warnings.contains { $0.ruleId == "PRIV-R9" })
            #expect(try await h.startClosing(renewed).status == .closing)
        }
    }

    @Test("PRIV-R10 child data of referrals closed more than five years ago is deleted; milestones stay")
    func retention() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .closed)
            let recent = try await h.referral(in: .closed)
            let closedOn = h.time.today()
            #expect(try await h.referrals.records.purgeExpired(asOf: closedOn.adding(years: 5)) == 0)
            let eventsBefore = try await h.referrals.records.listReferralMilestones(
                ListReferralMilestonesRequest(),
                as: .system("gateway")
            ).events.count
            h.time.set(closedOn.adding(years: 5).adding(days: 1))
            #expect(try await h.referrals.records.purgeExpired(asOf: h.time.today()) == 2)
            let after = try await get(h, r.id, as: H.intake)
            #expect(after.child?.name == "")
            #expect(after.child?.childRef == r.child?.childRef)
            #expect(after.guardians.isEmpty)
            #expect(after.needDescription.isEmpty)
            #expect(after.status == .closed)
            #expect(after.timestamps?.closedAt == r.timestamps?.closedAt)
            #expect(
                try await h.referrals.records.listReferralMilestones(
                    ListReferralMilestonesRequest(),
                    as: .system("gateway")
                )
                .events.count == eventsBefore
            )
            #expect(try await h.referrals.records.purgeExpired(asOf: h.time.today()) == 0)
            _ = recent
        }
    }

    @Test("PRIV-R10 a sweep over more ended referrals than one page purges every one, a transaction per page")
    func retentionAcrossPages() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .closed)
            // 600 more closed referrals stored as copies of this one: 601 ended cases, two pages of 500.
            let copies = 600
            try await h.database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: ReferralContext.contextName)
                for index in 0..<copies {
                    var copy = r
                    copy.id = "retention-copy-\(index)"
                    _ = try await store.insert(copy, at: 1_000)
                }
            }
            h.time.set(h.time.today().adding(years: 5).adding(days: 1))
            let transactions = h.database.commitStatistics.transactions
            #expect(try await h.referrals.records.purgeExpired(asOf: h.time.today()) == copies + 1)
            #expect(h.database.commitStatistics.transactions - transactions == 2)
            for id in [r.id, "retention-copy-0", "retention-copy-499", "retention-copy-\(copies - 1)"] {
                let after = try await get(h, id, as: H.intake)
                #expect(after.guardians.isEmpty, "\(id)")
                #expect(after.child?.name == "", "\(id)")
                #expect(after.status == .closed, "\(id)")
            }
            #expect(try await h.referrals.records.purgeExpired(asOf: h.time.today()) == 0)
        }
    }

    @Test("PRIV-R11 a system request holds no child data")
    func systemRequestNoChildData() async throws {
        try await H.with { h in
            let error = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.createReferral(
                    CreateReferralRequest.with {
                        $0.kind = .system
                        $0.requestingOrgId = TestRegion.uia
                        $0.content = ReferralDraftContent.with {
                            $0.topic = "AAC in teacher education"
                            $0.guardians = [Guardian.with { $0.name = "x" }]
                        }
                    },
                    as: H.caller(.uiaContact)
                )
            }
            #expect(error?.violations.map(\.rule.value) == ["REF-R15"])
            let request = try await h.referrals.intake.createReferral(
                CreateReferralRequest.with {
                    $0.kind = .system
                    $0.requestingOrgId = TestRegion.uia
                    $0.content = ReferralDraftContent.with { $0.topic = "AAC in teacher education" }
                },
                as: H.caller(.uiaContact)
            )
            #expect(request.child == nil && request.guardians.isEmpty)
        }
    }

    @Test("PRIV-R12 embete staff, forums, owners and the public see no referral case data")
    func othersSeeAggregatesOnly() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .submitted)
            for actor in [
                TestRegion.Actor.sfCaseworker, .forumMember, .kristiansandOwnerAdmin, .uiaContact, .udirAdmin,
                .publicViewer, .unionRep,
            ] {
                let error = await #expect(throws: DomainError.self) { _ = try await get(h, r.id, as: H.caller(actor)) }
                #expect(error?.code == .notPermitted)
            }
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.records.listReferrals(ListReferralsRequest(), as: H.caller(.sfCaseworker))
            }
        }
    }
}
