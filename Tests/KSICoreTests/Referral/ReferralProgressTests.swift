import Foundation
import KSICore
import KSITestSupport
import Testing

/// What a referring system may poll, and who reads the record-level milestone stream (issue 12 item 3).
@Suite("Referral progress and the milestone stream (PRIV-R1, R5, R8)")
struct ReferralProgressTests {
    typealias H = ReferralHarness

    func accessLog(_ h: ReferralHarness, _ id: String) async throws -> [ChildDataAccessRecord] {
        try await h.referrals.records.listChildDataAccess(
            ListChildDataAccessRequest.with { $0.referralId = id },
            as: H.manager
        )
        .items
    }

    @Test(
        "PRIV-R1, R8: GetReferralProgress gives the referral's readers its status and milestones, without child data and without an access-log entry"
    )
    func progressIsNotAChildDataRead() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .assigned)
            let before = try await accessLog(h, r.id)
            for reader in [H.ppt, H.pptLeader, H.intake, H.manager, H.adviser] {
                let progress = try await h.referrals.service.getReferralProgress(.with { $0.id = r.id }, as: reader)
                #expect(progress.id == r.id)
                #expect(progress.status == .assigned)
                #expect(progress.version == r.version)
                #expect(progress.milestones == r.timestamps)
                #expect(progress.governorOfficeId == r.governorOfficeId)
                let bytes = Data(try progress.wireEncoded())
                for needle in [
                    ReferralFixtures.childName, ReferralFixtures.childNationalId, ReferralFixtures.guardianName,
                    r.child?.childRef ?? "?", r.child?.unitId ?? "?",
                ] {
                    #expect(bytes.range(of: Data(needle.utf8)) == nil, "the progress holds \(needle)")
                }
            }
            #expect(try await accessLog(h, r.id).count == before.count)
            // The log itself works: a read of the full referral is one entry more.
            _ = try await h.referrals.records.getReferral(
                .with {
                    $0.id = r.id
                    $0.purpose = "case work"
                },
                as: H.ppt
            )
            #expect(try await accessLog(h, r.id).count == before.count + 1)
        }
    }

    @Test(
        "GetReferralProgress has the same readers as GetReferral: another PPT office, the embete and Udir are refused (PRIV-R3, R5)"
    )
    func progressReaders() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .submitted)
            for outsider in [
                H.caller(.pptArendalLeader), H.caller(.sfCaseworker), H.caller(.udirAdmin),
                H.caller(.kristiansandOwnerAdmin),
            ] {
                let refused = await #expect(throws: DomainError.self) {
                    _ = try await h.referrals.service.getReferralProgress(.with { $0.id = r.id }, as: outsider)
                }
                #expect(refused?.code == .notPermitted)
            }
            let missing = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.service.getReferralProgress(.with { $0.id = "no-such-referral" }, as: H.ppt)
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(
        "PRIV-R5: only a system identity reads the record-level milestone stream; Udir, Statped, the embete, owners, UH and PPT are refused"
    )
    func milestoneStreamIsForTheSystemOnly() async throws {
        try await H.with { h in
            _ = try await h.referral(in: .assigned)
            let page = try await h.referrals.records.listReferralMilestones(
                ListReferralMilestonesRequest(),
                as: .system("gateway")
            )
            #expect(page.events.map(\.milestone) == [.submitted, .accepted, .assigned])
            let others: [TestRegion.Actor] = [
                .udirAdmin, .statpedIntake, .statpedManager, .statpedAdviser, .sfCaseworker, .sfDecisionMaker,
                .forumMember,
                .committeeMember, .kristiansandOwnerAdmin, .uiaContact, .pptKristiansandLeader, .publicViewer,
            ]
            for actor in others {
                let refused = await #expect(throws: DomainError.self, "\(actor)") {
                    _ = try await h.referrals.records.listReferralMilestones(
                        ListReferralMilestonesRequest(),
                        as: H.caller(actor)
                    )
                }
                #expect(refused?.code == .notPermitted, "\(actor)")
            }
        }
    }
}
