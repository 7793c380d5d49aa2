/// The referral access matrix of DOMAIN.md §7 (PRIV-R3, R4, R5, R8), decided per authenticated person:
/// the caller's relation to a case and what it may see.
///
/// | Data | PPT (responsible) | Intake | Assigned adviser | Manager | Others |
/// |---|---|---|---|---|---|
/// | Child identity, guardians, need, attachments | R (W while draft) | R | R/W | — | — |
/// | Triage, assignment | R | R/W | R | R/W | — |
/// | Plan, consents | R/W | R | R/W | R | — |
/// | Milestone timestamps | R | R | R | R | aggregates only |
///
/// Person-level readings (docs/referral.md "Need-to-know"):
/// - A PPT draft is invisible to every Statped role until it is submitted; a `returned` or `withdrawn`
///   case is back with PPT, so Statped intake sees its metadata only.
/// - The assigned adviser is a person: a `statpedAdviser` whose `Caller.personId` is in
///   `assignment.adviser_ids`. Another Statped adviser has no access.
/// - The manager's view is metadata only (PRIV-R4): the structured triage, assignment, plan and consent
///   records, without child identity and without the sealed free texts, which can hold health data.
/// - Child data is read only by an authenticated person (the access log records them, PRIV-R8) at the
///   configured assurance level or higher (AUTH-R3).
///
/// A system request's requesting organisation reads and writes its own request (which holds no child data).
public enum ReferralAccess {
    /// The caller's relation to a case, as the state machine names it.
    public typealias Actor = ReferralStateMachine.Actor

    /// AUTH-R3: reading child data needs at least the configured assurance level.
    public static let assuranceRule: RuleID = .assuranceLevel
    /// PRIV-R8: child data is read by a person, whom the access log records.
    public static let accessLogRule: RuleID = .childDataReadLog

    /// What a caller may see of a referral.
    public enum View: Sendable, Hashable {
        /// Everything, child data and sealed free texts included (logged, PRIV-R8).
        case full
        /// Case metadata: structured triage, assignment, plan, consents, timestamps; no child identity
        /// and no sealed free text (manager; intake on a case back with PPT).
        case metadata
    }

    /// Whether Statped may know of the referral at all: a PPT draft is invisible until it is submitted
    /// (PRIV-R3, R4), and so is a draft withdrawn before submission. Cases Statped opened itself are
    /// visible from the start; any status past submission implies a submission.
    public static func isVisibleToStatped(_ referral: Referral) -> Bool {
        referral.kind == .exceptionOpenedByStatped || (referral.timestamps?.submittedAt ?? 0) != 0
            || ![.draft, .withdrawn].contains(referral.status)
    }

    /// Whether the case is with Statped, so intake reads what triage needs: submitted or later, and not
    /// back with PPT (returned for completion, or withdrawn).
    public static func isWithStatped(_ referral: Referral) -> Bool {
        isVisibleToStatped(referral) && ![.draft, .returned, .withdrawn].contains(referral.status)
    }

    /// The caller's relations to an existing referral.
    public static func actors(of caller: Caller, on referral: Referral) -> Set<Actor> {
        actors(
            of: caller,
            kind: referral.kind,
            pptOfficeId: referral.referringPptOfficeId,
            requestingOrgId: referral.requestingOrgId,
            adviserIds: referral.assignment?.adviserIds ?? [],
            visibleToStatped: isVisibleToStatped(referral)
        )
    }

    /// The caller's relations to a case described by its parts (also before it exists).
    public static func actors(
        of caller: Caller,
        kind: ReferralKind,
        pptOfficeId: String,
        requestingOrgId: String,
        adviserIds: [String],
        visibleToStatped: Bool = true
    ) -> Set<Actor> {
        var actors: Set<Actor> = []
        if kind == .system {
            let requesterRoles: [Role] = [.ownerAdmin, .pptLeader, .uhContact]
            if !requestingOrgId.isEmpty,
                caller.grants.contains(where: { requesterRoles.contains($0.role) && $0.scopeId == requestingOrgId })
            {
                actors.insert(.requestingOrg)
            }
        } else if !pptOfficeId.isEmpty {
            if caller.grants.contains(where: { $0.role == .pptAdviser && $0.scopeId == pptOfficeId }) {
                actors.insert(.pptAdviser)
            }
            if caller.grants.contains(where: { $0.role == .pptLeader && $0.scopeId == pptOfficeId }) {
                actors.insert(.pptLeader)
            }
        }
        guard visibleToStatped else { return actors }
        if caller.has(.statpedIntake) { actors.insert(.statpedIntake) }
        if caller.has(.statpedManager) { actors.insert(.statpedManager) }
        // PRIV-R4: the adviser is a person named in the assignment, holding the adviser role.
        if caller.has(.statpedAdviser), let person = caller.person, adviserIds.contains(person) {
            actors.insert(.assignedAdviser)
        }
        return actors
    }

    /// The view a caller gets of a referral, or nil for no access (others see aggregates only, PRIV-R5).
    public static func view(of caller: Caller, on referral: Referral) -> View? {
        let actors = actors(of: caller, on: referral)
        if !actors.isDisjoint(with: [.pptAdviser, .pptLeader, .assignedAdviser, .requestingOrg]) { return .full }
        if actors.contains(.statpedIntake) { return isWithStatped(referral) ? .full : .metadata }
        if actors.contains(.statpedManager) { return .metadata }
        return nil
    }

    /// Throws unless the caller may read the referral; returns the view. A `full` view of an
    /// individual or exception case also needs a person at the minimum assurance (PRIV-R8, AUTH-R3).
    static func requireRead(_ caller: Caller, _ referral: Referral, minimumAssurance: AssuranceLevel) throws -> View {
        let view = try requireView(caller, referral)
        if view == .full && referral.kind != .system {
            try requireChildDataReader(caller, minimumAssurance: minimumAssurance)
        }
        return view
    }

    /// The caller's view of the referral (full or metadata), or `notPermitted`; no assurance is asked here,
    /// so a caller that reads no child data (progress, PRIV-R1) needs none.
    static func requireView(_ caller: Caller, _ referral: Referral) throws -> View {
        guard let view = view(of: caller, on: referral) else {
            throw DomainError.notPermitted(
                "only the responsible PPT office, Statped intake, an assigned Statped adviser or a Statped manager may read this referral"
            )
        }
        return view
    }

    /// Throws unless the caller may read the referral's child data.
    static func requireChildData(_ caller: Caller, _ referral: Referral, minimumAssurance: AssuranceLevel) throws {
        guard try requireRead(caller, referral, minimumAssurance: minimumAssurance) == .full else {
            throw DomainError.notPermitted(
                "this caller sees the case's metadata only, not the child's data: a Statped manager, or intake while the case is back with PPT"
            )
        }
    }

    /// PRIV-R8, AUTH-R3: a reader of child data is an authenticated person at the minimum assurance.
    static func requireChildDataReader(_ caller: Caller, minimumAssurance: AssuranceLevel) throws {
        _ = try caller.requirePerson(toDo: "read a child's data", rule: accessLogRule, field: "caller")
        guard caller.assurance >= minimumAssurance else {
            let message =
                "reading a child's data needs a login at assurance level \(minimumAssurance) or higher (ID-porten `\(minimumAssurance.acr)`); this login is \(caller.assurance)"
            throw DomainError(
                .notPermitted,
                message,
                violations: [RuleViolation(field: "caller.assurance", rule: assuranceRule, message: message)]
            )
        }
    }

    /// The role by which the caller acts on the case, for the access log (PRIV-R8) and the audit log:
    /// the relation that grants access, not just any role the caller holds.
    static func role(of caller: Caller, on referral: Referral) -> Role {
        let actors = actors(of: caller, on: referral)
        for (actor, role) in [
            (Actor.assignedAdviser, Role.statpedAdviser), (.pptLeader, .pptLeader), (.pptAdviser, .pptAdviser),
            (.statpedIntake, .statpedIntake), (.statpedManager, .statpedManager),
        ] where actors.contains(actor) {
            return role
        }
        return auditRole(caller)
    }

    /// The role to record in the audit log and the access log.
    static func auditRole(_ caller: Caller) -> Role {
        caller.auditRole([
            .statpedAdviser, .statpedIntake, .statpedManager, .pptLeader, .pptAdviser, .ownerAdmin, .uhContact, .system,
        ])
    }
}
