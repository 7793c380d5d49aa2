import KSICore

/// The entities the dashboard's figures are made from, as the services list them (or as a test builds them by
/// hand): the input of `ExpectedFigures`, which computes every figure straight from DOMAIN.md §5 without the
/// gateway's view code.
struct FigureEntities: Sendable {
    var reference: ReferenceData
    /// The day the figures are read: V7 scores and V13 "open now" describe this day.
    var today: LocalDate
    var reports: [NeedsReport] = []
    var frames: [RegionalFrame] = []
    var recommendations: [Recommendation] = []
    var decisions: [GrantDecision] = []
    var grants: [Grant] = []
    var disbursements: [Disbursement] = []
    var commitments: [MultiYearCommitment] = []
    var partnerships: [Partnership] = []
    var measures: [Measure] = []
    var partnershipReports: [PartnershipReport] = []
    var conflicts: [ConflictCase] = []
    var contributions: [ThirdPartyContribution] = []
    var referrals: [ExpectedReferral] = []
    /// ALLOC-R9's threshold from the embete's policy; nil = the built-in 10 000 000 øre.
    var microGrantThresholdOre: Int64? = nil
}

/// One referral as ReferralService keeps it: where it comes from, its status and its milestones (epoch ms, 0 =
/// not reached). Only what the aggregates count; no child data.
struct ExpectedReferral: Sendable, Hashable {
    var id: String
    /// The embete of the home municipality at submission (§5 V8 region).
    var region: String
    var municipalityId: String
    var status: ReferralStatus
    var divisionId: String = ""
    var submittedAt: Int64 = 0
    var triagedAt: Int64 = 0
    var acceptedAt: Int64 = 0
    var startupHeldAt: Int64 = 0
    var inServiceAt: Int64 = 0
    var closedAt: Int64 = 0
}
