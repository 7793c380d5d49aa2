import KSICore
import KSITestSupport
import Testing

@Suite("Collaboration forums (ALLOC-R18, ALLOC-R20)")
struct GovernanceForumTests {
    let reference: ReferenceData
    init() throws { reference = try TestRegion.reference() }

    func withAllocation(
        on date: LocalDate = GovernanceFixtures.today,
        _ body: @Sendable (AllocationContext) async throws -> Void
    ) async throws {
        let reference = self.reference
        try await TestDatabase.with(.sqlite) { database in
            try await body(
                AllocationContext(
                    database: database,
                    reference: reference,
                    time: FixedTimeSource(date: date),
                    needsReports: NeedsContext(
                        database: database,
                        reference: reference,
                        time: FixedTimeSource(date: date)
                    )
                )
            )
        }
    }

    static func create(_ content: CollaborationForumContent, id: String = "f1") -> CreateCollaborationForumRequest {
        CreateCollaborationForumRequest.with {
            $0.requestId = id
            $0.content = content
        }
    }

    // MARK: ALLOC-R20 as a pure check

    @Test("ALLOC-R20 a complete KSI forum has no warning")
    func completeForum() {
        let findings = ForumCompositionRule.check(
            members: GovernanceFixtures.completeKsiMembers(),
            schemes: [.ksi],
            reference: reference,
            on: GovernanceFixtures.today
        )
        #expect(findings.warnings.isEmpty)
        #expect(findings.violations.isEmpty)
    }

    @Test("ALLOC-R20 warns about a KSI forum without PBL and private owners, naming what is missing")
    func missingCategories() {
        let members = GovernanceFixtures.completeKsiMembers().filter {
            $0.personId != "person-pbl" && $0.personId != "person-private"
        }
        let findings = ForumCompositionRule.check(
            members: members,
            schemes: [.ksi],
            reference: reference,
            on: GovernanceFixtures.today
        )
        let warning = try? #require(findings.warnings.first { $0.ruleId == "ALLOC-R20" })
        #expect(warning?.message.contains("PBL") == true)
        #expect(warning?.message.contains("private owners") == true)
        #expect(findings.violations.isEmpty)
    }

    @Test("ALLOC-R20 a DEKOM forum needs school owners, UH, KS, PBL and unions")
    func dekomCategories() {
        let dekom = [
            GovernanceFixtures.member("fk", .other, org: TestRegion.agderFylkeskommune),
            GovernanceFixtures.member("uia", .uh, org: TestRegion.uia),
            GovernanceFixtures.member("ks", .ks), GovernanceFixtures.member("pbl", .pbl),
            GovernanceFixtures.member("leaders", .schoolLeaderUnion),
        ]
        #expect(
            ForumCompositionRule.check(members: dekom, schemes: [.dekom], reference: reference, on: nil).warnings
                .isEmpty
        )
        // The same members miss the KSI categories (private owners, kindergarten authority, teacher unions).
        #expect(
            !ForumCompositionRule.check(members: dekom, schemes: [.ksi], reference: reference, on: nil).warnings.isEmpty
        )
    }

    @Test("ALLOC-R20 a deputy fills no category and a deputy with a vote is warned about")
    func deputies() {
        var members = GovernanceFixtures.completeKsiMembers().filter { $0.personId != "person-ks" }
        members.append(GovernanceFixtures.member("ks-deputy", .ks, deputy: true, vote: true))
        let findings = ForumCompositionRule.check(members: members, schemes: [.ksi], reference: reference, on: nil)
        #expect(findings.warnings.contains { $0.field == "content.members" && $0.message.contains("KS") })
        #expect(
            findings.warnings.contains {
                $0.field == "content.members[6].has_vote" && $0.message == "a deputy has no vote"
            }
        )
    }

    @Test("ALLOC-R20 members whose term has ended do not count")
    func endedMembers() {
        var members = GovernanceFixtures.completeKsiMembers()
        members[3].to = LocalDate(year: 2024, month: 12, day: 31)  // KS left last year
        let findings = ForumCompositionRule.check(
            members: members,
            schemes: [.ksi],
            reference: reference,
            on: GovernanceFixtures.today
        )
        #expect(findings.warnings.contains { $0.message.contains("KS") })
    }

    @Test("ALLOC-R20 the adoption entry point reads SKK mode from the policy of each of the forum's schemes")
    func adoptionEntryPoint() {
        let forum = CollaborationForum.with {
            $0.governorOfficeId = TestRegion.governorOfficeId
            $0.schemes = [.ksi]
            $0.members = GovernanceFixtures.completeKsiMembers().filter {
                $0.organisationKind != .ks && $0.organisationKind != .pbl
            }
        }
        let before = ForumCompositionRule.check(
            forum,
            reference: reference,
            policies: PolicyResolver(),
            on: GovernanceFixtures.today
        )
        #expect(before.warnings.first?.field == "members")
        let skk = ForumCompositionRule.check(
            forum,
            reference: reference,
            policies: PolicyResolver(),
            on: GovernanceFixtures.skkToday
        )
        #expect(skk.warnings.isEmpty)
    }

    // MARK: ALLOC-R18 forum side

    @Test("ALLOC-R18 in SKK mode KS and PBL are not required and a voting KS member is warned about")
    func skkMode() {
        let members = GovernanceFixtures.completeKsiMembers().filter { $0.organisationKind != .pbl }
        let composition = ForumCompositionRule.check(
            members: members,
            schemes: [.ksi],
            reference: reference,
            on: GovernanceFixtures.skkToday,
            skkModeSchemes: [.ksi]
        )
        #expect(composition.warnings.isEmpty)
        let membership = SkkForumMembershipRule.check(members: members, skkMode: true, on: GovernanceFixtures.skkToday)
        #expect(membership.warnings.map(\.ruleId) == ["ALLOC-R18"])
        #expect(membership.warnings.first?.field == "content.members[3].has_vote")
    }

    @Test("ALLOC-R18 speaking rights without a vote pass in SKK mode, and nothing applies before SKK")
    func skkSpeakingRights() {
        var members = GovernanceFixtures.completeKsiMembers()
        members[3].hasVote = false  // KS with speaking rights only
        members[4].hasVote = false  // PBL
        #expect(SkkForumMembershipRule.check(members: members, skkMode: true, on: nil).warnings.isEmpty)
        #expect(
            SkkForumMembershipRule.check(members: GovernanceFixtures.completeKsiMembers(), skkMode: false, on: nil)
                .warnings.isEmpty
        )
    }

    // MARK: Commands

    @Test("ALLOC-R20 CreateCollaborationForum stores the warnings on the forum")
    func createStoresWarnings() async throws {
        try await withAllocation { allocation in
            let members = GovernanceFixtures.completeKsiMembers().filter { $0.organisationKind != .ks }
            let forum = try await allocation.governance.createCollaborationForum(
                Self.create(GovernanceFixtures.forumContent(members: members)),
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(forum.version == 1)
            #expect(forum.warnings.map(\.ruleId) == ["ALLOC-R20"])
            let read = try await allocation.governance.getCollaborationForum(
                .with { $0.id = forum.id },
                as: TestRegion.caller(.forumMember)
            )
            #expect(read == forum)
        }
    }

    @Test("ALLOC-R18 a forum set up in SKK mode warns about voting Statped, KS or PBL members")
    func createInSkkMode() async throws {
        try await withAllocation(on: GovernanceFixtures.skkToday) { allocation in
            let forum = try await allocation.governance.createCollaborationForum(
                Self.create(GovernanceFixtures.forumContent()),
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(forum.warnings.filter { $0.ruleId == "ALLOC-R18" }.count == 2)  // KS and PBL vote
            #expect(!forum.warnings.contains { $0.ruleId == "ALLOC-R20" })
        }
    }

    @Test("only the embete's caseworker may set up a forum")
    func permissions() async throws {
        try await withAllocation { allocation in
            for actor in [TestRegion.Actor.otherSfCaseworker, .forumChair, .kristiansandOwnerAdmin, .udirAdmin] {
                let error = await #expect(throws: DomainError.self) {
                    try await allocation.governance.createCollaborationForum(
                        Self.create(GovernanceFixtures.forumContent()),
                        as: TestRegion.caller(actor)
                    )
                }
                #expect(error?.code == .notPermitted)
            }
            await #expect(throws: DomainError.self) {
                try await allocation.governance.getCollaborationForum(
                    .with { $0.id = "x" },
                    as: TestRegion.caller(.publicViewer)
                )
            }
        }
    }

    @Test("a malformed forum is rejected with every problem and nothing is stored")
    func malformedStoresNothing() async throws {
        try await withAllocation { allocation in
            var content = GovernanceFixtures.forumContent()
            content.name = " "
            content.schemes = []
            content.model = .unspecified
            content.members.append(GovernanceFixtures.member("", .unspecified))
            let error = await #expect(throws: DomainError.self) {
                try await allocation.governance.createCollaborationForum(
                    Self.create(content),
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(error?.violations.count == 5)
            let list = try await allocation.governance.listCollaborationForums(
                ListCollaborationForumsRequest(),
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(list.items.isEmpty)
            let audit = try await allocation.listAuditRecords(
                ListAuditRecordsRequest(),
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(audit.items.isEmpty)
        }
    }

    @Test("a retried create returns the first forum and stores it once")
    func idempotentRetry() async throws {
        try await withAllocation { allocation in
            let first = try await allocation.governance.createCollaborationForum(
                Self.create(GovernanceFixtures.forumContent()),
                as: TestRegion.caller(.sfCaseworker)
            )
            let second = try await allocation.governance.createCollaborationForum(
                Self.create(GovernanceFixtures.forumContent()),
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(first == second)
            let list = try await allocation.governance.listCollaborationForums(
                .with { $0.governorOfficeId = TestRegion.governorOfficeId },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(list.items.count == 1)
            let audit = try await allocation.listAuditRecords(
                .with { $0.aggregateId = first.id },
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(audit.items.count == 1)
        }
    }

    @Test("an update with a stale version is a version conflict")
    func versionConflict() async throws {
        try await withAllocation { allocation in
            let forum = try await allocation.governance.createCollaborationForum(
                Self.create(GovernanceFixtures.forumContent()),
                as: TestRegion.caller(.sfCaseworker)
            )
            let error = await #expect(throws: DomainError.self) {
                try await allocation.governance.updateCollaborationForum(
                    .with {
                        $0.requestId = "u1"
                        $0.collaborationForumId = forum.id
                        $0.expectedVersion = 7
                        $0.content = GovernanceFixtures.forumContent()
                    },
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(error?.code == .versionConflict)
        }
    }

    @Test("COM-R6 an update keeps a removed member on record with an end date, and the warnings follow the new members")
    func updateKeepsHistory() async throws {
        try await withAllocation { allocation in
            let forum = try await allocation.governance.createCollaborationForum(
                Self.create(GovernanceFixtures.forumContent()),
                as: TestRegion.caller(.sfCaseworker)
            )
            let withoutKs = GovernanceFixtures.completeKsiMembers().filter { $0.organisationKind != .ks }
            let updated = try await allocation.governance.updateCollaborationForum(
                .with {
                    $0.requestId = "u1"
                    $0.collaborationForumId = forum.id
                    $0.expectedVersion = 1
                    $0.content = GovernanceFixtures.forumContent(members: withoutKs)
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(updated.version == 2)
            #expect(updated.warnings.map(\.ruleId) == ["ALLOC-R20"])
            // KS joined with no start date, so it is kept and closed yesterday.
            let ks = try #require(updated.members.first { $0.organisationKind == .ks })
            #expect(ks.to == GovernanceFixtures.today.adding(days: -1))
            #expect(updated.members.count == GovernanceFixtures.completeKsiMembers().count)
        }
    }

    @Test("forums list by embete and scheme")
    func listFilters() async throws {
        try await withAllocation { allocation in
            _ = try await allocation.governance.createCollaborationForum(
                Self.create(GovernanceFixtures.forumContent(schemes: [.ksi]), id: "a"),
                as: TestRegion.caller(.sfCaseworker)
            )
            _ = try await allocation.governance.createCollaborationForum(
                Self.create(GovernanceFixtures.forumContent(schemes: [.dekom], name: "DEKOM"), id: "b"),
                as: TestRegion.caller(.sfCaseworker)
            )
            let dekom = try await allocation.governance.listCollaborationForums(
                .with { $0.scheme = .dekom },
                as: TestRegion.caller(.kristiansandOwnerAdmin)
            )
            #expect(dekom.items.map(\.name) == ["DEKOM"])
            let paged = try await allocation.governance.listCollaborationForums(
                .with { $0.pageSize = 1 },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(paged.items.count == 1 && !paged.nextPageToken.isEmpty)
            let other = try await allocation.governance.listCollaborationForums(
                .with { $0.governorOfficeId = TestRegion.otherGovernorOfficeId },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(other.items.isEmpty)
        }
    }
}
