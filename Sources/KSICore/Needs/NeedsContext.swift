import Foundation

/// The Needs bounded context (DOMAIN.md §4.1): rounds, assessments, needs reports and decision bases.
///
/// Every RPC of `NeedsService` is one method of one of the contexts this root vends (issue 16: each context
/// has one job and at most 30 public methods); the feed, the data version and the dead letters stay here.
/// Writes run through `CommandRunner`: one transaction, idempotent by request id, audited (COM-R4); reads
/// through `CommandRunner.read`.
public struct NeedsContext: NeedsContextPart {
    let environment: NeedsEnvironment
    package var runner: CommandRunner { environment.runner }
    /// The live registry this context reads (issue 12): `reference` is the data in force at each access.
    public var registry: ReferenceRegistry { environment.registry }
    /// The reference data in force now.
    public var reference: ReferenceData { registry.current }
    /// The clock the context's commands read.
    public var time: any TimeSource { environment.time }
    /// Where NEED-R14 reads the forums' long-term plan goals.
    public var longTermPlans: any LongTermPlanDirectory { environment.longTermPlans }

    /// A context over `database` with a registry of its own, started from `reference`.
    public init(
        database: KSIDatabase,
        reference: ReferenceData,
        time: any TimeSource,
        longTermPlans: (any LongTermPlanDirectory)? = nil
    ) {
        self.init(database: database, registry: ReferenceRegistry(reference), time: time, longTermPlans: longTermPlans)
    }

    /// `longTermPlans`: where NEED-R14 finds the forums' plans; by default the plans the registry follows from
    /// AllocationService.
    /// A context over `database` that reads the live `registry`.
    public init(
        database: KSIDatabase,
        registry: ReferenceRegistry,
        time: any TimeSource,
        longTermPlans: (any LongTermPlanDirectory)? = nil
    ) {
        self.environment = NeedsEnvironment(
            runner: CommandRunner(
                database: database,
                context: BoundedContext.needs.rawValue,
                time: time,
                registry: registry
            ),
            registry: registry,
            time: time,
            longTermPlans: longTermPlans ?? RegistryLongTermPlans(registry: registry)
        )
    }

    /// Needs rounds: planning, opening, closing, archiving, and the "closes soon" notice.
    public var rounds: NeedsRoundContext { NeedsRoundContext(environment: environment) }
    /// Needs reports from draft to prioritisation, and the decision bases built on them.
    public var reports: NeedsReportContext { NeedsReportContext(environment: environment) }
    /// Needs assessments (kartlegginger) the reports link to.
    public var assessments: NeedsAssessmentContext { NeedsAssessmentContext(environment: environment) }
    /// AllocationService's outcomes applied to reports and rounds (the relay's Apply commands).
    public var eventApplication: NeedsEventApplicationContext { NeedsEventApplicationContext(environment: environment) }
    /// Reads of reports, the outbox and the audit log.
    public var queries: NeedsQueryContext { NeedsQueryContext(environment: environment) }
}

extension NeedsContextPart {
    /// A new entity id (DOMAIN.md §4.0: ids are UUIDs).
    static func newId() -> String { UUID().uuidString.lowercased() }

    /// The configuration a round's rules read: frozen at opening (COM-R5), resolved while planned.
    func policy(for round: NeedsRound) -> PolicyConfig {
        round.frozenPolicy
            ?? reference.policies.resolve(
                governorOfficeId: round.governorOfficeId,
                year: round.year,
                scheme: round.scheme
            )
    }

    /// The rule context for a report: its round's policy, linked assessments and the applicants' assessments.
    func ruleContext(
        for report: NeedsReport,
        round: NeedsRound,
        store: StoreTransaction,
        today: LocalDate,
        phase: NeedsRuleContext.Phase
    ) async throws -> NeedsRuleContext {
        let assessments = try await store.getMany(NeedsAssessment.self, ids: report.assessmentIds)
        let linked = report.assessmentIds.compactMap { assessments[$0] }
        var ownerAssessments: [NeedsAssessment] = []
        if report.scheme == .dekom {
            for ownerId in Set(report.applicantOwnerIds) {
                ownerAssessments += try await store.list(NeedsAssessment.self, filter: StorageFilter(ownerId: ownerId))
                    .items
            }
        }
        let goals = try await longTermPlans.goalIds(
            governorOfficeId: round.governorOfficeId,
            scheme: round.scheme,
            year: round.year
        )
        return NeedsRuleContext(
            reference: reference,
            policy: policy(for: round),
            round: round,
            today: today,
            phase: phase,
            linkedAssessments: linked,
            ownerAssessments: ownerAssessments,
            longTermPlanGoalIds: goals
        )
    }

    /// Appends an outbox event about a report (§4.0 domain events).
    func emit(
        _ type: NeedsEventType,
        _ report: NeedsReport,
        scope: CommandScope,
        prioritised: Bool = false
    ) async throws {
        try await scope.store.appendEvent(
            type: type,
            aggregateId: report.id,
            at: scope.nowMillis,
            payload: NeedsEvent(type, report: report, at: scope.nowMillis, prioritised: prioritised)
        )
    }
}
