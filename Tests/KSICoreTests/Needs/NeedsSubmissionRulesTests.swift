import KSICore
import KSITestSupport
import Testing

/// NEED-R1…R11, R13…R15 and COM-R7 as pure checks: one rejecting (or warning) and one passing case each.
@Suite("Needs submission rules")
struct NeedsSubmissionRulesTests {
    @Test("a valid report passes every submission rule without warnings")
    func validReportPasses() throws {
        let findings = RuleFixture.submission(RuleFixture.report(), try RuleFixture.context())
        #expect(findings.violations.isEmpty)
        #expect(findings.warnings.isEmpty)
    }

    @Test("NEED-R1 rejects a report whose only assessment has expired")
    func r1RejectsExpired() throws {
        var expired = RuleFixture.assessment()
        expired.validUntil = LocalDate(year: 2025, month: 1, day: 31)
        let findings = AssessmentBasisRule.check(RuleFixture.report(), in: try RuleFixture.context(linked: [expired]))
        #expect(findings.rejects("NEED-R1"))
    }

    @Test("NEED-R1 rejects a report without assessments and one linking another owner's assessment")
    func r1RejectsMissingOrForeign() throws {
        var report = RuleFixture.report()
        report.assessmentIds = []
        #expect(AssessmentBasisRule.check(report, in: try RuleFixture.context(linked: [])).rejects("NEED-R1"))
        let foreign = RuleFixture.assessment(owner: TestRegion.arendalKommune, units: [TestRegion.arendalSchool])
        #expect(
            AssessmentBasisRule.check(RuleFixture.report(), in: try RuleFixture.context(linked: [foreign])).rejects(
                "NEED-R1"
            )
        )
    }

    @Test("NEED-R1 accepts an assessment valid on its last day")
    func r1AcceptsLastDay() throws {
        var assessment = RuleFixture.assessment()
        assessment.validUntil = RuleFixture.today
        #expect(
            AssessmentBasisRule.check(RuleFixture.report(), in: try RuleFixture.context(linked: [assessment]))
                .violations.isEmpty
        )
    }

    @Test("NEED-R2 rejects a report without a UH partner")
    func r2RejectsNoPartner() throws {
        var report = RuleFixture.report()
        report.uhPartnerIds = []
        #expect(UhPartnerRule.check(report, in: try RuleFixture.context()).rejects("NEED-R2"))
    }

    @Test("NEED-R2 rejects a UH partner without teacher education unless the policy allows it")
    func r2TeacherEducationFlag() throws {
        var report = RuleFixture.report()
        report.uhPartnerIds = [TestRegion.nih]
        #expect(UhPartnerRule.check(report, in: try RuleFixture.context()).rejects("NEED-R2"))
        let allowed = try RuleFixture.context(policy: { $0.schemeYearPolicy?.allowUhWithoutTeacherEducation = true })
        #expect(UhPartnerRule.check(report, in: allowed).violations.isEmpty)
        report.uhPartnerIds = [TestRegion.nih, TestRegion.uia]
        #expect(UhPartnerRule.check(report, in: try RuleFixture.context()).violations.isEmpty)
    }

    @Test("NEED-R3 warns when PPT is only informed under the KSI default")
    func r3WarnsByDefault() throws {
        var report = RuleFixture.report()
        report.pptInvolvement = .informed
        let findings = PptInvolvementRule.check(report, in: try RuleFixture.context())
        #expect(findings.warns("NEED-R3"))
        #expect(findings.violations.isEmpty)
    }

    @Test("NEED-R3 rejects PPT involvement below invited when the embete requires it")
    func r3HardWhenRequired() throws {
        var report = RuleFixture.report()
        report.pptInvolvement = .none
        let strict = try RuleFixture.context(policy: { $0.governorPolicy?.pptInvolvementRequirement = .invitedRequired }
        )
        #expect(PptInvolvementRule.check(report, in: strict).rejects("NEED-R3"))
        report.pptInvolvement = .invited
        #expect(PptInvolvementRule.check(report, in: strict).violations.isEmpty)
        #expect(PptInvolvementRule.check(report, in: strict).warnings.isEmpty)
    }

    @Test("NEED-R4 rejects a private unit without PPT when affiliation is required, and always warns")
    func r4AffiliationRequired() throws {
        var report = RuleFixture.report()
        report.participatingUnitIds = [TestRegion.privateKindergarten]
        let strict = try RuleFixture.context(policy: { $0.governorPolicy?.pptAffiliationRequiredForGrant = true })
        let findings = PptAffiliationRule.check(report, in: strict)
        #expect(findings.rejects("NEED-R4"))
        #expect(findings.warns("NEED-R4"))
        let municipal = PptAffiliationRule.check(RuleFixture.report(), in: strict)
        #expect(municipal.violations.isEmpty)
        #expect(municipal.warns("NEED-R4"))
    }

    @Test("NEED-R4 is off by default: a private unit without PPT passes silently")
    func r4OffByDefault() throws {
        var report = RuleFixture.report()
        report.participatingUnitIds = [TestRegion.privateKindergarten]
        let findings = PptAffiliationRule.check(report, in: try RuleFixture.context())
        #expect(findings.violations.isEmpty && findings.warnings.isEmpty)
    }

    @Test("NEED-R5 rejects unconfirmed co-applicants, a non-owner applicant and a duplicate")
    func r5Rejects() throws {
        var report = RuleFixture.report()
        report.coApplicantOwnerIds = [TestRegion.arendalKommune]
        #expect(OwnerApplicantRule.check(report, in: try RuleFixture.context()).rejects("NEED-R5"))
        report.coApplicantOwnerIds = [TestRegion.networkId]
        #expect(OwnerApplicantRule.check(report, in: try RuleFixture.context(phase: .draft)).rejects("NEED-R5"))
        report.coApplicantOwnerIds = [TestRegion.kristiansandKommune]
        #expect(OwnerApplicantRule.check(report, in: try RuleFixture.context(phase: .draft)).rejects("NEED-R5"))
    }

    @Test("NEED-R5 accepts a joint application once every co-applicant has confirmed")
    func r5AcceptsConfirmed() throws {
        var report = RuleFixture.report()
        report.coApplicantOwnerIds = [TestRegion.arendalKommune]
        report.coApplicantConfirmations = [CoApplicantConfirmation.with { $0.ownerId = TestRegion.arendalKommune }]
        #expect(OwnerApplicantRule.check(report, in: try RuleFixture.context()).violations.isEmpty)
    }

    @Test("NEED-R6 rejects a submission after the deadline and accepts one within an extension")
    func r6Deadline() throws {
        var report = RuleFixture.report()
        let late = try RuleFixture.context(today: LocalDate(year: 2025, month: 3, day: 2))
        #expect(SubmissionDeadlineRule.check(report, in: late).rejects("NEED-R6"))
        report.deadlineExtension = DeadlineExtension.with {
            $0.extendedDeadline = LocalDate(year: 2025, month: 3, day: 10)
        }
        #expect(SubmissionDeadlineRule.check(report, in: late).violations.isEmpty)
        #expect(
            SubmissionDeadlineRule.check(
                RuleFixture.report(),
                in: try RuleFixture.context(today: LocalDate(year: 2025, month: 3, day: 1))
            ).violations.isEmpty
        )
    }

    @Test("NEED-R6 rejects a submission in a round without a deadline")
    func r6NoDeadline() throws {
        let context = try RuleFixture.context(round: RuleFixture.round(deadline: nil))
        #expect(SubmissionDeadlineRule.check(RuleFixture.report(), in: context).rejects("NEED-R6"))
    }

    @Test("NEED-R7 rejects a report without themes and warns when every theme is broad inclusion")
    func r7Themes() throws {
        var report = RuleFixture.report()
        report.themes = []
        #expect(SpecificThemeRule.check(report, in: try RuleFixture.context()).rejects("NEED-R7"))
        report.themes = [.inclusivePractice, .teamAroundChild]
        let broad = SpecificThemeRule.check(report, in: try RuleFixture.context())
        #expect(broad.warns("NEED-R7") && broad.violations.isEmpty)
        report.themes = [.inclusivePractice, .autism]
        let specific = SpecificThemeRule.check(report, in: try RuleFixture.context())
        #expect(specific.violations.isEmpty && specific.warnings.isEmpty)
    }

    @Test("NEED-R8 warns about a course series and accepts a course with guidance")
    func r8CourseSeries() throws {
        var report = RuleFixture.report()
        report.proposedMeasures = [
            ProposedMeasure.with { $0.formats = [.course, .webinar] }, ProposedMeasure.with { $0.formats = [.lecture] },
        ]
        #expect(CollectiveDevelopmentRule.check(report, in: try RuleFixture.context()).warns("NEED-R8"))
        report.proposedMeasures[1].practiceComponents = [.guidance]
        #expect(CollectiveDevelopmentRule.check(report, in: try RuleFixture.context()).warnings.isEmpty)
    }

    @Test("NEED-R9 warns when neither PPT staff nor support services are target groups")
    func r9TeamAroundChild() throws {
        var report = RuleFixture.report()
        report.targetGroups = [.teachers, .leaders]
        #expect(TeamAroundChildRule.check(report, in: try RuleFixture.context()).warns("NEED-R9"))
        report.targetGroups = [.teachers, .otherSupportServices]
        #expect(TeamAroundChildRule.check(report, in: try RuleFixture.context()).warnings.isEmpty)
    }

    @Test("NEED-R10 rejects undocumented staff involvement for DEKOM and warns for KSI")
    func r10StaffInvolvement() throws {
        var assessment = RuleFixture.assessment()
        assessment.staffInvolved = false
        let dekom = StaffInvolvementRule.check(
            RuleFixture.report(scheme: .dekom),
            in: try RuleFixture.context(scheme: .dekom, linked: [assessment])
        )
        #expect(dekom.rejects("NEED-R10"))
        let ksi = StaffInvolvementRule.check(RuleFixture.report(), in: try RuleFixture.context(linked: [assessment]))
        #expect(ksi.warns("NEED-R10") && ksi.violations.isEmpty)
    }

    @Test("NEED-R10 warns without a union consultation and passes a documented assessment")
    func r10UnionRep() throws {
        var assessment = RuleFixture.assessment()
        assessment.unionRepConsultedOn = nil
        #expect(
            StaffInvolvementRule.check(RuleFixture.report(), in: try RuleFixture.context(linked: [assessment])).warns(
                "NEED-R10"
            )
        )
        let documented = StaffInvolvementRule.check(
            RuleFixture.report(scheme: .dekom),
            in: try RuleFixture.context(scheme: .dekom)
        )
        #expect(documented.violations.isEmpty && documented.warnings.isEmpty)
    }

    @Test("NEED-R11 rejects a zero amount, øre and too many years (COM-R2)")
    func r11Rejects() throws {
        var report = RuleFixture.report()
        report.requestedAmountOre = 0
        #expect(RequestedAmountRule.check(report, in: try RuleFixture.context()).rejects("NEED-R11"))
        report.requestedAmountOre = 100_000_50
        #expect(RequestedAmountRule.check(report, in: try RuleFixture.context()).rejects("NEED-R11"))
        report.requestedAmountOre = 100_000_00
        report.requestedYears = 4
        #expect(RequestedAmountRule.check(report, in: try RuleFixture.context()).rejects("NEED-R11"))
        report.requestedYears = 4
        let longer = try RuleFixture.context(policy: { $0.governorPolicy?.maxCommitmentYears = 4 })
        #expect(RequestedAmountRule.check(report, in: longer).violations.isEmpty)
    }

    @Test("NEED-R11 lets a draft leave the amount unset but not in øre")
    func r11Draft() throws {
        var report = RuleFixture.report()
        report.requestedAmountOre = 0
        report.requestedYears = 0
        #expect(RequestedAmountRule.check(report, in: try RuleFixture.context(phase: .draft)).violations.isEmpty)
        report.requestedAmountOre = 99
        #expect(RequestedAmountRule.check(report, in: try RuleFixture.context(phase: .draft)).rejects("NEED-R11"))
    }

    @Test("NEED-R11 warns when the proposed split breaks the embete's split rule")
    func r11SplitWarn() throws {
        var report = RuleFixture.report()
        report.proposedOwnerShareBp = 7000
        let equal = try RuleFixture.context(policy: {
            $0.governorPolicy?.ownerUhSplitRule = OwnerUhSplitRule.with { $0.kind = .equal }
        })
        #expect(RequestedAmountRule.check(report, in: equal).warns("NEED-R11"))
        report.proposedOwnerShareBp = 5000
        #expect(RequestedAmountRule.check(report, in: equal).warnings.isEmpty)
    }

    @Test("NEED-R13 prompts for Statped on a low-frequency theme and stays silent otherwise")
    func r13Statped() throws {
        var report = RuleFixture.report()
        report.themes = [.hearing]
        #expect(StatpedContributionRule.check(report, in: try RuleFixture.context()).warns("NEED-R13"))
        report.themes = [.readingWriting]
        #expect(StatpedContributionRule.check(report, in: try RuleFixture.context()).warnings.isEmpty)
        report.statpedNeeded = true
        #expect(StatpedContributionRule.check(report, in: try RuleFixture.context()).warns("NEED-R13"))
    }

    @Test("NEED-R14 warns without a plan reference or a linked long-term plan goal")
    func r14Plans() throws {
        var report = RuleFixture.report()
        report.ownerPlanReference = ""
        #expect(PlanReferenceRule.check(report, in: try RuleFixture.context()).warns("NEED-R14"))
        let withPlan = try RuleFixture.context(goals: ["goal-1", "goal-2"])
        #expect(PlanReferenceRule.check(RuleFixture.report(), in: withPlan).warns("NEED-R14"))
        report = RuleFixture.report()
        report.longTermPlanGoalIds = ["goal-2"]
        #expect(PlanReferenceRule.check(report, in: withPlan).warnings.isEmpty)
    }

    @Test("NEED-R15 warns for DEKOM when a school of the applicant has no valid assessment")
    func r15Coverage() throws {
        let uncovered = try RuleFixture.context(scheme: .dekom, ownerAssessments: [])
        #expect(SchoolAssessmentCoverageRule.check(RuleFixture.report(scheme: .dekom), in: uncovered).warns("NEED-R15"))
        let covered = try RuleFixture.context(scheme: .dekom, ownerAssessments: [RuleFixture.assessment()])
        #expect(SchoolAssessmentCoverageRule.check(RuleFixture.report(scheme: .dekom), in: covered).warnings.isEmpty)
        #expect(
            SchoolAssessmentCoverageRule.check(RuleFixture.report(), in: try RuleFixture.context()).warnings.isEmpty
        )
    }

    @Test("COM-R7 rejects a report without a scheme or with another scheme than its round")
    func comR7() throws {
        var report = RuleFixture.report()
        report.scheme = .unspecified
        #expect(ReportSchemeRule.check(report, in: try RuleFixture.context()).rejects("COM-R7"))
        report.scheme = .dekom
        #expect(ReportSchemeRule.check(report, in: try RuleFixture.context()).rejects("COM-R7"))
        #expect(ReportSchemeRule.check(RuleFixture.report(), in: try RuleFixture.context()).violations.isEmpty)
    }

    @Test("every HARD violation of a submission is reported at once")
    func allViolationsTogether() throws {
        var report = RuleFixture.report()
        report.uhPartnerIds = []
        report.themes = []
        report.requestedAmountOre = 0
        let findings = RuleFixture.submission(report, try RuleFixture.context(linked: []))
        #expect(Set(findings.violations.map(\.rule)) == ["NEED-R1", "NEED-R2", "NEED-R7", "NEED-R11"])
    }
}
