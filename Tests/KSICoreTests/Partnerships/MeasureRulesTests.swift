import KSICore
import KSITestSupport
import Testing

@Suite("Partnerships: measure rules (PART-R6…R11, R14, R15, R17)")
struct MeasureRulesTests {
    @Test("PART-R6 rejects an abort without a reason or with a notice dated in the future")
    func abortNeedsNotice() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let measure = try await bed.measure(in: partnership)
            await expectPartnershipViolation("PART-R6") {
                _ = try await bed.partnerships.measures.abortMeasure(
                    AbortMeasureRequest.with {
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                    },
                    as: PartnershipTestBed.owner
                )
            }
            await expectPartnershipViolation("PART-R6") {
                _ = try await bed.partnerships.measures.abortMeasure(
                    AbortMeasureRequest.with {
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                        $0.abortReason = "withdrawn"
                        $0.abortNotifiedAt = bed.time.nowMillis() + 86_400_000
                    },
                    as: PartnershipTestBed.owner
                )
            }
            let notice = bed.time.nowMillis() - 86_400_000
            let aborted = try await bed.partnerships.measures.abortMeasure(
                AbortMeasureRequest.with {
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                    $0.abortReason = "withdrawn"
                    $0.abortNotifiedAt = notice
                },
                as: PartnershipTestBed.owner
            )
            #expect(aborted.abortNotifiedAt == notice)
            #expect(try await bed.events(PartnershipEventType.measureAborted).map(\.notifiedInTime) == [true])
        }
    }

    @Test("PART-R6 records an unannounced abort and emits MeasureAborted with notifiedInTime false")
    func unannouncedAbort() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let measure = try await bed.measure(in: partnership, at: .started)
            await expectPartnershipViolation("PART-R6") {
                _ = try await bed.partnerships.measures.recordUnannouncedAbort(
                    RecordUnannouncedAbortRequest.with {
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                    },
                    as: PartnershipTestBed.sf
                )
            }
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.partnerships.measures.recordUnannouncedAbort(
                    RecordUnannouncedAbortRequest.with {
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                        $0.abortReason = "stopped"
                    },
                    as: PartnershipTestBed.owner
                )
            }
            let aborted = try await bed.partnerships.measures.recordUnannouncedAbort(
                RecordUnannouncedAbortRequest.with {
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                    $0.abortReason = "found stopped at the spring visit"
                    $0.discoveredOn = bed.time.today()
                },
                as: PartnershipTestBed.sf
            )
            #expect(aborted.status == .aborted)
            #expect(aborted.abortNotifiedAt == 0)
            let events = try await bed.events(PartnershipEventType.measureAborted)
            #expect(events.map(\.notifiedInTime) == [false])
            #expect(events.first?.grantLineId == PartnershipFixtures.lineId)
        }
    }

    @Test("PART-R7 rejects budget lines beyond a payer's share of the grant line, summed over its measures")
    func budgetWithinShare() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            // UH share is 200 000 kr.
            await expectPartnershipViolation("PART-R7") {
                _ = try await bed.measure(
                    in: partnership,
                    PartnershipFixtures.measureContent(budget: [
                        PartnershipFixtures.line(.uhHours, .uh, PartnershipFixtures.uhShareOre + 100)
                    ])
                )
            }
            // The owner's share includes co-financing: 400 000 + 50 000 kr.
            let full = try await bed.measure(
                in: partnership,
                PartnershipFixtures.measureContent(budget: [
                    PartnershipFixtures.line(
                        .coordinatorSalary,
                        .owner,
                        PartnershipFixtures.ownerShareOre + PartnershipFixtures.coFinancingOre
                    ),
                    PartnershipFixtures.line(.uhHours, .uh, 15_000_000),
                ])
            )
            #expect(full.status == .planned)
            await expectPartnershipViolation("PART-R7") {
                _ = try await bed.measure(
                    in: partnership,
                    PartnershipFixtures.measureContent(budget: [
                        PartnershipFixtures.line(.uhHours, .uh, 6_000_000)
                    ])
                )
            }
            let rest = try await bed.measure(
                in: partnership,
                PartnershipFixtures.measureContent(budget: [
                    PartnershipFixtures.line(.uhHours, .uh, 5_000_000)
                ])
            )
            #expect(rest.budgetLines.count == 1)
        }
    }

    @Test("PART-R7 rejects a budget without a committed grant line")
    func budgetNeedsGrantLine() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active(commit: false)
            await expectPartnershipViolation("PART-R7") { _ = try await bed.measure(in: partnership) }
            let unbudgeted = try await bed.measure(
                in: partnership,
                PartnershipFixtures.measureContent(grantLineId: "", budget: [])
            )
            #expect(unbudgeted.status == .planned)
        }
    }

    @Test("PART-R7 applies GrantCommitted: shares are recorded and planned measures are created once")
    func grantCommittedCreatesMeasures() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active(commit: false)
            let seed = GrantMeasureSeed.with {
                $0.proposedMeasureId = "proposed-1"
                $0.title = "Lesing og skriving"
                $0.themes = [.readingWriting]
                $0.targetGroups = [.teachers]
                $0.participatingUnitIds = [TestRegion.kristiansandSchool]
            }
            let request = ApplyGrantCommittedRequest.with {
                $0.requestId = "gc-1"
                $0.grantId = PartnershipFixtures.grantId
                $0.lines = [
                    CommittedGrantLine.with {
                        $0.partnershipId = partnership.id
                        $0.share = PartnershipFixtures.share()
                        $0.measures = [seed]
                    }
                ]
            }
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.partnerships.lifecycle.applyGrantCommitted(request, as: PartnershipTestBed.owner)
            }
            let applied = try await bed.partnerships.lifecycle.applyGrantCommitted(
                request,
                as: PartnershipTestBed.system
            )
            #expect(applied.updatedPartnershipIds == [partnership.id])
            #expect(applied.createdMeasures.map(\.status) == [.planned])
            #expect(applied.createdMeasures.first?.grantLineId == PartnershipFixtures.lineId)
            var again = request
            again.requestId = "gc-2"
            let second = try await bed.partnerships.lifecycle.applyGrantCommitted(again, as: PartnershipTestBed.system)
            #expect(second.createdMeasures.isEmpty)
            let read = try await bed.partnerships.queries.getPartnership(
                GetPartnershipRequest.with { $0.id = partnership.id },
                as: PartnershipTestBed.sf
            )
            #expect(read.grantIds == [PartnershipFixtures.grantId])
            #expect(read.grantLineShares.count == 1)
            // A terminated partnership still gets the grant linked, but no planned measures.
            var ended = try await bed.active(commit: false)
            ended = try await bed.partnerships.lifecycle.requestTermination(
                RequestTerminationRequest.with {
                    $0.partnershipId = ended.id
                    $0.expectedVersion = ended.version
                    $0.reason = "merger"
                },
                as: PartnershipTestBed.owner
            )
            ended = try await bed.partnerships.lifecycle.confirmTermination(
                ConfirmTerminationRequest.with {
                    $0.partnershipId = ended.id
                    $0.expectedVersion = ended.version
                },
                as: PartnershipTestBed.uh
            )
            var late = request
            late.requestId = "gc-3"
            late.lines[0].partnershipId = ended.id
            let linked = try await bed.partnerships.lifecycle.applyGrantCommitted(late, as: PartnershipTestBed.system)
            #expect(linked.updatedPartnershipIds == [ended.id])
            #expect(linked.createdMeasures.isEmpty)
        }
    }

    @Test(
        "PART-R8 rejects T1 without a PPT role, warns on none, and makes none HARD under participationRequiredAllMeasures"
    )
    func pptRole() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            var unset = PartnershipFixtures.measureContent()
            unset.pptRole = .unspecified
            let measure = try await bed.measure(in: partnership, unset)
            await expectPartnershipViolation("PART-R8") { _ = try await bed.log(.t1, measure) }
            var none = PartnershipFixtures.measureContent(budget: [])
            none.pptRole = .none
            let warned = try await bed.measure(in: partnership, none)
            #expect(warned.warnings.carriesPartnershipRule("PART-R8"))
            let started = try await bed.log(.t1, warned)
            #expect(started.status == .started)
            let involved = try await bed.measure(in: partnership, PartnershipFixtures.measureContent(budget: []))
            #expect(!involved.warnings.carriesPartnershipRule("PART-R8"))
        }
        var reference = try PartnershipFixtures.reference()
        var policy = BuiltInPolicy.governor(governorOfficeId: TestRegion.governorOfficeId, year: 2025, scheme: .ksi)
        policy.pptInvolvementRequirement = .participationRequiredAllMeasures
        reference.policies.set(policy)
        try await PartnershipTestBed.with(reference: reference) { bed in
            let partnership = try await bed.active()
            var none = PartnershipFixtures.measureContent(budget: [])
            none.pptRole = .none
            await expectPartnershipViolation("PART-R8") { _ = try await bed.measure(in: partnership, none) }
        }
    }

    @Test("PART-R9 warns on a measure without practice components and not on one with them")
    func practiceComponents() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            var content = PartnershipFixtures.measureContent(budget: [])
            content.practiceComponents = []
            #expect(try await bed.measure(in: partnership, content).warnings.carriesPartnershipRule("PART-R9"))
            #expect(
                !(try await bed.measure(in: partnership, PartnershipFixtures.measureContent(budget: [])).warnings
                    .carriesPartnershipRule("PART-R9"))
            )
        }
    }

    @Test("PART-R10 warns on a course-package cost and on a measure that is only a course")
    func coursePackage() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let package = try await bed.measure(
                in: partnership,
                PartnershipFixtures.measureContent(budget: [
                    PartnershipFixtures.line(.coursePackage, .owner, 1_000_000)
                ])
            )
            #expect(package.warnings.carriesPartnershipRule("PART-R10"))
            var course = PartnershipFixtures.measureContent(budget: [])
            course.formats = [.course, .lecture]
            course.practiceComponents = []
            #expect(try await bed.measure(in: partnership, course).warnings.carriesPartnershipRule("PART-R10"))
            #expect(
                !(try await bed.measure(in: partnership, PartnershipFixtures.measureContent(budget: [])).warnings
                    .carriesPartnershipRule("PART-R10"))
            )
        }
    }

    @Test("PART-R11 warns when no practice change is logged within 30 days after T2, and not when one is")
    func practiceEvidence() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            var quiet = try await bed.measure(in: partnership, at: .inProgress)
            var logged = try await bed.measure(in: partnership, at: .inProgress)
            logged = try await bed.partnerships.measures.recordPracticeChange(
                RecordPracticeChangeRequest.with {
                    $0.measureId = logged.id
                    $0.expectedVersion = logged.version
                    $0.checkpoint = .t2
                    $0.unitId = TestRegion.kristiansandSchool
                    $0.text = "Teachers use observation notes in planning"
                },
                as: TestRegion.caller(.kristiansandUnitLeader)
            )
            bed.time.advance(days: 31)
            quiet = try await bed.partnerships.measures.recordTeacherEducationFeedback(
                RecordTeacherEducationFeedbackRequest.with {
                    $0.measureId = quiet.id
                    $0.expectedVersion = quiet.version
                    $0.uhInstitutionId = TestRegion.uia
                    $0.text = "Used in the special-needs course"
                },
                as: PartnershipTestBed.uh
            )
            #expect(quiet.warnings.carriesPartnershipRule("PART-R11"))
            logged = try await bed.log(.t3, logged)
            #expect(!logged.warnings.carriesPartnershipRule("PART-R11"))
        }
    }

    @Test("PART-R14 allows a measure for PPT's own competence without participating units")
    func pptOwnCompetence() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            var content = PartnershipFixtures.measureContent(budget: [])
            content.targetGroups = [.pptStaff]
            content.participatingUnitIds = []
            content.pptRole = .recipient
            let measure = try await bed.measure(in: partnership, content)
            #expect(measure.status == .planned)
            #expect(measure.sectors == [.supportServices])
            #expect(PptOwnCompetenceRule.isPptOwnCompetence(measure.targetGroups))
            content.targetGroups = [.teachers]
            await expectPartnershipError(.ruleViolation) { _ = try await bed.measure(in: partnership, content) }
        }
    }

    @Test("PART-R15 allows a private kindergarten in a municipal measure and rejects another kommune's school")
    func privateUnits() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            var content = PartnershipFixtures.measureContent(budget: [])
            content.participatingUnitIds = [TestRegion.kristiansandKindergarten, TestRegion.privateKindergarten]
            let measure = try await bed.measure(in: partnership, content)
            #expect(measure.participatingUnitIds.contains(TestRegion.privateKindergarten))
            #expect(measure.sectors == [.kindergarten])
            content.participatingUnitIds = [TestRegion.arendalSchool]
            await expectPartnershipViolation("PART-R15") { _ = try await bed.measure(in: partnership, content) }
        }
    }

    @Test("PART-R15 allows a private owner to join a municipal partnership as a party")
    func privateOwnerJoins() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.draft(
                PartnershipFixtures.content(owners: [
                    TestRegion.kristiansandKommune, TestRegion.privateKindergartenOwner,
                ])
            )
            let signed = try await bed.sign(partnership, .owner, as: TestRegion.caller(.privateOwnerAdmin))
            #expect(signed.agreement?.signedByOwnerOn != nil)
        }
    }

    @Test("PART-R17 rejects completion until owner and UH have both recorded the joint evaluation")
    func jointEvaluation() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            var measure = try await bed.measure(in: partnership, at: .completing)
            func complete(_ measure: Measure) -> CompleteMeasureRequest {
                CompleteMeasureRequest.with {
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                }
            }
            await expectPartnershipViolation("PART-R17") { [measure] in
                _ = try await bed.partnerships.measures.completeMeasure(complete(measure), as: PartnershipTestBed.owner)
            }
            measure = try await bed.evaluate(measure, .owner)
            await expectPartnershipViolation("PART-R17") { [measure] in
                _ = try await bed.partnerships.measures.completeMeasure(complete(measure), as: PartnershipTestBed.owner)
            }
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.partnerships.measures.recordJointEvaluation(
                    RecordJointEvaluationRequest.with {
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                        $0.party = .uh
                        $0.summary = "x"
                    },
                    as: PartnershipTestBed.owner
                )
            }
            measure = try await bed.evaluate(measure, .uh)
            let completed = try await bed.partnerships.measures.completeMeasure(
                complete(measure),
                as: PartnershipTestBed.owner
            )
            #expect(completed.status == .completed)
        }
    }
}
