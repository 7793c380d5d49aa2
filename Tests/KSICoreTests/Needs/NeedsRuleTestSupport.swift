import KSICore
import KSITestSupport

/// Pure rule checks: a report and a rule context built from the test region.
enum RuleFixture {
    static let today = LocalDate(year: 2025, month: 2, day: 1)

    static func round(
        scheme: Scheme = .ksi,
        deadline: LocalDate? = LocalDate(year: 2025, month: 3, day: 1)
    ) -> NeedsRound {
        NeedsRound.with {
            $0.id = "round-1"
            $0.governorOfficeId = TestRegion.governorOfficeId
            $0.scheme = scheme
            $0.year = 2025
            $0.submissionDeadline = deadline
            $0.status = .open
        }
    }

    static func assessment(
        id: String = "a-1",
        owner: String = TestRegion.kristiansandKommune,
        units: [String] = [TestRegion.kristiansandSchool]
    ) -> NeedsAssessment {
        NeedsAssessment.with {
            $0.id = id
            $0.ownerId = owner
            $0.unitIds = units
            $0.conductedOn = LocalDate(year: 2024, month: 9, day: 1)
            $0.validUntil = LocalDate(year: 2027, month: 9, day: 1)
            $0.tool = .pedagogicalAnalysis
            $0.staffInvolved = true
            $0.staffInvolvementNote = "Workshops with all staff."
            $0.unionRepConsultedOn = LocalDate(year: 2024, month: 9, day: 1)
        }
    }

    static func report(scheme: Scheme = .ksi) -> NeedsReport {
        var report = NeedsReport.with {
            $0.id = "report-1"
            $0.roundId = "round-1"
            $0.scheme = scheme
            $0.year = 2025
            $0.governorOfficeId = TestRegion.governorOfficeId
            $0.leadOwnerId = TestRegion.kristiansandKommune
            $0.status = .draft
        }
        let content = NeedsFixture.validContent(assessmentIds: ["a-1"])
        report.themes = content.themes
        report.participatingUnitIds = content.participatingUnitIds
        report.targetGroups = content.targetGroups
        report.assessmentIds = content.assessmentIds
        report.ownerPlanReference = content.ownerPlanReference
        report.uhPartnerIds = content.uhPartnerIds
        report.pptInvolvement = content.pptInvolvement
        report.pptOfficeIds = content.pptOfficeIds
        report.proposedMeasures = content.proposedMeasures
        report.requestedAmountOre = content.requestedAmountOre
        report.requestedYears = content.requestedYears
        return report
    }

    static func context(
        phase: NeedsRuleContext.Phase = .submission,
        scheme: Scheme = .ksi,
        round: NeedsRound? = nil,
        policy: ((inout PolicyConfig) -> Void)? = nil,
        linked: [NeedsAssessment] = [assessment()],
        ownerAssessments: [NeedsAssessment] = [],
        goals: [String]? = nil,
        today: LocalDate = today
    ) throws -> NeedsRuleContext {
        let reference = try TestRegion.reference()
        var config = reference.policies.resolve(
            governorOfficeId: TestRegion.governorOfficeId,
            year: 2025,
            scheme: scheme
        )
        policy?(&config)
        return NeedsRuleContext(
            reference: reference,
            policy: config,
            round: round ?? self.round(scheme: scheme),
            today: today,
            phase: phase,
            linkedAssessments: linked,
            ownerAssessments: ownerAssessments,
            longTermPlanGoalIds: goals
        )
    }

    /// Every finding of the full submission rule set.
    static func submission(_ report: NeedsReport, _ context: NeedsRuleContext) -> Findings {
        NeedsReportRules.evaluate(NeedsReportRules.submission, report, in: context)
    }
}

extension Findings {
    func rejects(_ rule: RuleID) -> Bool { violations.contains { $0.rule == rule } }
    func warns(_ rule: RuleID) -> Bool { warnings.contains { $0.ruleId == rule.value } }
}
