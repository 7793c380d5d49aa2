import KSICore

/// Builders for the governance, policy and simulator tests of the Allocation context.
public enum GovernanceFixtures {
    /// 2025-03-01: a year before SKK mode.
    public static let today = LocalDate(year: 2025, month: 3, day: 1)
    /// 2026-03-01: SKK mode (ALLOC-R18).
    public static let skkToday = LocalDate(year: 2026, month: 3, day: 1)

    /// A member of a forum.
    public static func member(
        _ person: String,
        _ kind: OrganisationKind,
        org: String = "",
        deputy: Bool = false,
        observer: Bool = false,
        vote: Bool = true,
        speaking: Bool = true
    ) -> ForumMember {
        ForumMember.with {
            $0.personId = person
            $0.organisationKind = kind
            $0.orgId = org
            $0.isDeputy = deputy
            $0.isObserver = observer
            $0.hasVote = vote
            $0.speakingRights = speaking
        }
    }

    /// A KSI forum with every category ALLOC-R20 asks for (public and private owners, a kommune, UH, KS, PBL, a
    /// teacher union), plus a Statped observer.
    public static func completeKsiMembers() -> [ForumMember] {
        [
            member("person-kommune", .other, org: TestRegion.kristiansandKommune),
            member("person-private", .other, org: TestRegion.privateKindergartenOwner),
            member("person-uia", .uh, org: TestRegion.uia),
            member("person-ks", .ks),
            member("person-pbl", .pbl),
            member("person-union", .teacherUnion),
            member("person-statped", .statped, observer: true, vote: false),
        ]
    }

    /// The content of a forum in the test region.
    public static func forumContent(
        schemes: [Scheme] = [.ksi],
        members: [ForumMember] = completeKsiMembers(),
        name: String = "Samarbeidsforum Agder"
    ) -> CollaborationForumContent {
        CollaborationForumContent.with {
            $0.governorOfficeId = TestRegion.governorOfficeId
            $0.name = name
            $0.schemes = schemes
            $0.model = .dedicatedKsi
            $0.members = members
        }
    }

    /// The content of a network of the test region's municipalities.
    public static func networkContent(
        name: String = "Sør",
        municipalities: [String] = [TestRegion.kristiansand, TestRegion.aseral]
    ) -> CompetenceNetworkContent {
        CompetenceNetworkContent.with {
            $0.governorOfficeId = TestRegion.governorOfficeId
            $0.name = name
            $0.municipalityIds = municipalities
            $0.coordinatorPersonIds = ["person-coordinator"]
        }
    }

    /// A draft line for the simulator.
    public static func draftLine(
        _ ref: String,
        recipient: String = TestRegion.kristiansandKommune,
        amountOre: Int64,
        themes: [ThemeCode] = [.inclusivePractice],
        sectors: [Sector] = [.compulsorySchool],
        units: [String] = [],
        municipalities: [String] = [TestRegion.kristiansand],
        ownerShareBp: Int32? = nil,
        deviationReason: String = ""
    ) -> SimulationDraftLine {
        SimulationDraftLine.with {
            $0.draftLineRef = ref
            $0.recipientOrgId = recipient
            $0.recipientType = .owner
            $0.amountOre = amountOre
            $0.years = 1
            $0.themes = themes
            $0.sectors = sectors
            $0.participatingUnitIds = units
            $0.municipalityIds = municipalities
            $0.ownerShareBp = ownerShareBp
            $0.splitDeviationReason = deviationReason
        }
    }

    /// A simulation request for the test region's embete (KSI 2025).
    public static func simulation(
        frameOre: Int64 = 600_000_000,
        precommittedOre: Int64 = 0,
        lines: [SimulationDraftLine],
        methods: [SimulationMethodInput] = [],
        splitRules: [OwnerUhSplitRule] = []
    ) -> SimulateAllocationRequest {
        SimulateAllocationRequest.with {
            $0.governorOfficeId = TestRegion.governorOfficeId
            $0.scheme = .ksi
            $0.year = 2025
            $0.frameOre = frameOre
            $0.precommittedOre = precommittedOre
            $0.draftLines = lines
            $0.methods = methods
            $0.splitRules = splitRules
        }
    }

    /// A split rule.
    public static func split(
        _ kind: OwnerUhSplitRuleKind,
        owner: Int32 = 0,
        uh: Int32 = 0,
        minUh: Int32 = 0,
        maxUh: Int32 = 0
    ) -> OwnerUhSplitRule {
        OwnerUhSplitRule.with {
            $0.kind = kind
            $0.ownerBp = owner
            $0.uhBp = uh
            $0.minUhBp = minUh
            $0.maxUhBp = maxUh
        }
    }
}
