import Foundation

/// The Needs bounded context (DOMAIN.md §4.1): rounds, assessments, needs reports and decision bases.
///
/// Every RPC of `NeedsService` is one method here. Writes run through `CommandRunner`: one transaction,
/// idempotent by request id, audited (COM-R4); reads through `CommandRunner.read`.
public struct NeedsContext: Sendable {
    package let runner: CommandRunner
    /// The live registry this context reads (issue 12): `reference` is the data in force at each access.
    public let registry: ReferenceRegistry
    public var reference: ReferenceData { registry.current }
    public let time: any TimeSource
    public let longTermPlans: any LongTermPlanDirectory

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
    public init(
        database: KSIDatabase,
        registry: ReferenceRegistry,
        time: any TimeSource,
        longTermPlans: (any LongTermPlanDirectory)? = nil
    ) {
        self.runner = CommandRunner(database: database, context: "needs", time: time, registry: registry)
        self.registry = registry
        self.time = time
        self.longTermPlans = longTermPlans ?? RegistryLongTermPlans(registry: registry)
    }

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
        var linked: [NeedsAssessment] = []
        for id in report.assessmentIds {
            if let assessment = try await store.get(NeedsAssessment.self, id: id) { linked.append(assessment) }
        }
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
            type: type.rawValue,
            aggregateId: report.id,
            at: scope.nowMillis,
            payload: NeedsEvent(type, report: report, at: scope.nowMillis, prioritised: prioritised)
        )
    }
}
