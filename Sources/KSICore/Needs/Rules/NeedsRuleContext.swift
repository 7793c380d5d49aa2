/// What the Needs rules read: reference data, the round's frozen policy (COM-R5), the date, and the
/// assessments a report builds on. Rules are pure checks over a report and this context.
public struct NeedsRuleContext: Sendable {
    /// When a rule runs: while a report is edited (warnings and shape checks only) or at submission.
    public enum Phase: Sendable, Hashable {
        /// While the report is edited: warnings and shape checks only.
        case draft
        /// At submission: every rule.
        case submission
    }

    /// The reference data in force.
    public var reference: ReferenceData
    /// The configuration frozen when the round opened (COM-R5), or the resolved one for a planned round.
    public var policy: PolicyConfig
    /// The report's round.
    public var round: NeedsRound
    /// Today in Europe/Oslo, the date rules compare against.
    public var today: LocalDate
    /// Whether the rules run for an edit or for the submission.
    public var phase: Phase
    /// The assessments the report links (those that exist).
    public var linkedAssessments: [NeedsAssessment]
    /// Every assessment of the report's applicant owners (NEED-R15).
    public var ownerAssessments: [NeedsAssessment]
    /// The goal ids of the forum's long-term plan for the round, or nil when it has none (NEED-R14).
    public var longTermPlanGoalIds: [String]?

    /// A context with every input given; the assessments and plan goals default to none.
    public init(
        reference: ReferenceData,
        policy: PolicyConfig,
        round: NeedsRound,
        today: LocalDate,
        phase: Phase,
        linkedAssessments: [NeedsAssessment] = [],
        ownerAssessments: [NeedsAssessment] = [],
        longTermPlanGoalIds: [String]? = nil
    ) {
        self.reference = reference
        self.policy = policy
        self.round = round
        self.today = today
        self.phase = phase
        self.linkedAssessments = linkedAssessments
        self.ownerAssessments = ownerAssessments
        self.longTermPlanGoalIds = longTermPlanGoalIds
    }
}

/// A check of one NEED rule over a report.
public protocol NeedsReportRule: DomainRule {
    /// What the rule finds on `report`: rejections for HARD, warnings for WARN, POLICY as configured.
    static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings
}

extension NeedsAssessment {
    /// Whether the assessment is in force on `date` (NEED-R1, NEED-R15).
    public func isValid(on date: LocalDate) -> Bool {
        guard let conductedOn, conductedOn <= date else { return false }
        return validUntil.map { date <= $0 } ?? true
    }
}

extension NeedsReport {
    /// The lead owner followed by the co-applicants.
    public var applicantOwnerIds: [String] { [leadOwnerId] + coApplicantOwnerIds }
}
