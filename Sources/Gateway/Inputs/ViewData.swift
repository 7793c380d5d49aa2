import KSICore

/// What the gateway reads from AllocationService for a view: frames, the recommendation and decision
/// chain, the money, and the policy in force for each embete in scope.
public struct AllocationData: Sendable {
    public var frames: [RegionalFrame] = []
    public var recommendations: [Recommendation] = [] {
        didSet {
            lineIndex = DerivedIndex()
            decidedIndex = DerivedVariants()
        }
    }
    public var decisions: [GrantDecision] = [] { didSet { decidedIndex = DerivedVariants() } }
    public var grants: [Grant] = [] { didSet { decidedIndex = DerivedVariants() } }
    public var disbursements: [Disbursement] = []
    public var reclaims: [ReclaimCase] = []
    public var commitments: [MultiYearCommitment] = [] { didSet { decidedIndex = DerivedVariants() } }
    public var pledges: [CoFinancingPledge] = []
    public var networks: [CompetenceNetwork] = []
    /// The policy per governor office id, for the years in the query.
    public var policies: [PolicyConfig] = []
    /// `linesById`, worked out once for these recommendations.
    var lineIndex = DerivedIndex<[String: RecommendationLine]>()
    /// `decidedLines`, worked out once per key for these lists.
    var decidedIndex = DerivedVariants<DecidedLinesKey, [DecidedLine]>()

    public init() {}
}

/// What `AllocationData.decidedLines` is asked for.
struct DecidedLinesKey: Hashable, Sendable {
    var year: Int32
    var governorOfficeId: String
    var scheme: Scheme
}

/// What the gateway reads from NeedsService: the needs reports in scope.
public struct NeedsData: Sendable {
    public var reports: [NeedsReport] = [] {
        didSet {
            reportIndex = DerivedIndex()
            visibleSubsets = DerivedVariants()
        }
    }
    /// `reportsById`, worked out once for these reports.
    var reportIndex = DerivedIndex<[String: NeedsReport]>()
    /// What callers may see of these reports, by the ids it leaves out (`ViewVisibility`), worked out once each.
    var visibleSubsets = DerivedVariants<Set<String>, NeedsData>()

    public init() {}

    /// The reports by id (the first of a repeated id).
    public var reportsById: [String: NeedsReport] {
        reportIndex.get { Dictionary(reports.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) }
    }
}

/// What the gateway reads from PartnershipService.
public struct PartnershipsData: Sendable {
    public var partnerships: [Partnership] = [] { didSet { visibleSubsets = DerivedVariants() } }
    public var measures: [Measure] = [] {
        didSet {
            themeIndex = DerivedIndex()
            measureGroups = DerivedIndex()
            visibleSubsets = DerivedVariants()
        }
    }
    public var reports: [PartnershipReport] = [] {
        didSet {
            reportGroups = DerivedIndex()
            visibleSubsets = DerivedVariants()
        }
    }
    public var conflicts: [ConflictCase] = [] {
        didSet {
            conflictGroups = DerivedIndex()
            visibleSubsets = DerivedVariants()
        }
    }
    public var contributions: [ThirdPartyContribution] = [] { didSet { visibleSubsets = DerivedVariants() } }
    /// `measureThemesByLine`, worked out once for these measures.
    var themeIndex = DerivedIndex<[String: [ThemeCode]]>()
    /// The measures, reports and conflict cases by partnership, worked out once for these lists.
    var measureGroups = DerivedIndex<[String: [Measure]]>()
    var reportGroups = DerivedIndex<[String: [PartnershipReport]]>()
    var conflictGroups = DerivedIndex<[String: [ConflictCase]]>()
    /// What callers may see of these lists, by what it leaves out (`ViewVisibility`), worked out once each.
    var visibleSubsets = DerivedVariants<PartnershipsLeftOut, PartnershipsData>()

    public init() {}

    /// The measures by partnership id, in list order.
    public var measuresByPartnership: [String: [Measure]] {
        measureGroups.get { Dictionary(grouping: measures, by: \.partnershipId) }
    }

    /// The partnership reports by partnership id, in list order.
    public var reportsByPartnership: [String: [PartnershipReport]] {
        reportGroups.get { Dictionary(grouping: reports, by: \.partnershipId) }
    }

    /// The conflict cases by partnership id, in list order.
    public var conflictsByPartnership: [String: [ConflictCase]] {
        conflictGroups.get { Dictionary(grouping: conflicts, by: \.partnershipId) }
    }
}

/// What a caller's view leaves out of `PartnershipsData`: the hidden draft partnerships (with everything in them)
/// and the draft partnership reports the caller may not read.
struct PartnershipsLeftOut: Hashable, Sendable {
    var partnerships: Set<String>
    var reports: Set<String>

    var isEmpty: Bool { partnerships.isEmpty && reports.isEmpty }
}

/// What the gateway reads from ReferralService: only the pseudonymous milestone stream (PRIV-R1).
public struct ReferralData: Sendable {
    public var milestones: [ReferralMilestoneReached] = []

    public init() {}
}

/// The slice of data a view asks its sources for. `governorOfficeId` empty = national;
/// `scheme` unspecified = all schemes; `years` the years the view covers (trends and histories
/// span several).
public struct ViewQuery: Sendable, Hashable {
    public var governorOfficeId: String
    public var scheme: Scheme
    public var years: ClosedRange<Int32>

    public init(governorOfficeId: String, scheme: Scheme, years: ClosedRange<Int32>) {
        self.governorOfficeId = governorOfficeId
        self.scheme = scheme
        self.years = years
    }
}
