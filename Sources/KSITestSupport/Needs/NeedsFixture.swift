import Foundation
import KSICore

/// Builders for Needs tests: an open round in the test region, valid assessments and reports, and
/// a report driven to any status through the public API.
public struct NeedsFixture: Sendable {
    public let needs: NeedsContext
    public let time: FixedTimeSource
    public let database: KSIDatabase

    /// The default test date: the round is open and its deadline has not passed.
    public static let today = LocalDate(year: 2025, month: 2, day: 1)
    public static let opensOn = LocalDate(year: 2025, month: 1, day: 10)
    public static let deadline = LocalDate(year: 2025, month: 3, day: 1)

    public init(database: KSIDatabase, reference: ReferenceData? = nil, today: LocalDate = NeedsFixture.today) throws {
        self.database = database
        self.time = FixedTimeSource(date: today)
        self.needs = NeedsContext(database: database, reference: try reference ?? TestRegion.reference(), time: time)
    }

    /// Another context on the same database (e.g. with changed policies).
    public func with(reference: ReferenceData) -> NeedsFixture {
        NeedsFixture(
            needs: NeedsContext(database: database, reference: reference, time: time),
            time: time,
            database: database
        )
    }

    init(needs: NeedsContext, time: FixedTimeSource, database: KSIDatabase) {
        self.needs = needs
        self.time = time
        self.database = database
    }

    public static func requestId() -> String { UUID().uuidString }

    public static func caller(_ actor: TestRegion.Actor) -> Caller { TestRegion.caller(actor) }
    public static let system = Caller.system("allocation")

    // MARK: Rounds

    /// A planned round of the Agder embete.
    public func plannedRound(
        scheme: Scheme = .ksi,
        year: Int32 = 2025,
        deadline: LocalDate? = NeedsFixture.deadline
    ) async throws -> NeedsRound {
        try await needs.rounds.createNeedsRound(
            CreateNeedsRoundRequest.with {
                $0.requestId = Self.requestId()
                $0.governorOfficeId = TestRegion.governorOfficeId
                $0.scheme = scheme
                $0.year = year
                $0.opensOn = NeedsFixture.opensOn
                $0.submissionDeadline = deadline
            },
            as: Self.caller(.sfCaseworker)
        )
    }

    /// An open round of the Agder embete.
    public func openRound(scheme: Scheme = .ksi, year: Int32 = 2025) async throws -> NeedsRound {
        let round = try await plannedRound(scheme: scheme, year: year)
        return try await needs.rounds.openNeedsRound(
            OpenNeedsRoundRequest.with {
                $0.requestId = Self.requestId()
                $0.needsRoundId = round.id
                $0.expectedVersion = round.version
            },
            as: Self.caller(.sfCaseworker)
        )
    }

    public func closeRound(_ round: NeedsRound) async throws -> NeedsRound {
        try await needs.rounds.closeNeedsRound(
            CloseNeedsRoundRequest.with {
                $0.requestId = Self.requestId()
                $0.needsRoundId = round.id
                $0.expectedVersion = round.version
            },
            as: Self.caller(.sfCaseworker)
        )
    }

    // MARK: Assessments

    /// Assessment content with staff involvement documented and the union rep consulted.
    public static func assessmentContent(
        owner: String = TestRegion.kristiansandKommune,
        units: [String] = [TestRegion.kristiansandSchool],
        conductedOn: LocalDate = LocalDate(year: 2024, month: 9, day: 1)
    ) -> NeedsAssessmentContent {
        NeedsAssessmentContent.with {
            $0.ownerId = owner
            $0.unitIds = units
            $0.conductedOn = conductedOn
            $0.tool = .pedagogicalAnalysis
            $0.staffInvolved = true
            $0.staffInvolvementNote = "All staff took part in two workshops."
            $0.pptInvolved = true
            $0.unionRepConsultedOn = conductedOn
            $0.findings = "Reading and inclusive practice."
            $0.themes = [.readingWriting]
        }
    }

    public func assessment(
        _ content: NeedsAssessmentContent = NeedsFixture.assessmentContent(),
        as actor: TestRegion.Actor = .kristiansandOwnerAdmin
    ) async throws -> NeedsAssessment {
        try await needs.assessments.createNeedsAssessment(
            CreateNeedsAssessmentRequest.with {
                $0.requestId = Self.requestId()
                $0.content = content
            },
            as: Self.caller(actor)
        )
    }

    // MARK: Reports

    /// Report content that passes every HARD rule and raises no WARN in the default KSI policy.
    public static func validContent(assessmentIds: [String]) -> NeedsReportContent {
        NeedsReportContent.with {
            $0.title = "Inclusive reading in Kristiansand"
            $0.participatingUnitIds = [TestRegion.kristiansandSchool]
            $0.sectors = [.compulsorySchool]
            $0.themes = [.readingWriting, .inclusivePractice]
            $0.targetGroups = [.teachers, .pptStaff]
            $0.assessmentIds = assessmentIds
            $0.ownerPlanReference = "Kvalitetsplan 2024–2027"
            $0.uhPartnerIds = [TestRegion.uia]
            $0.uhContactedOn = LocalDate(year: 2024, month: 10, day: 1)
            $0.pptInvolvement = .participating
            $0.pptOfficeIds = [TestRegion.pptKristiansand]
            $0.proposedMeasures = [
                ProposedMeasure.with {
                    $0.id = "measure-1"
                    $0.title = "Reading in every subject"
                    $0.themes = [.readingWriting]
                    $0.formats = [.gathering, .workingGroup]
                    $0.practiceComponents = [.guidance, .trialAndAdjustment]
                    $0.targetGroups = [.teachers]
                    $0.unitIds = [TestRegion.kristiansandSchool]
                    $0.years = 2
                }
            ]
            $0.requestedAmountOre = 800_000_00
            $0.requestedYears = 2
        }
    }

    /// A draft report of Kristiansand kommune in `round`, built on a fresh valid assessment.
    public func draft(
        in round: NeedsRound,
        edit: (inout NeedsReportContent) -> Void = { _ in }
    ) async throws -> NeedsReport {
        let assessment = try await assessment()
        var content = Self.validContent(assessmentIds: [assessment.id])
        edit(&content)
        return try await needs.reports.createNeedsReport(
            CreateNeedsReportRequest.with {
                $0.requestId = Self.requestId()
                $0.roundId = round.id
                $0.leadOwnerId = TestRegion.kristiansandKommune
                $0.content = content
            },
            as: Self.caller(.kristiansandOwnerAdmin)
        )
    }

    public func submit(
        _ report: NeedsReport,
        as actor: TestRegion.Actor = .kristiansandOwnerAdmin
    ) async throws -> NeedsReport {
        try await needs.reports.submitNeedsReport(
            SubmitNeedsReportRequest.with {
                $0.requestId = Self.requestId()
                $0.needsReportId = report.id
                $0.expectedVersion = report.version
            },
            as: Self.caller(actor)
        )
    }

    public func route(
        _ report: NeedsReport,
        to target: NeedsRoutingTarget = .network,
        body: String = TestRegion.networkId
    ) async throws -> NeedsReport {
        try await needs.reports.routeNeedsReport(
            RouteNeedsReportRequest.with {
                $0.requestId = Self.requestId()
                $0.needsReportId = report.id
                $0.expectedVersion = report.version
                $0.routingTarget = target
                $0.targetBodyId = body
            },
            as: Self.caller(.sfCaseworker)
        )
    }

    /// The network's decision basis for a round (created on first use).
    public func networkBasis(for round: NeedsRound) async throws -> DecisionBasis {
        let existing = try await needs.reports.listDecisionBases(
            ListDecisionBasesRequest.with {
                $0.roundId = round.id
                $0.networkId = TestRegion.networkId
            },
            as: Self.caller(.networkCoordinator)
        )
        if let basis = existing.items.first { return basis }
        return try await needs.reports.createDecisionBasis(
            CreateDecisionBasisRequest.with {
                $0.requestId = Self.requestId()
                $0.roundId = round.id
                $0.networkId = TestRegion.networkId
            },
            as: Self.caller(.networkCoordinator)
        )
    }

    public func prioritise(
        _ report: NeedsReport,
        basis: DecisionBasis,
        rank: Int32,
        prioritised: Bool = true
    ) async throws -> NeedsReport {
        try await needs.reports.prioritiseNeedsReport(
            PrioritiseNeedsReportRequest.with {
                $0.requestId = Self.requestId()
                $0.needsReportId = report.id
                $0.expectedVersion = report.version
                $0.decisionBasisId = basis.id
                $0.prioritised = prioritised
                $0.rank = prioritised ? rank : 0
            },
            as: Self.caller(.networkCoordinator)
        )
    }

    public func lineCreated(_ report: NeedsReport, line: String = "line-1") async throws -> NeedsReport {
        try await needs.eventApplication.applyRecommendationLineCreated(
            ApplyRecommendationLineCreatedRequest.with {
                $0.requestId = Self.requestId()
                $0.needsReportId = report.id
                $0.recommendationId = "recommendation-1"
                $0.recommendationLineId = line
            },
            as: Self.system
        )
    }

    public func decided(
        _ report: NeedsReport,
        line: String = "line-1",
        outcome: GrantDecisionOutcome = .approved,
        amountOre: Int64? = nil,
        deviates: Bool = false,
        event: String = AllocationEventType.grantDecided.name
    ) async throws -> NeedsReport {
        try await needs.eventApplication.applyGrantOutcome(
            ApplyGrantOutcomeRequest.with {
                $0.requestId = Self.requestId()
                $0.needsReportId = report.id
                $0.sourceEventType = event
                $0.decision = NeedsReportLineDecision.with {
                    $0.recommendationLineId = line
                    $0.grantDecisionId = "decision-\(line)"
                    $0.decisionOutcome = outcome
                    $0.approvedAmountOre = amountOre ?? (outcome == .rejected ? 0 : report.requestedAmountOre)
                    $0.deviatesFromRequest = deviates
                }
            },
            as: Self.system
        )
    }

    public func withdraw(_ report: NeedsReport) async throws -> NeedsReport {
        try await needs.reports.withdrawNeedsReport(
            WithdrawNeedsReportRequest.with {
                $0.requestId = Self.requestId()
                $0.needsReportId = report.id
                $0.expectedVersion = report.version
                $0.reason = "Merged into a joint application."
            },
            as: Self.caller(.kristiansandOwnerAdmin)
        )
    }

    public func returnForCompletion(_ report: NeedsReport) async throws -> NeedsReport {
        try await needs.reports.returnNeedsReportForCompletion(
            ReturnNeedsReportForCompletionRequest.with {
                $0.requestId = Self.requestId()
                $0.needsReportId = report.id
                $0.expectedVersion = report.version
                $0.reason = "The budget is missing."
            },
            as: Self.caller(.sfCaseworker)
        )
    }

    /// A report in `status`, reached through the public API in `round` (an open round).
    public func report(in status: NeedsReportStatus, round: NeedsRound, rank: Int32 = 1) async throws -> NeedsReport {
        let draft = try await draft(in: round)
        switch status {
        case .draft, .unspecified: return draft
        case .withdrawn: return try await withdraw(draft)
        default: break
        }
        let submitted = try await submit(draft)
        switch status {
        case .submitted: return submitted
        case .returned: return try await returnForCompletion(submitted)
        default: break
        }
        let underReview = try await route(submitted)
        if status == .underReview { return underReview }
        let basis = try await networkBasis(for: round)
        if status == .notPrioritised {
            return try await prioritise(underReview, basis: basis, rank: 0, prioritised: false)
        }
        let prioritised = try await prioritise(underReview, basis: basis, rank: rank)
        if status == .prioritised { return prioritised }
        let inRecommendation = try await lineCreated(prioritised)
        switch status {
        case .fundedAsRequested: return try await decided(inRecommendation)
        case .fundedOtherThanRequested:
            return try await decided(inRecommendation, amountOre: 500_000_00, deviates: true)
        case .rejected: return try await decided(inRecommendation, outcome: .rejected)
        default: return inRecommendation
        }
    }
}
