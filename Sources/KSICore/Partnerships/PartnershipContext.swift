import Foundation

/// The Partnerships bounded context (DOMAIN.md §4.2): partnerships and their agreements, roles and
/// meetings; measures and their follow-up; third-party contributions; annual reports; conflict cases.
///
/// Every rpc of `PartnershipService` is a method with the rpc's name on one of the contexts this root vends
/// (issue 16: each context has one job and at most 30 public methods); the feed, the data version and the dead
/// letters stay here. Writes run in one transaction each (`CommandRunner`): idempotent by request id, audited
/// (COM-R4), all or nothing.
public struct PartnershipContext: PartnershipContextPart {
    let environment: PartnershipEnvironment
    /// The context's database.
    public var database: KSIDatabase { environment.database }
    /// The live registry this context reads (issue 12): `reference` is the data in force at each access.
    public var registry: ReferenceRegistry { environment.registry }
    /// The reference data in force now.
    public var reference: ReferenceData { registry.current }
    /// The clock the context's commands read.
    public var time: any TimeSource { environment.time }

    /// A context over `database` with a registry of its own, started from `reference`.
    public init(database: KSIDatabase, reference: ReferenceData, time: any TimeSource) {
        self.init(database: database, registry: ReferenceRegistry(reference), time: time)
    }

    /// A context over `database` that reads the live `registry`.
    public init(database: KSIDatabase, registry: ReferenceRegistry, time: any TimeSource) {
        self.environment = PartnershipEnvironment(
            database: database,
            registry: registry,
            time: time,
            runner: CommandRunner(
                database: database,
                context: BoundedContext.partnerships.rawValue,
                time: time,
                registry: registry
            )
        )
    }

    /// Partnerships from draft to end: agreements, suspension, termination, expiry, renewal; their roles,
    /// meetings and the grant committed to them; the time-driven expiry and warnings (PART-R11, PART-R12).
    public var lifecycle: PartnershipLifecycleContext { PartnershipLifecycleContext(environment: environment) }
    /// Measures and their follow-up (checkpoints, practice changes, evaluations, completion, abort).
    public var measures: PartnershipMeasureContext { PartnershipMeasureContext(environment: environment) }
    /// Third-party contributions: requested, agreed, delivered or declined, linked to a referral.
    public var thirdParties: ThirdPartyContributionContext { ThirdPartyContributionContext(environment: environment) }
    /// Annual and final partnership reports and their review.
    public var reports: PartnershipReportContext { PartnershipReportContext(environment: environment) }
    /// Conflict cases: raised, mediated, resolved or concluded with termination.
    public var conflicts: PartnershipConflictContext { PartnershipConflictContext(environment: environment) }
    /// Reads of partnerships and everything in them, the outbox and the audit log (PRIV-R12).
    public var queries: PartnershipQueryContext { PartnershipQueryContext(environment: environment) }
}

// MARK: Shared helpers

extension PartnershipContextPart {
    static func newId() -> String { UUID().uuidString.lowercased() }

    /// The configuration in force for the partnership's embete and scheme in `year` (COM-R5).
    func policy(for partnership: Partnership, year: Int32) -> PolicyConfig {
        reference.policies.resolve(
            governorOfficeId: partnership.governorOfficeId,
            year: year,
            scheme: partnership.scheme
        )
    }

    /// Replaces the warnings of `rules` with `fresh`, keeping the others.
    static func replacing(_ warnings: [RuleWarning], of rules: [RuleID], with fresh: [RuleWarning]) -> [RuleWarning] {
        let ids = Set(rules.map(\.value))
        return warnings.filter { !ids.contains($0.ruleId) } + fresh
    }

    /// PART-R12 warnings, re-evaluated on each change of the partnership.
    static func roleWarnings(_ partnership: Partnership, today: LocalDate) -> [RuleWarning] {
        let since = partnership.createdAt > 0 ? OsloCalendar.localDate(atMillis: partnership.createdAt) : today
        return RequiredRolesRule.check(roles: partnership.roles, since: since, today: today).warnings
    }

    /// Loads a partnership for a change: version checked, third parties and conflicts left out of the body.
    func loadPartnership(
        _ scope: CommandScope,
        id: String,
        expectedVersion: Int64,
        versions: ExpectedVersion = .required
    ) async throws -> Partnership {
        var partnership = try await scope.load(
            Partnership.self,
            id: id,
            expectedVersion: expectedVersion,
            what: "partnership",
            field: "partnership_id",
            versions: versions
        )
        partnership.thirdParties = []
        partnership.conflictCases = []
        return partnership
    }

    /// Stores a changed partnership (PART-R12 re-evaluated), audits it, and returns it with its
    /// third parties and conflict cases.
    func savePartnership(
        _ scope: CommandScope,
        _ partnership: Partnership,
        actor: PartnershipActor,
        before: PartnershipStatus,
        reason: String? = nil
    ) async throws -> Partnership {
        var changed = partnership
        changed.thirdParties = []
        changed.conflictCases = []
        changed.updatedAt = scope.nowMillis
        changed.warnings = Self.replacing(
            changed.warnings,
            of: [RequiredRolesRule.id],
            with: Self.roleWarnings(changed, today: scope.today)
        )
        let stored = try await scope.save(
            changed,
            role: actor.auditRole,
            before: before.name,
            after: changed.status.name,
            reason: reason
        )
        return try await hydrate(stored, store: scope.store)
    }

    /// Fills the partnership's third parties and conflict cases from their own records.
    func hydrate(_ partnership: Partnership, store: StoreTransaction) async throws -> Partnership {
        try await hydrate([partnership], store: store)[0]
    }

    /// `hydrate` for a page of partnerships: two statements for the whole page (children in id order, as one
    /// partnership's own list would give them), not two per partnership.
    func hydrate(_ partnerships: [Partnership], store: StoreTransaction) async throws -> [Partnership] {
        guard !partnerships.isEmpty else { return [] }
        let ids = partnerships.map(\.id)
        let contributions = Dictionary(
            grouping: try await store.list(ThirdPartyContribution.self, filter: StorageFilter(parentIds: ids)).items,
            by: \.partnershipId
        )
        let conflicts = Dictionary(
            grouping: try await store.list(ConflictCase.self, filter: StorageFilter(parentIds: ids)).items,
            by: \.partnershipId
        )
        return partnerships.map { partnership in
            var full = partnership
            full.thirdParties = contributions[partnership.id] ?? []
            full.conflictCases = conflicts[partnership.id] ?? []
            return full
        }
    }

    /// The registry id of the caller's organisation (`ReferenceData.registryId(of:on:)`), as the `…_org_id` fields
    /// of partnerships and conflict cases name an organisation; refused when the org registry names no record for it.
    func registryId(of caller: Caller, on date: LocalDate) throws -> String {
        guard let id = reference.registryId(of: caller, on: date) else {
            throw DomainError.notPermitted(
                "the organisation \(caller.orgNumber) has no record in the organisation registry to be named by"
            )
        }
        return id
    }

    /// The actor categories of `caller` for a partnership, limited to `allowed` when given.
    static func actors(
        _ caller: Caller,
        _ partnership: Partnership,
        only allowed: Set<PartnershipActor>? = nil
    ) -> Set<PartnershipActor> {
        let all = PartnershipActor.of(caller, in: partnership)
        guard let allowed else { return all }
        let kept = all.intersection(allowed)
        return kept.isEmpty ? [.other] : kept
    }

    /// PRIV-R12: who may read a partnership and everything in it.
    func canRead(_ caller: Caller, _ partnership: Partnership) -> Bool {
        Self.canRead(caller, partnership)
    }

    /// PRIV-R12: who may read a partnership and everything in it (also applied by the gateway's views to
    /// draft partnerships, `Partnership.isReadable(by:)`).
    static func canRead(_ caller: Caller, _ partnership: Partnership) -> Bool {
        if caller.hasAny([.system, .udirAdmin]) { return true }
        let embeteRoles: [Role] = [.sfCaseworker, .sfDecisionMaker, .forumMember, .forumChair, .committeeMember]
        if caller.hasAny(embeteRoles, scope: partnership.governorOfficeId) { return true }
        let actors = PartnershipActor.of(caller, in: partnership)
        if !actors.isDisjoint(with: [.ownerAdmin, .uhContact, .pptLeader]) { return true }
        return partnership.pptOfficeIds.contains { caller.has(.pptAdviser, scope: $0) }
    }

    /// PRIV-R12 for one measure: the partnership's readers, plus leaders and union reps of a participating unit.
    func canRead(_ caller: Caller, _ measure: Measure, in partnership: Partnership) -> Bool {
        canRead(caller, partnership)
            || measure.participatingUnitIds.contains {
                caller.has(.unitLeader, scope: $0) || caller.has(.unionRep, scope: $0)
            }
    }

    func requireRead(_ caller: Caller, _ partnership: Partnership) throws {
        guard canRead(caller, partnership) else {
            throw DomainError.notPermitted(
                "only the partnership's parties and participants, its embete and Udir may read it"
            )
        }
    }

    static func requireLive(_ partnership: Partnership) throws {
        guard PartnershipStateMachine.live.contains(partnership.status) else {
            throw DomainError.illegalTransition(
                "this partnership is \(partnership.status.name) and can no longer be changed"
            )
        }
    }

    /// The parties of a partnership (ownerAdmin or uhContact); throws for anyone else.
    static func requireParty(
        _ caller: Caller,
        _ partnership: Partnership,
        toDo action: String
    ) throws -> PartnershipActor {
        let actors = PartnershipActor.of(caller, in: partnership)
        if actors.contains(.ownerAdmin) { return .ownerAdmin }
        if actors.contains(.uhContact) { return .uhContact }
        throw DomainError.notPermitted("only ownerAdmin or uhContact of the partnership concerned may \(action)")
    }

    static func side(of party: AgreementParty) throws -> PartnershipActor {
        switch party {
        case .owner: .ownerAdmin
        case .uh: .uhContact
        default: throw DomainError.invalidArgument(field: "party", "say which party signs: the owner or UH")
        }
    }

    /// The measures context, for the measure helpers applied outside it (sectors, warnings).
    var measureContext: PartnershipMeasureContext { PartnershipMeasureContext(environment: environment) }
}

extension Partnership {
    /// Whether `caller` may read this partnership and everything in it: the rule PartnershipService applies
    /// to every read (PRIV-R12).
    public func isReadable(by caller: Caller) -> Bool {
        PartnershipContext.canRead(caller, self)
    }
}
