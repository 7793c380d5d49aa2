import Foundation
import KSICore
import KSITestSupport
import Testing

/// DOMAIN.md §7 enforced per authenticated person (issue 12): each rule refuses the wrong person.
@Suite("Referral need-to-know per person (PRIV-R3, R4, R8; AUTH-R3)")
struct ReferralNeedToKnowTests {
    typealias H = ReferralHarness

    func get(_ h: H, _ id: String, as caller: Caller) async throws -> Referral {
        try await h.referrals.records.getReferral(GetReferralRequest.with { $0.id = id }, as: caller)
    }

    func listIds(_ h: H, as caller: Caller) async throws -> Set<String> {
        Set(try await h.referrals.records.listReferrals(ListReferralsRequest(), as: caller).items.map(\.id))
    }

    @Test("PRIV-R3/R4 a PPT draft is invisible to Statped intake and the manager until it is submitted")
    func draftsInvisibleToStatped() async throws {
        try await H.with { h in
            let draft = try await h.draft()
            for statped in [H.intake, H.manager] {
                let refused = await #expect(throws: DomainError.self) { _ = try await get(h, draft.id, as: statped) }
                #expect(refused?.code == .notPermitted)
                #expect(try await listIds(h, as: statped).isEmpty)
            }
            // Withdrawn before it was ever submitted: still PPT's own.
            let withdrawn = try await h.referral(in: .withdrawn)
            #expect(try await listIds(h, as: H.intake).isEmpty)
            await #expect(throws: DomainError.self) { _ = try await get(h, withdrawn.id, as: H.intake) }
            // The responsible PPT office reads both.
            #expect(try await get(h, draft.id, as: H.ppt).child?.name == ReferralFixtures.childName)
            let submitted = try await h.submit(draft)
            #expect(try await listIds(h, as: H.intake) == [submitted.id])
            #expect(try await get(h, submitted.id, as: H.intake).child?.name == ReferralFixtures.childName)
        }
    }

    @Test("PRIV-R4 a case returned for completion is back with PPT: intake sees its metadata, not the child")
    func returnedIsBackWithPpt() async throws {
        try await H.with { h in
            let returned = try await h.referral(in: .returned)
            let intakeView = try await get(h, returned.id, as: H.intake)
            #expect(intakeView.status == .returned)
            #expect(intakeView.child?.name == "")
            #expect(intakeView.needDescription == "")
            #expect(intakeView.returnReason == "")
            let pptView = try await get(h, returned.id, as: H.ppt)
            #expect(pptView.returnReason == "Missing expert assessment")
            #expect(pptView.triage?.reason == "Missing expert assessment")
            let export = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.records.exportDataSubject(
                    ExportDataSubjectRequest.with { $0.referralId = returned.id },
                    as: H.intake
                )
            }
            #expect(export?.code == .notPermitted)
        }
    }

    @Test("PRIV-R4 a Statped adviser who is not assigned has no access; the assigned person does")
    func unassignedAdviserRefused() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .assigned)
            #expect(r.assignment?.adviserIds == [TestRegion.personId(.statpedAdviser)])
            let other = H.caller(.statpedOtherAdviser)
            let refused = await #expect(throws: DomainError.self) { _ = try await get(h, r.id, as: other) }
            #expect(refused?.code == .notPermitted)
            #expect(try await listIds(h, as: other).isEmpty)
            // The same role in the same organisation, another person: the person decides, not the organisation.
            #expect(other.orgNumber == H.adviser.orgNumber && other.grants == H.adviser.grants)
            let write = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.service.recordStartupMeeting(
                    RecordStartupMeetingRequest.with {
                        $0.requestId = UUID().uuidString
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                        $0.heldOn = h.time.today()
                    },
                    as: other
                )
            }
            #expect(write?.code == .notPermitted)
            let stillAssigned = try await get(h, r.id, as: H.adviser)
            #expect(stillAssigned.child?.name == ReferralFixtures.childName)
            #expect(try await listIds(h, as: H.adviser) == [r.id])
            // An adviser's person id in the assignment is not enough without the adviser role.
            var noRole = H.intake
            noRole.grants = [RoleGrant(.statpedForumRep, scope: TestRegion.countyId)]
            noRole.personId = TestRegion.personId(.statpedAdviser)
            await #expect(throws: DomainError.self) { _ = try await get(h, r.id, as: noRole) }
        }
    }

    @Test(
        "PRIV-R4 the Statped manager reads metadata only: no child identity, no sealed free text, no attachment or export"
    )
    func managerMetadataOnly() async throws {
        try await H.with { h in
            var r = try await h.referral(in: .assigned)
            r = try await h.holdStartup(r)
            r = try await h.recordConsent(r)
            r = try await h.proposePlan(r)
            let full = try await get(h, r.id, as: H.adviser)
            let goals = try #require(full.collaborationPlan?.goals)
            #expect(!goals.isEmpty && goals.allSatisfy { !$0.isEmpty })
            let seen = try await get(h, r.id, as: H.manager)
            #expect(seen.child?.childRef == full.child?.childRef)
            #expect(seen.child?.name == "")
            #expect(seen.child?.nationalIdMasked == "")
            #expect(seen.guardians.isEmpty)
            #expect(seen.needDescription == "" && seen.triedMeasures == "")
            #expect(seen.attachments.isEmpty)
            // Structured metadata stays: the assignment, the plan's dates and how many goals it has.
            #expect(seen.assignment?.adviserIds == full.assignment?.adviserIds)
            #expect(seen.collaborationPlan?.validTo == full.collaborationPlan?.validTo)
            #expect(seen.collaborationPlan?.goals.count == goals.count)
            #expect(seen.collaborationPlan?.goals.allSatisfy(\.isEmpty) == true)
            #expect(seen.collaborationPlan?.responsibilities.allSatisfy { $0.task.isEmpty } == true)
            let export = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.records.exportDataSubject(
                    ExportDataSubjectRequest.with { $0.referralId = r.id },
                    as: H.manager
                )
            }
            #expect(export?.code == .notPermitted)
            let log = try await h.referrals.records.listChildDataAccess(
                ListChildDataAccessRequest.with { $0.referralId = r.id },
                as: H.manager
            )
            #expect(log.items.map(\.actorRole) == [.statpedAdviser])  // the adviser's read only, not the manager's
        }
    }

    @Test("PRIV-R3 a PPT office other than the responsible one reads and lists nothing")
    func otherPptOfficeRefused() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .submitted)
            for other in [H.caller(.pptArendalLeader), ReferralFixtures.secondOfficeLeader()] {
                let refused = await #expect(throws: DomainError.self) { _ = try await get(h, r.id, as: other) }
                #expect(refused?.code == .notPermitted)
                #expect(try await listIds(h, as: other).isEmpty)
            }
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.records.listReferrals(
                    ListReferralsRequest.with { $0.referringPptOfficeId = TestRegion.pptKristiansand },
                    as: H.caller(.pptArendalLeader)
                )
            }
        }
    }

    @Test("AUTH-R3 reading child data needs the configured assurance; a caller without a person reads none (PRIV-R8)")
    func assuranceAndPerson() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .submitted)
            for reader in [
                TestRegion.caller(.pptKristiansandAdviser, assurance: .low),
                TestRegion.caller(.statpedIntake, assurance: .none),
            ] {
                let refused = await #expect(throws: DomainError.self) { _ = try await get(h, r.id, as: reader) }
                #expect(refused?.code == .notPermitted)
                #expect(refused?.violations.map(\.rule.value) == ["AUTH-R3"])
            }
            var noPerson = H.intake
            noPerson.personId = ""
            let anonymous = await #expect(throws: DomainError.self) { _ = try await get(h, r.id, as: noPerson) }
            #expect(anonymous?.violations.map(\.rule.value) == ["PRIV-R8"])
            // The minimum is configurable: at `high`, a `substantial` login is refused and a `high` one reads.
            let strict = ReferralContext(
                database: h.database,
                reference: h.reference,
                time: h.time,
                keyRing: try ReferralFixtures.keyRing(),
                childDataMinimumAssurance: .high
            )
            await #expect(throws: DomainError.self) {
                _ = try await strict.records.getReferral(GetReferralRequest.with { $0.id = r.id }, as: H.intake)
            }
            let high = TestRegion.caller(.statpedIntake, assurance: .high)
            #expect(
                try await strict.records.getReferral(GetReferralRequest.with { $0.id = r.id }, as: high).child?.name
                    == ReferralFixtures.childName
            )
            // None of the refused reads was logged.
            let log = try await h.referrals.records.listChildDataAccess(
                ListChildDataAccessRequest.with { $0.referralId = r.id },
                as: H.manager
            )
            #expect(log.items.count == 1)
            #expect(log.items.first?.actorPersonId == TestRegion.personId(.statpedIntake))
        }
    }

    @Test(
        "AUTH-R3 the minimum comes from KSI_CHILD_DATA_MIN_ACR: acr values or level names, default substantial, nonsense refused"
    )
    func minimumFromEnvironment() throws {
        let key = ChildDataAssurance.environmentKey
        #expect(key == "KSI_CHILD_DATA_MIN_ACR")
        #expect(try ChildDataAssurance.minimum(fromEnvironment: [:]) == .substantial)
        #expect(try ChildDataAssurance.minimum(fromEnvironment: [key: ""]) == .substantial)
        #expect(try ChildDataAssurance.minimum(fromEnvironment: [key: "idporten-loa-high"]) == .high)
        #expect(try ChildDataAssurance.minimum(fromEnvironment: [key: "Level3"]) == .substantial)
        #expect(try ChildDataAssurance.minimum(fromEnvironment: [key: "low"]) == .low)
        for bad in ["none", "medium", "idporten-loa-extreme"] {
            let error = #expect(throws: DomainError.self) {
                try ChildDataAssurance.minimum(fromEnvironment: [key: bad])
            }
            #expect(error?.violations.map(\.field) == [key])
        }
    }

    @Test("PRIV-R8 the access log records the reading person and the role that gave access, not another role they hold")
    func accessLogRecordsPersonAndRole() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .submitted)
            // One person holding both adviser and intake roles, not assigned: they read as intake.
            let dual = Caller(
                orgNumber: H.intake.orgNumber,
                grants: [RoleGrant(.statpedAdviser), RoleGrant(.statpedIntake)],
                personId: "person-dual-role",
                assurance: .substantial
            )
            _ = try await get(h, r.id, as: dual)
            let log = try await h.referrals.records.listChildDataAccess(
                ListChildDataAccessRequest.with { $0.referralId = r.id },
                as: H.manager
            )
            #expect(log.items.count == 1)
            #expect(log.items.first?.actorPersonId == "person-dual-role")
            #expect(log.items.first?.actorRole == .statpedIntake)
        }
    }

    @Test("PRIV-R7 lists never carry child identity for any reader")
    func listsCarryNoIdentity() async throws {
        try await H.with { h in
            var r = try await h.referral(in: .assigned)
            r = try await h.holdStartup(r)
            for reader in [H.ppt, H.intake, H.manager, H.adviser] {
                let bytes = Data(
                    try await h.referrals.records.listReferrals(ListReferralsRequest(), as: reader).wireEncoded()
                )
                for needle in [
                    ReferralFixtures.childName, ReferralFixtures.childNationalId,
                    String(ReferralFixtures.childNationalId.prefix(6)),
                ] {
                    #expect(bytes.range(of: Data(needle.utf8)) == nil)
                }
            }
        }
    }
}
