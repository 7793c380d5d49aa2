import KSITestSupport
import Testing

@testable import KSICore

/// REF-R1–R16: each rule rejects (HARD) or warns (WARN/POLICY), and a valid case passes.
@Suite("Referral rules (REF-R1–R16)")
struct ReferralRulesTests {
    typealias H = ReferralHarness

    static func rules(_ error: (any Error)?) -> Set<String> {
        Set((error as? DomainError)?.violations.map(\.rule.value) ?? [])
    }

    static func warnings(_ referral: Referral, _ rule: String) -> [RuleWarning] {
        referral.warnings.filter { $0.ruleId == rule }
    }

    @Test("REF-R1 rejects a referral from a PPT office that does not serve the child's municipality")
    func responsibleOfficeRejects() async throws {
        try await H.with { h in
            let error = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.createReferral(
                    CreateReferralRequest.with {
                        $0.kind = .individual
                        $0.referringPptOfficeId = TestRegion.pptKristiansand
                        $0.child = ReferralFixtures.child(
                            municipality: TestRegion.arendal,
                            unit: TestRegion.arendalSchool
                        )
                        $0.content = ReferralFixtures.content()
                    },
                    as: H.ppt
                )
            }
            #expect(Self.rules(error) == ["REF-R1"])
            // The Arendal office may not act for Kristiansand's office either.
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.createReferral(
                    CreateReferralRequest.with {
                        $0.kind = .individual
                        $0.referringPptOfficeId = TestRegion.pptKristiansand
                        $0.child = ReferralFixtures.child()
                    },
                    as: H.caller(.pptArendalLeader)
                )
            }
        }
    }

    @Test("REF-R1 accepts the serving office, and the county PPT for a vgs pupil")
    func responsibleOfficePasses() async throws {
        try await H.with { h in
            let aseral = try await h.draft(child: ReferralFixtures.child(municipality: TestRegion.aseral, unit: ""))
            #expect(aseral.status == .draft)
            let vgs = try await h.referrals.intake.createReferral(
                CreateReferralRequest.with {
                    $0.kind = .individual
                    $0.referringPptOfficeId = TestRegion.pptAgderCounty
                    $0.child = ReferralFixtures.child(unit: TestRegion.upperSecondary)
                },
                as: H.caller(.pptCountyLeader)
            )
            #expect(vgs.referringPptOfficeId == TestRegion.pptAgderCounty)
            let error = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.createReferral(
                    CreateReferralRequest.with {
                        $0.kind = .individual
                        $0.referringPptOfficeId = TestRegion.pptKristiansand
                        $0.child = ReferralFixtures.child(unit: TestRegion.upperSecondary)
                    },
                    as: H.ppt
                )
            }
            #expect(Self.rules(error) == ["REF-R1"])
        }
    }

    @Test("a national identity number must be valid; D-numbers are accepted")
    func nationalIdValidation() async throws {
        try await H.with { h in
            let error = await #expect(throws: DomainError.self) {
                _ = try await h.draft(child: ReferralFixtures.child(nationalId: "15031450001"))
            }
            #expect(error?.code == .invalidArgument)
            let dNumber = try await h.draft(
                child: ReferralFixtures.child(
                    nationalId: ReferralFixtures.nationalId(year: 2014, month: 3, day: 15, dNumber: true)
                )
            )
            let read = try await h.referrals.records.getReferral(
                GetReferralRequest.with { $0.id = dNumber.id },
                as: H.ppt
            )
            #expect(read.child?.nationalIdMasked == "550314*****")
        }
    }

    @Test("REF-R2 requires an exception cause, and informing PPT before the service starts")
    func exceptionPath() async throws {
        try await H.with { h in
            func open(_ cause: ExceptionCause) async throws -> Referral {
                try await h.referrals.intake.openWithoutApplication(
                    OpenWithoutApplicationRequest.with {
                        $0.exceptionCause = cause
                        $0.referringPptOfficeId = TestRegion.pptKristiansand
                        $0.child = ReferralFixtures.child()
                        $0.content = ReferralFixtures.content(areas: [.hearing])
                    },
                    as: H.intake
                )
            }
            let error = await #expect(throws: DomainError.self) { _ = try await open(.unspecified) }
            #expect(Self.rules(error) == ["REF-R2"])
            var r = try await open(.newlyDiscoveredSevereSensoryLoss)
            #expect(r.status == .accepted)
            #expect(r.timestamps?.submittedAt == 0)
            // The responsible PPT office reads the case (REF-R2 read access).
            let pptView = try await h.referrals.records.getReferral(GetReferralRequest.with { $0.id = r.id }, as: H.ppt)
            #expect(pptView.child?.name == ReferralFixtures.childName)
            r = try await h.assign(r)
            r = try await h.holdStartup(r)
            r = try await h.recordConsent(r)
            r = try await h.proposePlan(r)
            r = try await h.agree(r, party: .statped)
            let blocked = await #expect(throws: DomainError.self) { _ = try await h.agree(r, party: .ppt) }
            #expect(Self.rules(blocked) == ["REF-R2"])
            r = try await h.referrals.intake.notifyPpt(
                NotifyPptRequest.with {
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                },
                as: H.intake
            )
            #expect(r.pptNotifiedAt > 0)
            r = try await h.agree(r, party: .ppt)
            #expect(r.status == .inService)
        }
    }

    @Test(
        "REF-R3 rejects submission without a ground; REF-R4 needs tried measures and warns without a pedagogical report"
    )
    func groundsAndTriedMeasures() async throws {
        try await H.with { h in
            var content = ReferralFixtures.content()
            content.grounds = []
            let noGround = try await h.draft(content: content)
            let e1 = await #expect(throws: DomainError.self) { _ = try await h.submit(noGround) }
            #expect(Self.rules(e1) == ["REF-R3"])

            content = ReferralFixtures.content()
            content.triedMeasures = ""
            let noMeasures = try await h.draft(content: content)
            let e2 = await #expect(throws: DomainError.self) { _ = try await h.submit(noMeasures) }
            #expect(Self.rules(e2) == ["REF-R4"])

            let valid = try await h.submit(try await h.draft())
            #expect(valid.status == .submitted)
            #expect(Self.warnings(valid, "REF-R4").count == 1)

            var other = ReferralFixtures.content()
            other.grounds = [.competenceNotExpectedLocally]
            other.triedMeasures = ""
            let withReport = try await h.draft(content: other)
            let submitted = try await h.submit(withReport)
            #expect(Self.warnings(submitted, "REF-R4").isEmpty)
        }
    }

    @Test("REF-R5 warns for unmarked checklist documents, incl. audiogram and vision assessment for deafblindness")
    func checklist() async throws {
        try await H.with { h in
            var content = ReferralFixtures.content(areas: [.deafblindness])
            content.attachmentChecklist = []
            let r = try await h.submit(try await h.draft(content: content))
            let fields = Self.warnings(r, "REF-R5").map(\.message)
            #expect(fields.count == 7)
            #expect(fields.contains { $0.contains("audiogram") })
            #expect(fields.contains { $0.contains("visionAssessment") })

            // Marked (attached or does-not-exist) → no warning.
            let marked = try await h.draft(content: ReferralFixtures.content(areas: [.hearing]))
            let withFile = try await h.referrals.intake.addReferralAttachment(
                AddReferralAttachmentRequest.with {
                    $0.referralId = marked.id
                    $0.expectedVersion = marked.version
                    $0.kind = .audiogram
                    $0.title = "Audiogram"
                    $0.content = [1, 2, 3]
                },
                as: H.ppt
            )
            #expect(withFile.attachmentChecklist.contains { $0.kind == .audiogram && $0.availability == .attached })
            let submitted = try await h.submit(withFile)
            #expect(Self.warnings(submitted, "REF-R5").isEmpty)
        }
    }

    @Test(
        "REF-R6 needs the guardians' agreement at submission and an active information-sharing consent before service"
    )
    func consents() async throws {
        try await H.with { h in
            let draft = try await h.draft()
            let e1 = await #expect(throws: DomainError.self) { _ = try await h.submit(draft, confirmed: false) }
            #expect(Self.rules(e1) == ["REF-R6"])

            var r = try await h.referral(in: .startupHeld)
            r = try await h.recordConsent(r, scope: .observation)
            r = try await h.proposePlan(r)
            r = try await h.agree(r, party: .statped)
            let e2 = await #expect(throws: DomainError.self) { _ = try await h.agree(r, party: .ppt) }
            #expect(Self.rules(e2) == ["REF-R6"])
            r = try await h.recordConsent(r)
            r = try await h.agree(r, party: .ppt)
            #expect(r.status == .inService)
        }
    }

    @Test("REF-R7 a decline needs a reason and a suggestion; a return needs a reason")
    func triageDecisions() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .inTriage)
            let e1 = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.declineReferral(
                    DeclineReferralRequest.with {
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                    },
                    as: H.intake
                )
            }
            #expect(Self.rules(e1) == ["REF-R7"])
            #expect((e1?.violations.count ?? 0) == 2)
            let e2 = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.returnReferralForCompletion(
                    ReturnReferralForCompletionRequest.with {
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                    },
                    as: H.intake
                )
            }
            #expect(Self.rules(e2) == ["REF-R7"])
            let declined = try await h.referrals.intake.declineReferral(
                DeclineReferralRequest.with {
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.declineReason = .outsideMandate
                    $0.redirect = TriageRedirect.with { $0.target = .ksiMeasure }
                },
                as: H.intake
            )
            #expect(declined.status == .declined)
            #expect(declined.triage?.decision == .declined)
            #expect(declined.triage?.redirect?.target == .ksiMeasure)
        }
    }

    @Test("REF-R8 routes a Sámi case to the SEAD division (POLICY, on)")
    func seadRouting() async throws {
        try await H.with { h in
            var r = try await h.draft(child: ReferralFixtures.child(sami: .northSami))
            r = try await h.submit(r)
            r = try await h.startTriage(r)
            r = try await h.accept(r)
            #expect(Self.warnings(r, "REF-R8").count == 1)
            let error = await #expect(throws: DomainError.self) { _ = try await h.assign(r) }
            #expect(Self.rules(error) == ["REF-R8"])
            let assigned = try await h.assign(r, division: ReferralFixtures.divisionSead)
            #expect(assigned.assignment?.divisionId == ReferralFixtures.divisionSead)
            // A case with no Sámi link may go to any division.
            let plain = try await h.referral(in: .assigned)
            #expect(plain.assignment?.divisionId == ReferralFixtures.divisionCompulsory)
        }
    }

    @Test("REF-R8 acts as a warning when the embete configures it so, and not at all when routing is off")
    func seadRoutingPolicy() async throws {
        var policies = PolicyResolver()
        var statped = BuiltInPolicy.statped
        statped.seadRoutingEnabled = false
        policies.set(statped)
        var reference = try ReferralFixtures.reference()
        reference.policies = policies
        try await H.with(reference: reference) { h in
            var r = try await h.draft(child: ReferralFixtures.child(sami: .southSami))
            r = try await h.accept(try await h.startTriage(try await h.submit(r)))
            #expect(Self.warnings(r, "REF-R8").isEmpty)
            let assigned = try await h.assign(r)
            #expect(assigned.status == .assigned)
        }
    }

    @Test("REF-R9 an assignment needs division, location, advisers and a reason")
    func assignment() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .accepted)
            let error = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.service.assignReferral(
                    AssignReferralRequest.with {
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                        $0.divisionId = "division-unknown"
                    },
                    as: H.manager
                )
            }
            #expect(Self.rules(error) == ["REF-R9"])
            #expect(
                Set(error?.violations.map(\.field) ?? []) == ["division_id", "location_id", "adviser_ids", "reason"]
            )
            let assigned = try await h.assign(r)
            #expect(assigned.assignment?.adviserIds == [ReferralFixtures.adviserPerson])
            #expect(assigned.assignment?.reason == .competence)
        }
    }

    @Test("REF-R10 warns from day 10 after acceptance and marks an SLA breach after day 14")
    func startupSla() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .assigned)
            let read = {
                try await h.referrals.records.getReferral(GetReferralRequest.with { $0.id = r.id }, as: H.manager)
            }
            #expect(Self.warnings(try await read(), "REF-R10").isEmpty)
            h.time.advance(days: 10)
            let day10 = try await read()
            #expect(Self.warnings(day10, "REF-R10").count == 1)
            #expect(!day10.startupSlaBreached)
            h.time.advance(days: 4)
            #expect(!(try await read()).startupSlaBreached)
            h.time.advance(days: 1)
            let day15 = try await read()
            #expect(day15.startupSlaBreached)
            let listed = try await h.referrals.records.listReferrals(ListReferralsRequest(), as: H.manager)
            #expect(listed.items.first { $0.id == r.id }?.startupSlaBreached == true)
            let held = try await h.holdStartup(r)
            #expect(held.startupSlaBreached)
            #expect(Self.warnings(held, "REF-R10").count == 1)
        }
    }

    @Test("REF-R10 a meeting held within 14 days leaves no warning")
    func startupInTime() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .assigned)
            h.time.advance(days: 7)
            let held = try await h.holdStartup(r)
            #expect(held.status == .startupHeld)
            #expect(Self.warnings(held, "REF-R10").isEmpty)
            #expect(!held.startupSlaBreached)
        }
    }

    @Test("REF-R11 rejects an incomplete collaboration plan and requires both parties to agree")
    func collaborationPlan() async throws {
        try await H.with { h in
            var r = try await h.referral(in: .startupHeld)
            let error = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.service.proposeCollaborationPlan(
                    ProposeCollaborationPlanRequest.with {
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                        $0.goals = ["Better reading"]
                        $0.responsibilities = [
                            PlanResponsibility.with {
                                $0.party = .ppt
                                $0.task = "Follow up"
                            }
                        ]
                    },
                    as: H.adviser
                )
            }
            #expect(Self.rules(error) == ["REF-R11"])
            #expect((error?.violations.count ?? 0) == 4)
            r = try await h.recordConsent(r)
            r = try await h.proposePlan(r)
            r = try await h.agree(r, party: .ppt)
            #expect(r.status == .startupHeld)
            r = try await h.agree(r, party: .statped)
            #expect(r.status == .inService)
            // An adviser not assigned to the case cannot agree for Statped.
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.service.agreeCollaborationPlan(
                    AgreeCollaborationPlanRequest.with {
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                        $0.party = .statped
                    },
                    as: H.caller(.statpedOtherAdviser)
                )
            }
        }
    }

    @Test("REF-R12 the phases run startup, assessment and guidance, closing, none skipped")
    func phases() async throws {
        #expect(
            ServicePhaseRule.check(from: .startup, to: .closingOrExtension).violations.map(\.rule.value) == ["REF-R12"]
        )
        #expect(
            ServicePhaseRule.check(from: .unspecified, to: .assessmentAndGuidance).violations.map(\.rule.value) == [
                "REF-R12"
            ]
        )
        #expect(ServicePhaseRule.check(from: .startup, to: .assessmentAndGuidance).violations.isEmpty)
        try await H.with { h in
            let startup = try await h.referral(in: .startupHeld)
            #expect(startup.phase == .startup)
            await #expect(throws: DomainError.self) { _ = try await h.startClosing(startup) }
            let inService = try await h.referral(in: .inService)
            #expect(inService.phase == .assessmentAndGuidance)
            let closing = try await h.startClosing(inService)
            #expect(closing.phase == .closingOrExtension)
        }
    }

    @Test("REF-R13 an extension needs a recorded evaluation and a later end date")
    func extensionRule() async throws {
        try await H.with { h in
            let r = try await h.referral(in: .closing)
            let error = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.service.extendService(
                    ExtendServiceRequest.with {
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                        $0.evaluationId = "nope"
                        $0.newValidTo = h.time.today()
                        $0.party = .statped
                    },
                    as: H.adviser
                )
            }
            #expect(Self.rules(error) == ["REF-R13"])
            let extended = try await h.referrals.service.extendService(
                ExtendServiceRequest.with {
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.evaluationId = r.evaluations.first?.id ?? ""
                    $0.newValidTo = h.time.today().adding(days: 400)
                    $0.party = .ppt
                },
                as: H.ppt
            )
            #expect(extended.collaborationPlan?.validTo == h.time.today().adding(days: 400))
            #expect(extended.collaborationPlanHistory.count == 1)
        }
    }

    @Test("REF-R14 defaults to one physical meeting and warns for another plan without a note")
    func meetingPlan() async throws {
        try await H.with { h in
            let plain = try await h.draft()
            #expect(plain.meetingPlan?.physical == 1)
            #expect(Self.warnings(plain, "REF-R14").isEmpty)
            var content = ReferralFixtures.content()
            content.meetingPlan = ReferralMeetingPlan.with {
                $0.physical = 3
                $0.digital = 2
            }
            let other = try await h.draft(content: content)
            #expect(Self.warnings(other, "REF-R14").count == 1)
            content.meetingPlan?.note = "Travel distance is short"
            let noted = try await h.draft(content: content)
            #expect(Self.warnings(noted, "REF-R14").isEmpty)
        }
    }

    @Test("REF-R15 a system request carries no child data and is made by the requesting organisation")
    func systemRequest() async throws {
        try await H.with { h in
            let owner = H.caller(.kristiansandOwnerAdmin)
            let error = await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.createReferral(
                    CreateReferralRequest.with {
                        $0.kind = .system
                        $0.requestingOrgId = TestRegion.kristiansandKommune
                        $0.child = ReferralFixtures.child()
                        $0.content = ReferralFixtures.content()
                    },
                    as: owner
                )
            }
            #expect(Self.rules(error) == ["REF-R15"])
            var r = try await h.referrals.intake.createReferral(
                CreateReferralRequest.with {
                    $0.kind = .system
                    $0.requestingOrgId = TestRegion.kristiansandKommune
                    $0.content = ReferralDraftContent.with {
                        $0.topic = "Inclusive practice for hearing-impaired pupils"
                        $0.subjectAreas = [.hearing]
                    }
                },
                as: owner
            )
            #expect(r.child == nil)
            #expect(r.governorOfficeId == TestRegion.governorOfficeId)
            r = try await h.referrals.intake.submitReferral(
                SubmitReferralRequest.with {
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                },
                as: owner
            )
            #expect(r.status == .submitted)
            // Another owner may not act for this request.
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.intake.withdrawReferral(
                    WithdrawReferralRequest.with {
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                    },
                    as: H.caller(.arendalOwnerAdmin)
                )
            }
            // No consent step for a system request.
            await #expect(throws: DomainError.self) {
                _ = try await h.referrals.service.recordConsent(
                    RecordConsentRequest.with {
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                        $0.scope = .informationSharing
                    },
                    as: H.ppt
                )
            }
        }
    }

    @Test("REF-R16 milestone timestamps are set by the system once and emitted as pseudonymous events")
    func milestones() async throws {
        try await H.with { h in
            let start = h.time.nowMillis()
            var r = try await h.referral(in: .returned)
            #expect(r.timestamps?.submittedAt == start)
            #expect(r.timestamps?.triagedAt == start)
            h.time.advance(days: 1)
            r = try await h.submit(r)
            #expect(r.timestamps?.submittedAt == start)
            let before = ReferralTimestamps.with { $0.submittedAt = start }
            let changed = ReferralTimestamps.with { $0.submittedAt = start + 1 }
            #expect(
                MilestoneTimestampRule.check(before: before, after: changed).violations.map(\.rule.value) == ["REF-R16"]
            )
            #expect(MilestoneTimestampRule.check(before: before, after: r.timestamps).violations.isEmpty)
            let events = try await h.referrals.records.listReferralMilestones(
                ListReferralMilestonesRequest(),
                as: .system("gateway")
            )
            #expect(events.events.map(\.milestone) == [.submitted, .returned, .submitted])
            #expect(
                events.events.allSatisfy {
                    $0.referralId == r.id && $0.sequence > 0 && $0.region == TestRegion.governorOfficeId
                }
            )
            #expect(events.lastSequence == events.events.last?.sequence)
        }
    }
}
