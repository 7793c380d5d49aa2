import KSICore

/// Builders for the money and decision half of the Allocation context: a frame, a recommendation under
/// control, signed decisions and grants in every state, all in the test region (agder, ksi, 2025).
public struct AllocationMoneyFixture: Sendable {
    public static let year: Int32 = 2025
    public static let office = TestRegion.governorOfficeId
    public static let roundId = "round-agder-ksi-2025"

    public let allocation: AllocationContext
    /// The Needs context the lines' reports live in (ALLOC-R4), on the same database.
    public let needs: NeedsContext
    public let time: FixedTimeSource
    let database: KSIDatabase
    let reference: ReferenceData

    public let udir = TestRegion.caller(.udirAdmin)
    public let caseworker = TestRegion.caller(.sfCaseworker)
    public let decisionMaker = TestRegion.caller(.sfDecisionMaker)
    public let committee = TestRegion.caller(.committeeMember)
    public let kristiansandAdmin = TestRegion.caller(.kristiansandOwnerAdmin)
    public let system = Caller.system("PartnershipService")

    /// A fixture on `database`, on `today` (default 1 March 2025), with extra policy records.
    public init(
        database: KSIDatabase,
        today: LocalDate = LocalDate(year: 2025, month: 3, day: 1),
        governorPolicies: [GovernorPolicy] = [],
        schemeYearPolicies: [SchemeYearPolicy] = []
    ) throws {
        var reference = try TestRegion.reference()
        for policy in governorPolicies { reference.policies.set(policy) }
        for policy in schemeYearPolicies { reference.policies.set(policy) }
        time = FixedTimeSource(date: today)
        self.database = database
        self.reference = reference
        needs = NeedsContext(database: database, reference: reference, time: time)
        allocation = AllocationContext(database: database, reference: reference, time: time, needsReports: needs)
    }

    /// The built-in agder policy for `year`, changed by `change`.
    public static func policy(
        year: Int32 = year,
        scheme: Scheme = .ksi,
        _ change: (inout GovernorPolicy) -> Void
    ) -> GovernorPolicy {
        var policy = BuiltInPolicy.governor(governorOfficeId: office, year: year, scheme: scheme)
        change(&policy)
        return policy
    }

    // MARK: Budgets

    /// Sets a national budget and a published frame for agder.
    @discardableResult
    public func publishedFrame(
        amountOre: Int64 = 1_000_000_000,
        nationalOre: Int64 = 16_000_000_000,
        year: Int32 = year,
        scheme: Scheme = .ksi
    )
        async throws -> RegionalFrame
    {
        _ = try await allocation.budgets.setNationalBudget(
            SetNationalBudgetRequest.with {
                $0.scheme = scheme
                $0.year = year
                $0.amountOre = nationalOre
            },
            as: udir
        )
        let frame = try await allocation.budgets.setRegionalFrame(
            SetRegionalFrameRequest.with {
                $0.governorOfficeId = Self.office
                $0.scheme = scheme
                $0.year = year
                $0.amountOre = amountOre
            },
            as: udir
        )
        return try await allocation.budgets.publishRegionalFrame(
            PublishRegionalFrameRequest.with {
                $0.regionalFrameId = frame.id
                $0.expectedVersion = frame.version
            },
            as: udir
        )
    }

    // MARK: Recommendations

    /// A complete line to Kristiansand kommune with UiA as UH partner, split 6000/4000.
    public static func line(
        recipient: String = TestRegion.kristiansandKommune,
        amountOre: Int64 = 50_000_000,
        years: Int32 = 1,
        _ change: (inout RecommendationLineContent) -> Void = { _ in }
    ) -> RecommendationLineContent {
        var line = RecommendationLineContent.with {
            $0.recipientOrgId = recipient
            $0.recipientType = .owner
            $0.uhRecipientOrgId = TestRegion.uia
            $0.needsReportIds = [reportPlaceholder(recipient)]
            $0.partnershipId = "partnership-\(recipient)"
            $0.proposedMeasureIds = ["measure-\(recipient)"]
            $0.amountOre = amountOre
            $0.years = years
            $0.indicativeLaterYears = (1..<max(years, 1)).map { offset in
                YearAmount.with {
                    $0.year = Self.year + offset
                    $0.amountOre = amountOre
                }
            }
            $0.ownerShareBp = 6000
            $0.uhShareBp = 4000
            $0.participants = "All teachers at two schools and the PPT adviser"
            $0.criteria = RecommendationCriteria.with {
                $0.localNeed = "Mapped reading difficulties in grades 1-4"
                $0.unitBased = "Each school runs its own development work"
                $0.partnership = "UiA follows up every month"
                $0.teamAroundChild = "PPT takes part in every meeting"
            }
        }
        change(&line)
        return line
    }

    /// Stands for the recipient's submitted needs report of the draft's year: `draft(lines:)` replaces it by
    /// a real report stored in `needs` (ALLOC-R4), so a line built by `line()` cites a report it may cite.
    public static func reportPlaceholder(_ recipient: String) -> String { "report-\(recipient)" }

    /// The id of the recipient's submitted report for `year`.
    public static func reportId(_ recipient: String, year: Int32) -> String { "report-\(recipient)-\(year)" }

    /// A submitted KSI report of `recipient` in the agder round of `year` for all the owner's units, proposing
    /// `measure-<recipient>`, stored as NeedsService would hold it (the Needs rules are tested in NeedsTests;
    /// this is the money half).
    public func submittedReport(_ recipient: String, year: Int32 = AllocationMoneyFixture.year) -> NeedsReport {
        let units = reference.units(ofOwner: recipient)
        let sectors = Set(
            units.map { unit -> Sector in
                switch unit.unitType {
                case .kindergarten: .kindergarten
                case .upperSecondarySchool: .upperSecondary
                case .adultEducationCentre: .adultEducation
                case .pptOffice: .supportServices
                default: .compulsorySchool
                }
            }
        )
        let roundId = Self.roundId
        let office = Self.office
        return NeedsReport.with {
            $0.id = Self.reportId(recipient, year: year)
            $0.version = 1
            $0.roundId = "\(roundId)-\(year)"
            $0.scheme = .ksi
            $0.year = year
            $0.governorOfficeId = office
            $0.title = "Inclusive reading (\(recipient))"
            $0.leadOwnerId = recipient
            $0.participatingUnitIds = units.map(\.id).sorted()
            $0.sectors = sectors.sorted { $0.rawValue < $1.rawValue }
            $0.themes = [.readingWriting, .inclusivePractice]
            $0.targetGroups = [.teachers, .pptStaff]
            $0.uhPartnerIds = [TestRegion.uia]
            $0.pptInvolvement = .participating
            $0.proposedMeasures = [
                ProposedMeasure.with {
                    $0.id = "measure-\(recipient)"
                    $0.title = "Reading in every subject"
                    $0.themes = [.readingWriting]
                    $0.formats = [.gathering, .workingGroup]
                    $0.practiceComponents = [.guidance, .trialAndAdjustment]
                    $0.targetGroups = [.teachers]
                    $0.unitIds = units.map(\.id).sorted()
                    $0.years = 1
                }
            ]
            $0.requestedAmountOre = 60_000_000
            $0.requestedYears = 1
            $0.status = .submitted
        }
    }

    /// Stores `report` in the Needs context's tables unless a report with its id is there.
    public func store(_ report: NeedsReport) async throws {
        try await database.transaction { sql in
            let store = StoreTransaction(sql: sql, context: BoundedContext.needs.rawValue)
            if try await store.get(NeedsReport.self, id: report.id) == nil { _ = try await store.insert(report, at: 0) }
        }
    }

    /// The owners whose placeholders `citing` resolves.
    static let owners = [
        TestRegion.kristiansandKommune, TestRegion.arendalKommune, TestRegion.privateKindergartenOwner,
        TestRegion.agderFylkeskommune,
    ]

    /// `line` with its report placeholders replaced by the owners' stored reports of `year`.
    public func citing(_ line: RecommendationLineContent, year: Int32 = year) async throws -> RecommendationLineContent
    {
        var line = line
        for (index, id) in line.needsReportIds.enumerated() {
            guard let owner = Self.owners.first(where: { Self.reportPlaceholder($0) == id }) else { continue }
            try await store(submittedReport(owner, year: year))
            line.needsReportIds[index] = Self.reportId(owner, year: year)
        }
        return line
    }

    /// `RecommendationContext.addRecommendationLine` with the line's report placeholders resolved for the draft's year.
    public func addRecommendationLine(
        _ request: AddRecommendationLineRequest,
        as caller: Caller
    ) async throws -> Recommendation {
        var request = request
        let year = try await allocation.recommendations.getRecommendation(
            .with { $0.id = request.recommendationId },
            as: caseworker
        )
        .year
        if let line = request.line { request.line = try await citing(line, year: year) }
        return try await allocation.recommendations.addRecommendationLine(request, as: caller)
    }

    /// `RecommendationContext.updateRecommendationLine` with the line's report placeholders resolved for the draft's year.
    public func updateRecommendationLine(
        _ request: UpdateRecommendationLineRequest,
        as caller: Caller
    ) async throws -> Recommendation {
        var request = request
        let year = try await allocation.recommendations.getRecommendation(
            .with { $0.id = request.recommendationId },
            as: caseworker
        )
        .year
        if let line = request.line { request.line = try await citing(line, year: year) }
        return try await allocation.recommendations.updateRecommendationLine(request, as: caller)
    }

    /// A draft forum recommendation with `lines`.
    public func draft(
        lines: [RecommendationLineContent] = [line()],
        author: RecommendationAuthor = .forum,
        year: Int32 = year,
        forumId: String = TestRegion.forumId
    ) async throws -> Recommendation {
        var recommendation = try await allocation.recommendations.createRecommendation(
            CreateRecommendationRequest.with {
                $0.roundId = "\(Self.roundId)-\(year)"
                $0.governorOfficeId = Self.office
                $0.scheme = .ksi
                $0.year = year
                $0.forumId = forumId
                $0.author = author
            },
            as: author == .governor ? caseworker : committee
        )
        for line in lines {
            let cited = try await citing(line, year: year)
            recommendation = try await allocation.recommendations.addRecommendationLine(
                AddRecommendationLineRequest.with {
                    $0.recommendationId = recommendation.id
                    $0.expectedVersion = recommendation.version
                    $0.line = cited
                },
                as: committee
            )
        }
        return recommendation
    }

    /// Adopts a draft with minutes, acknowledging R20/R22 (or `acknowledged`).
    public func adopt(
        _ recommendation: Recommendation,
        acknowledged: [String] = [ForumCompositionRule.id.value, ConflictOfInterestRule.id.value]
    ) async throws
        -> Recommendation
    {
        try await allocation.recommendations.adoptRecommendation(
            AdoptRecommendationRequest.with {
                $0.recommendationId = recommendation.id
                $0.expectedVersion = recommendation.version
                $0.minutesRef = "minutes-2025-02"
                $0.acknowledgedRuleIds = acknowledged
            },
            as: caseworker
        )
    }

    /// A recommendation adopted, submitted and under control.
    public func underControl(lines: [RecommendationLineContent] = [line()]) async throws -> Recommendation {
        let adopted = try await adopt(try await draft(lines: lines))
        let submitted = try await allocation.recommendations.submitToGovernor(
            SubmitToGovernorRequest.with {
                $0.recommendationId = adopted.id
                $0.expectedVersion = adopted.version
            },
            as: caseworker
        )
        return try await allocation.recommendations.startControl(
            StartControlRequest.with {
                $0.recommendationId = submitted.id
                $0.expectedVersion = submitted.version
            },
            as: caseworker
        )
    }

    /// Prepares (caseworker) a decision on a line.
    public func prepare(
        _ recommendation: Recommendation,
        line index: Int = 0,
        outcome: GrantDecisionOutcome = .approved,
        amountOre: Int64? = nil,
        reason: RejectionReason = .unspecified,
        reasonText: String = ""
    ) async throws -> GrantDecision {
        let line = recommendation.lines[index]
        return try await allocation.recommendations.prepareGrantDecision(
            PrepareGrantDecisionRequest.with {
                $0.recommendationId = recommendation.id
                $0.decision = GrantDecisionInput.with {
                    $0.recommendationLineId = line.id
                    $0.outcome = outcome
                    $0.approvedAmountOre = amountOre ?? (outcome == .approved ? line.amountOre : 0)
                    $0.reason = reason
                    $0.reasonText = reasonText
                }
            },
            as: caseworker
        )
    }

    /// Signs a prepared decision (decision maker).
    public func sign(_ decision: GrantDecision) async throws -> GrantDecision {
        try await allocation.recommendations.signGrantDecision(
            SignGrantDecisionRequest.with {
                $0.grantDecisionId = decision.id
                $0.expectedVersion = decision.version
            },
            as: decisionMaker
        )
    }

    /// A decided recommendation with every line approved; returns it and its signed decisions.
    public func decided(lines: [RecommendationLineContent] = [line()]) async throws -> (Recommendation, [GrantDecision])
    {
        var recommendation = try await underControl(lines: lines)
        var decisions: [GrantDecision] = []
        for index in recommendation.lines.indices {
            decisions.append(try await sign(try await prepare(recommendation, line: index)))
        }
        recommendation = try await allocation.recommendations.getRecommendation(
            GetRecommendationRequest.with { $0.id = recommendation.id },
            as: caseworker
        )
        recommendation = try await allocation.recommendations.decideRecommendation(
            DecideRecommendationRequest.with {
                $0.recommendationId = recommendation.id
                $0.expectedVersion = recommendation.version
            },
            as: decisionMaker
        )
        return (recommendation, decisions)
    }

    // MARK: Grants

    /// The grant of `recipient` (first match).
    public func grant(of recipient: String = TestRegion.kristiansandKommune) async throws -> Grant {
        let grants = try await allocation.grants.listGrants(
            ListGrantsRequest.with { $0.recipientOrgId = recipient },
            as: caseworker
        )
        guard let grant = grants.items.first else { throw DomainError.notFound("grant", recipient) }
        return grant
    }

    public func commit(_ grant: Grant, reportDueOn: LocalDate? = nil) async throws -> Grant {
        try await allocation.grants.issueCommitmentLetter(
            IssueCommitmentLetterRequest.with {
                $0.grantId = grant.id
                $0.expectedVersion = grant.version
                $0.commitmentLetterRef = "letter-\(grant.id)"
                $0.reportDueOn = reportDueOn
            },
            as: caseworker
        )
    }

    public func accept(_ grant: Grant) async throws -> Grant {
        try await allocation.grants.acceptGrant(
            AcceptGrantRequest.with {
                $0.grantId = grant.id
                $0.expectedVersion = grant.version
            },
            as: TestRegion.caller(grant.recipientOrgId == TestRegion.uia ? .uiaContact : .kristiansandOwnerAdmin)
        )
    }

    public func disburse(_ grant: Grant, amountOre: Int64) async throws -> Grant {
        try await allocation.grants.disburse(
            DisburseRequest.with {
                $0.grantId = grant.id
                $0.expectedVersion = grant.version
                $0.amountOre = amountOre
            },
            as: caseworker
        ).grant ?? grant
    }

    /// Kristiansand's owner grant, committed, accepted and disbursed once (20 000 kr).
    public func disbursedGrant(reportDueOn: LocalDate? = nil) async throws -> Grant {
        _ = try await decided()
        let committed = try await commit(try await grant(), reportDueOn: reportDueOn)
        return try await disburse(try await accept(committed), amountOre: 2_000_000)
    }
}
