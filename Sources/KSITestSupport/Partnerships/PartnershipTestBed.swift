import Foundation
import KSICore

/// Builders and a ready partnership for Partnerships tests: Kristiansand kommune with UiA, PPT Kristiansand,
/// an agreement for 2025–2026, and a committed grant line `line-1` (owner 400 000 kr, UH 200 000 kr,
/// co-financing 50 000 kr).
public enum PartnershipFixtures {
    public static let today = LocalDate(year: 2025, month: 3, day: 3)
    public static let lineId = "line-1"
    public static let grantId = "grant-1"
    public static let ownerShareOre: Int64 = 40_000_000
    public static let uhShareOre: Int64 = 20_000_000
    public static let coFinancingOre: Int64 = 5_000_000

    /// The test region, with UiA's competence profile (for PART-R3).
    public static func reference() throws -> ReferenceData {
        var uia = try TestRegion.reference().uhInstitution(TestRegion.uia) ?? UhInstitution()
        uia.competenceProfile = [.inclusivePractice, .readingWriting, .earlyIntervention, .autism]
        return try TestRegion.reference().merging(ReferenceDataSet.with { $0.uhInstitutions = [uia] })
    }

    public static func content(
        owners: [String] = [TestRegion.kristiansandKommune],
        uh: [String] = [TestRegion.uia],
        validFrom: LocalDate = LocalDate(year: 2025, month: 1, day: 1),
        validTo: LocalDate = LocalDate(year: 2026, month: 12, day: 31)
    ) -> PartnershipContent {
        PartnershipContent.with {
            $0.scheme = .ksi
            $0.governorOfficeId = TestRegion.governorOfficeId
            $0.name = "Inkluderende praksis i Kristiansand"
            $0.ownerIds = owners
            $0.uhInstitutionIds = uh
            $0.pptOfficeIds = [TestRegion.pptKristiansand]
            $0.validFrom = validFrom
            $0.validTo = validTo
            $0.expectations = PartnershipExpectations.with {
                $0.what = "Inclusive practice in schools and kindergartens"
                $0.how = "Guidance and observation in the units"
                $0.uhHours = 400
                $0.ownerHours = 600
            }
            $0.meetingPlan = PartnershipMeetingPlan.with { $0.plannedPerHalfYear = 2 }
        }
    }

    public static func measureContent(
        grantLineId: String = lineId,
        budget: [BudgetLine] = [line(.uhHours, .uh, 10_000_000), line(.coordinatorSalary, .owner, 20_000_000)]
    ) -> MeasureContent {
        MeasureContent.with {
            $0.grantLineId = grantLineId
            $0.title = "Observasjon og veiledning"
            $0.themes = [.inclusivePractice]
            $0.targetGroups = [.teachers]
            $0.participatingUnitIds = [TestRegion.kristiansandSchool]
            $0.formats = [.workingGroup]
            $0.practiceComponents = [.guidance, .observationFeedback]
            $0.pptRole = .developmentPartner
            $0.uhRole = .developmentPartner
            $0.budgetLines = budget
            $0.startDate = LocalDate(year: 2025, month: 3, day: 1)
            $0.endDate = LocalDate(year: 2026, month: 6, day: 30)
        }
    }

    public static func line(_ category: CostCategory, _ payer: Payer, _ amountOre: Int64) -> BudgetLine {
        BudgetLine.with {
            $0.category = category
            $0.payer = payer
            $0.amountOre = amountOre
        }
    }

    public static func share(
        lineId: String = lineId,
        owner: Int64 = ownerShareOre,
        uh: Int64 = uhShareOre,
        coFinancing: Int64 = coFinancingOre
    ) -> GrantLineShare {
        GrantLineShare.with {
            $0.grantId = grantId
            $0.recommendationLineId = lineId
            $0.scheme = .ksi
            $0.year = 2025
            $0.ownerAmountOre = owner
            $0.uhAmountOre = uh
            $0.coFinancingOre = coFinancing
        }
    }

    public static func reportContent() -> PartnershipReportContent {
        PartnershipReportContent.with {
            $0.goals = "More inclusive practice"
            $0.plannedActivities = "Guidance in four units"
            $0.completedActivities = "Guidance in three units"
            $0.actors = "Owner, UiA, PPT"
            $0.experiences = "Observation works well"
            $0.fundsUsed = [line(.uhHours, .uh, 9_000_000)]
            $0.coFinancingUsedOre = 1_000_000
            $0.goalAttainment = "Mostly reached"
            $0.practiceChangeSummary = "Teachers adjust lessons after feedback"
        }
    }
}

/// A partnership context on a throwaway SQLite database, with a fixed clock and helpers that drive
/// entities into a given state through the public commands.
public struct PartnershipTestBed: Sendable {
    public let partnerships: PartnershipContext
    public let database: KSIDatabase
    public let time: FixedTimeSource
    public let reference: ReferenceData

    public static let owner = TestRegion.caller(.kristiansandOwnerAdmin)
    public static let uh = TestRegion.caller(.uiaContact)
    public static let sf = TestRegion.caller(.sfCaseworker)
    public static let system = Caller.system("allocation")

    /// Runs `body` with a fresh bed on SQLite unless `engine` says otherwise (today = `PartnershipFixtures.today`).
    public static func with<R: Sendable>(
        reference: ReferenceData? = nil,
        engine: TestDatabase.Engine = .sqlite,
        _ body: @Sendable (PartnershipTestBed) async throws -> R
    ) async throws -> R {
        let reference = try reference ?? PartnershipFixtures.reference()
        return try await TestDatabase.with(engine) { database in
            let time = FixedTimeSource(date: PartnershipFixtures.today)
            let bed = PartnershipTestBed(
                partnerships: PartnershipContext(database: database, reference: reference, time: time),
                database: database,
                time: time,
                reference: reference
            )
            return try await body(bed)
        }
    }

    public static func requestId() -> String { UUID().uuidString }

    /// A draft partnership created by Kristiansand's owner admin.
    public func draft(_ content: PartnershipContent = PartnershipFixtures.content()) async throws -> Partnership {
        try await partnerships.lifecycle.createPartnership(
            CreatePartnershipRequest.with {
                $0.requestId = Self.requestId()
                $0.content = content
            },
            as: Self.owner
        )
    }

    /// One party signs the agreement.
    public func sign(
        _ partnership: Partnership,
        _ party: AgreementParty,
        as caller: Caller? = nil
    ) async throws -> Partnership {
        try await partnerships.lifecycle.signAgreement(
            SignAgreementRequest.with {
                $0.requestId = Self.requestId()
                $0.partnershipId = partnership.id
                $0.expectedVersion = partnership.version
                $0.party = party
            },
            as: caller ?? (party == .owner ? Self.owner : Self.uh)
        )
    }

    /// An active partnership with the grant line `line-1` committed (no measures).
    public func active(
        _ content: PartnershipContent = PartnershipFixtures.content(),
        commit: Bool = true
    ) async throws -> Partnership {
        var partnership = try await draft(content)
        partnership = try await sign(partnership, .owner)
        partnership = try await sign(partnership, .uh)
        if commit { partnership = try await commitGrant(partnership) }
        return partnership
    }

    /// Applies GrantCommitted for one line of `partnership`, with optional measure seeds.
    @discardableResult
    public func commitGrant(
        _ partnership: Partnership,
        share: GrantLineShare = PartnershipFixtures.share(),
        seeds: [GrantMeasureSeed] = []
    ) async throws -> Partnership {
        _ = try await partnerships.lifecycle.applyGrantCommitted(
            ApplyGrantCommittedRequest.with {
                $0.requestId = Self.requestId()
                $0.grantId = share.grantId
                $0.lines = [
                    CommittedGrantLine.with {
                        $0.partnershipId = partnership.id
                        $0.share = share
                        $0.measures = seeds
                    }
                ]
            },
            as: Self.system
        )
        return try await partnerships.queries.getPartnership(
            GetPartnershipRequest.with { $0.id = partnership.id },
            as: Self.sf
        )
    }

    /// A planned measure in `partnership`.
    public func measure(
        in partnership: Partnership,
        _ content: MeasureContent = PartnershipFixtures.measureContent(),
        as caller: Caller = owner
    ) async throws -> Measure {
        try await partnerships.measures.createMeasure(
            CreateMeasureRequest.with {
                $0.requestId = Self.requestId()
                $0.partnershipId = partnership.id
                $0.content = content
            },
            as: caller
        )
    }

    /// Logs a checkpoint on a measure.
    public func log(
        _ checkpoint: Checkpoint,
        _ measure: Measure,
        on date: LocalDate? = nil,
        as caller: Caller = owner
    ) async throws -> Measure {
        try await partnerships.measures.logCheckpoint(
            LogCheckpointRequest.with {
                $0.requestId = Self.requestId()
                $0.measureId = measure.id
                $0.expectedVersion = measure.version
                $0.checkpoint = checkpoint
                $0.loggedOn = date
            },
            as: caller
        )
    }

    /// Records one side of the joint evaluation.
    public func evaluate(_ measure: Measure, _ party: AgreementParty) async throws -> Measure {
        try await partnerships.measures.recordJointEvaluation(
            RecordJointEvaluationRequest.with {
                $0.requestId = Self.requestId()
                $0.measureId = measure.id
                $0.expectedVersion = measure.version
                $0.party = party
                $0.summary = "Joint evaluation"
                $0.goalAttainment = "Reached"
            },
            as: party == .owner ? Self.owner : Self.uh
        )
    }

    /// A measure in `partnership` driven to `status` through the commands.
    public func measure(in partnership: Partnership, at status: MeasureStatus) async throws -> Measure {
        var measure = try await self.measure(in: partnership)
        let path: [MeasureStatus] = [.planned, .started, .inProgress, .completing, .completed, .followUp]
        if status == .aborted {
            return try await partnerships.measures.abortMeasure(
                AbortMeasureRequest.with {
                    $0.requestId = Self.requestId()
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                    $0.abortReason = "The school withdrew"
                },
                as: Self.owner
            )
        }
        guard let target = path.firstIndex(of: status) else { return measure }
        for step in path.indices.dropFirst() where step <= target {
            switch path[step] {
            case .started: measure = try await log(.t1, measure)
            case .inProgress: measure = try await log(.t2, measure)
            case .completing: measure = try await log(.t3, measure)
            case .completed:
                measure = try await evaluate(measure, .owner)
                measure = try await evaluate(measure, .uh)
                measure = try await partnerships.measures.completeMeasure(
                    CompleteMeasureRequest.with {
                        $0.requestId = Self.requestId()
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                    },
                    as: Self.owner
                )
            default:
                measure = try await partnerships.measures.startLocalFollowUp(
                    StartLocalFollowUpRequest.with {
                        $0.requestId = Self.requestId()
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                    },
                    as: Self.owner
                )
            }
        }
        return measure
    }

    /// The partnership's events of `type`, oldest first.
    public func events(_ type: PartnershipEventType? = nil) async throws -> [PartnershipEvent] {
        try await partnerships.queries.listPartnershipEvents(
            ListPartnershipEventsRequest.with {
                $0.pageSize = 500
                if let type { $0.types = [type.name] }
            },
            as: Self.system
        ).events
    }
}
