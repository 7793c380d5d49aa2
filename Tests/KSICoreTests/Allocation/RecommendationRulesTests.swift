import KSITestSupport
import Testing

@testable import KSICore

@Suite("Allocation recommendation rules (ALLOC-R3…R9, R13, R14, R18, R19, R21, R22)")
struct RecommendationRulesTests {
    typealias F = AllocationMoneyFixture

    func adoptError(_ fixture: F, _ line: RecommendationLineContent) async throws -> DomainError? {
        let draft = try await fixture.draft(lines: [line])
        return await #expect(throws: DomainError.self) { _ = try await fixture.adopt(draft) }
    }

    @Test("ALLOC-R3 rejects adopting a line without measures, participants or duration")
    func incompleteLineIsRejected() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let error = try await adoptError(
                fixture,
                F.line {
                    $0.proposedMeasureIds = []
                    $0.participants = ""
                }
            )
            #expect(Set(error?.violations.map(\.rule.value) ?? []) == ["ALLOC-R3"])
            #expect(error?.violations.count == 2)
        }
    }

    @Test("ALLOC-R3 to R6 accept a complete line, and adoption emits RecommendationAdopted")
    func completeLineIsAdopted() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let draft = try await fixture.draft()
            #expect(draft.lines[0].warnings.isEmpty)
            #expect(draft.lines[0].ownerAmountOre == 30_000_000)
            #expect(draft.lines[0].uhAmountOre == 20_000_000)
            let adopted = try await fixture.adopt(draft)
            #expect(adopted.status == .adopted)
            let types = try await fixture.allocation.listAllocationEvents(
                ListAllocationEventsRequest(),
                as: fixture.udir
            ).events.map(\.type)
            #expect(types == ["RecommendationLineCreated", "RecommendationAdopted"])
        }
    }

    @Test("ALLOC-R4 rejects adopting a line without a needs report, and stores a warning on the draft line")
    func lineWithoutReportIsRejected() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let draft = try await fixture.draft(lines: [F.line { $0.needsReportIds = [] }])
            #expect(draft.lines[0].warnings.map(\.ruleId) == ["ALLOC-R4"])
            let error = await #expect(throws: DomainError.self) { _ = try await fixture.adopt(draft) }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R4"])
        }
    }

    @Test("ALLOC-R5 rejects a bare yes as a criterion text, including team around the child for ksi")
    func bareYesIsRejected() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let error = try await adoptError(
                fixture,
                F.line {
                    $0.criteria = RecommendationCriteria.with {
                        $0.localNeed = "yes"
                        $0.unitBased = "Each school runs its own work"
                        $0.partnership = "UiA follows up"
                        $0.teamAroundChild = "Ja"
                    }
                }
            )
            #expect(
                error?.violations.map(\.field).sorted() == [
                    "lines[0].criteria.local_need", "lines[0].criteria.team_around_child",
                ]
            )
            #expect(error?.violations.allSatisfy { $0.rule == "ALLOC-R5" } == true)
        }
    }

    @Test("ALLOC-R6 rejects a PPT office or a network as recipient")
    func pptIsNotARecipient() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let draft = try await fixture.draft(lines: [])
            for recipient in [TestRegion.pptKristiansand, TestRegion.networkId] {
                let error = await #expect(throws: DomainError.self) {
                    _ = try await fixture.addRecommendationLine(
                        AddRecommendationLineRequest.with {
                            $0.recommendationId = draft.id
                            $0.expectedVersion = draft.version
                            // The line cites a real report (ALLOC-R4 holds); only the recipient is wrong.
                            $0.line = F.line(recipient: recipient) {
                                $0.needsReportIds = [F.reportPlaceholder(TestRegion.kristiansandKommune)]
                                $0.proposedMeasureIds = ["measure-\(TestRegion.kristiansandKommune)"]
                            }
                        },
                        as: fixture.committee
                    )
                }
                #expect(error?.violations.map(\.rule) == ["ALLOC-R6"])
            }
        }
    }

    @Test("ALLOC-R6 in ownerOnly mode rejects a UH share and accepts a line paid to the owner only")
    func ownerOnlyMode() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database, governorPolicies: [F.policy { $0.recipientMode = .ownerOnly }])
            let draft = try await fixture.draft(lines: [])
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.addRecommendationLine(
                    AddRecommendationLineRequest.with {
                        $0.recommendationId = draft.id
                        $0.expectedVersion = draft.version
                        $0.line = F.line()
                    },
                    as: fixture.committee
                )
            }
            #expect(error?.violations.map(\.rule).contains("ALLOC-R6") == true)
            let added = try await fixture.addRecommendationLine(
                AddRecommendationLineRequest.with {
                    $0.recommendationId = draft.id
                    $0.expectedVersion = draft.version
                    $0.line = F.line {
                        $0.uhRecipientOrgId = ""
                        $0.ownerShareBp = 0
                        $0.uhShareBp = 0
                    }
                },
                as: fixture.committee
            )
            #expect(added.lines[0].ownerAmountOre == 50_000_000)
        }
    }

    @Test("ALLOC-R7 rejects shares that do not add up to 10 000 and a deviation from the split rule without a reason")
    func splitRule() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let split = OwnerUhSplitRule.with { $0.kind = .equal }
            let fixture = try F(database: database, governorPolicies: [F.policy { $0.ownerUhSplitRule = split }])
            let draft = try await fixture.draft(lines: [])
            for line in [F.line { $0.uhShareBp = 3000 }, F.line()] {
                let error = await #expect(throws: DomainError.self) {
                    _ = try await fixture.addRecommendationLine(
                        AddRecommendationLineRequest.with {
                            $0.recommendationId = draft.id
                            $0.expectedVersion = draft.version
                            $0.line = line
                        },
                        as: fixture.committee
                    )
                }
                #expect(error?.violations.map(\.rule) == ["ALLOC-R7"])
            }
            let withReason = try await fixture.addRecommendationLine(
                AddRecommendationLineRequest.with {
                    $0.recommendationId = draft.id
                    $0.expectedVersion = draft.version
                    $0.line = F.line { $0.splitDeviationReason = "UiA delivers most of the guidance" }
                },
                as: fixture.committee
            )
            #expect(withReason.lines.count == 1)
        }
    }

    @Test("ALLOC-R7 as WARN stores the deviation instead of rejecting it")
    func splitRuleAsWarning() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let split = OwnerUhSplitRule.with { $0.kind = .equal }
            let override = RuleKindOverride.with {
                $0.ruleId = "ALLOC-R7"
                $0.kind = .warn
            }
            let fixture = try F(
                database: database,
                governorPolicies: [
                    F.policy {
                        $0.ownerUhSplitRule = split
                        $0.ruleKindOverrides = [override]
                    }
                ]
            )
            let draft = try await fixture.draft()
            #expect(draft.lines[0].warnings.map(\.ruleId) == ["ALLOC-R7"])
        }
    }

    @Test("ALLOC-R8 warns when line amounts are pro rata to pupils per recipient")
    func proRataWarns() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            // Every test-region unit has 300 pupils: Kristiansand 2 units, Arendal 1, Agder fylkeskommune 1.
            let proRata = try await fixture.draft(lines: [
                F.line(amountOre: 60_000_000),
                F.line(recipient: TestRegion.arendalKommune, amountOre: 30_000_000),
                F.line(recipient: TestRegion.agderFylkeskommune, amountOre: 30_000_000),
            ])
            #expect(proRata.warnings.map(\.ruleId).contains("ALLOC-R8"))
        }
    }

    @Test("ALLOC-R8 does not warn for needs-based amounts")
    func needsBasedDoesNotWarn() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let needsBased = try await fixture.draft(lines: [
                F.line(amountOre: 20_000_000),
                F.line(recipient: TestRegion.arendalKommune, amountOre: 45_000_000),
                F.line(recipient: TestRegion.agderFylkeskommune, amountOre: 30_000_000),
            ])
            #expect(!needsBased.warnings.map(\.ruleId).contains("ALLOC-R8"))
        }
    }

    @Test("ALLOC-R9 warns when more than half the lines are micro-grants, and not otherwise")
    func microGrants() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let fragmented = try await fixture.draft(lines: [F.line(amountOre: 5_000_000)])
            #expect(fragmented.warnings.map(\.ruleId).contains("ALLOC-R9"))
            let updated = try await fixture.updateRecommendationLine(
                UpdateRecommendationLineRequest.with {
                    $0.recommendationId = fragmented.id
                    $0.expectedVersion = fragmented.version
                    $0.recommendationLineId = fragmented.lines[0].id
                    $0.line = F.line(amountOre: 50_000_000)
                },
                as: fixture.committee
            )
            #expect(!updated.warnings.map(\.ruleId).contains("ALLOC-R9"))
        }
    }

    @Test("ALLOC-R13 rejects a line longer than maxCommitmentYears and accepts three years with indicative later years")
    func multiYearLines() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let draft = try await fixture.draft(lines: [])
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.addRecommendationLine(
                    AddRecommendationLineRequest.with {
                        $0.recommendationId = draft.id
                        $0.expectedVersion = draft.version
                        $0.line = F.line(years: 4)
                    },
                    as: fixture.committee
                )
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R13"])
            let missingYears = await #expect(throws: DomainError.self) {
                _ = try await fixture.addRecommendationLine(
                    AddRecommendationLineRequest.with {
                        $0.recommendationId = draft.id
                        $0.expectedVersion = draft.version
                        $0.line = F.line(years: 3) { $0.indicativeLaterYears = [] }
                    },
                    as: fixture.committee
                )
            }
            #expect(missingYears?.violations.map(\.rule) == ["ALLOC-R13"])
            let ok = try await fixture.addRecommendationLine(
                AddRecommendationLineRequest.with {
                    $0.recommendationId = draft.id
                    $0.expectedVersion = draft.version
                    $0.line = F.line(years: 3)
                },
                as: fixture.committee
            )
            #expect(ok.lines[0].indicativeLaterYears.map(\.year) == [2026, 2027])
        }
    }

    @Test("COM-R2 rejects a line amount that is not whole kroner")
    func lineInOre() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let draft = try await fixture.draft(lines: [])
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.addRecommendationLine(
                    AddRecommendationLineRequest.with {
                        $0.recommendationId = draft.id
                        $0.expectedVersion = draft.version
                        $0.line = F.line(amountOre: 50_000_050)
                    },
                    as: fixture.committee
                )
            }
            #expect(error?.violations.map(\.rule) == ["COM-R2"])
        }
    }

    @Test("ALLOC-R14 warns when the recommendation is submitted after 15 March, and not before")
    func lateSubmissionWarns() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let onTime = try await fixture.underControl()
            #expect(!onTime.warnings.map(\.ruleId).contains("ALLOC-R14"))
        }
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database, today: LocalDate(year: 2025, month: 3, day: 20))
            let late = try await fixture.underControl()
            #expect(late.warnings.map(\.ruleId).contains("ALLOC-R14"))
            #expect(late.status == .underControl)
        }
    }

    @Test("ALLOC-R18 rejects a forum-authored recommendation in SKK mode and a governor-authored one outside it")
    func skkAuthor() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let outside = await #expect(throws: DomainError.self) { _ = try await fixture.draft(author: .governor) }
            #expect(outside?.violations.map(\.rule) == ["ALLOC-R18"])
            let inside = await #expect(throws: DomainError.self) {
                _ = try await fixture.draft(author: .forum, year: 2026)
            }
            #expect(inside?.violations.map(\.rule) == ["ALLOC-R18"])
        }
    }

    @Test("ALLOC-R18 lets the statsforvalter submit its own recommendation in SKK mode, and only there")
    func skkSubmission() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let skkLine = F.line { $0.indicativeLaterYears = [] }
            let draft = try await fixture.draft(lines: [skkLine], author: .governor, year: 2026)
            #expect(draft.author == .governor)
            let notByCommittee = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.submitGovernorRecommendation(
                    SubmitGovernorRecommendationRequest.with {
                        $0.recommendationId = draft.id
                        $0.expectedVersion = draft.version
                    },
                    as: fixture.committee
                )
            }
            #expect(notByCommittee?.code == .notPermitted)
            let adopt = await #expect(throws: DomainError.self) { _ = try await fixture.adopt(draft) }
            #expect(adopt?.code == .illegalTransition)
            let submitted = try await fixture.allocation.recommendations.submitGovernorRecommendation(
                SubmitGovernorRecommendationRequest.with {
                    $0.recommendationId = draft.id
                    $0.expectedVersion = draft.version
                },
                as: fixture.caseworker
            )
            #expect(submitted.status == .submitted)
            let forumDraft = try await fixture.draft()
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.submitGovernorRecommendation(
                    SubmitGovernorRecommendationRequest.with {
                        $0.recommendationId = forumDraft.id
                        $0.expectedVersion = forumDraft.version
                    },
                    as: fixture.caseworker
                )
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R18"])
        }
    }

    // ALLOC-R19 (reserved shares from the lines' needs snapshot): LineSnapshotFiguresTests.

    @Test("ALLOC-R21 warns for ksi when no PPT or Statped input is recorded, and not for dekom")
    func pptStatpedInput() {
        func warns(_ scheme: Scheme, _ kinds: [OrganisationKind]) -> Bool {
            let members = kinds.map { kind in ForumMember.with { $0.organisationKind = kind } }
            return PptStatpedInputRule.check(scheme: scheme, forumMembers: members, acknowledgedRuleIds: []).mentions(
                "ALLOC-R21"
            )
        }
        #expect(warns(.ksi, [.ks, .pbl]))
        #expect(!warns(.ksi, [.ks, .ppt]))
        #expect(!warns(.ksi, [.statped]))
        #expect(!warns(.dekom, []))
    }

    @Test("ALLOC-R21 is stored as a warning on an adopted ksi recommendation whose forum is unknown")
    func pptStatpedInputOnAdoption() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let adopted = try await fixture.adopt(try await fixture.draft())
            #expect(adopted.warnings.map(\.ruleId).contains("ALLOC-R21"))
        }
    }

    @Test(
        "ALLOC-R22 warns when a member's organisation receives money on a line and the member is not listed as abstaining"
    )
    func conflictOfInterest() {
        let member = ForumMember.with {
            $0.personId = "person-kristiansand"
            $0.orgId = TestRegion.kristiansandKommune
        }
        var line = RecommendationLine.with { $0.recipientOrgId = TestRegion.kristiansandKommune }
        #expect(ConflictOfInterestRule.check(lines: [line], forumMembers: [member]).mentions("ALLOC-R22"))
        line.conflictOfInterestMemberIds = ["person-kristiansand"]
        #expect(!ConflictOfInterestRule.check(lines: [line], forumMembers: [member]).mentions("ALLOC-R22"))
    }

    @Test("ALLOC-R22 and ALLOC-R20 warnings must be acknowledged at adoption")
    func acknowledgement() throws {
        let warnings = [RuleWarning.with { $0.ruleId = "ALLOC-R22" }, RuleWarning.with { $0.ruleId = "ALLOC-R20" }]
        let missing = AcknowledgementRule.check(warnings: warnings, acknowledged: ["ALLOC-R20"])
        #expect(missing.violations.map(\.rule) == ["ALLOC-R22"])
        try AcknowledgementRule.check(warnings: warnings, acknowledged: ["ALLOC-R20", "ALLOC-R22"]).throwIfViolated()
    }

    @Test(
        "ALLOC-R22 rejects adoption until a conflicted forum member is acknowledged, and ALLOC-R21 is met by a PPT member"
    )
    func conflictOfInterestAtAdoption() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let forum = try await fixture.allocation.governance.createCollaborationForum(
                CreateCollaborationForumRequest.with {
                    $0.content = CollaborationForumContent.with {
                        $0.governorOfficeId = F.office
                        $0.name = "Samarbeidsforum Agder"
                        $0.schemes = [.ksi]
                        $0.model = .dedicatedKsi
                        $0.members = [
                            ForumMember.with {
                                $0.personId = "person-kristiansand"
                                $0.organisationKind = .other
                                $0.orgId = TestRegion.kristiansandKommune
                                $0.hasVote = true
                            },
                            ForumMember.with {
                                $0.personId = "person-ppt"
                                $0.organisationKind = .ppt
                                $0.orgId = TestRegion.pptKristiansand
                                $0.hasVote = true
                            },
                        ]
                    }
                },
                as: fixture.caseworker
            )
            let draft = try await fixture.draft(forumId: forum.id)
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.adopt(draft, acknowledged: ["ALLOC-R20"])
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R22"])
            // The forum lacks KS, PBL, unions and more: its ALLOC-R20 warnings must be acknowledged too.
            let composition = await #expect(throws: DomainError.self) {
                _ = try await fixture.adopt(draft, acknowledged: ["ALLOC-R22"])
            }
            #expect(composition?.violations.map(\.rule) == ["ALLOC-R20"])
            let adopted = try await fixture.adopt(draft)
            #expect(adopted.warnings.map(\.ruleId).contains("ALLOC-R22"))
            #expect(adopted.warnings.map(\.ruleId).contains("ALLOC-R20"))
            #expect(!adopted.warnings.map(\.ruleId).contains("ALLOC-R21"))
        }
    }
}
