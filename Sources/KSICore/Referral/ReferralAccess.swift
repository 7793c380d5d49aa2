/// The referral access matrix of DOMAIN.md §7 (PRIV-R3, R4, R5): the caller's relation to a case and
/// what it may see.
///
/// | Data | PPT (responsible) | Intake | Assigned adviser | Manager | Others |
/// |---|---|---|---|---|---|
/// | Child identity, guardians, need, attachments | R (W while draft) | R | R/W | — | — |
/// | Triage, assignment | R | R/W | R | R/W | — |
/// | Plan, consents | R/W | R | R/W | R | — |
/// | Milestone timestamps | R | R | R | R | aggregates only |
///
/// A system request's requesting organisation reads and writes its own request (which holds no child data).
public enum ReferralAccess {
    public typealias Actor = ReferralStateMachine.Actor

    /// What a caller may see of a referral.
    public enum View: Sendable, Hashable {
        /// Everything, child data included (logged, PRIV-R8).
        case full
        /// Case metadata: triage, assignment, plan, consents, timestamps; no child identity (manager).
        case metadata
    }

    /// The caller's relations to an existing referral.
    public static func actors(of caller: Caller, on referral: Referral) -> Set<Actor> {
        actors(of: caller, kind: referral.kind, pptOfficeId: referral.referringPptOfficeId,
            requestingOrgId: referral.requestingOrgId, adviserIds: referral.assignment?.adviserIds ?? [])
    }

    /// The caller's relations to a case described by its parts (also before it exists).
    public static func actors(
        of caller: Caller, kind: ReferralKind, pptOfficeId: String, requestingOrgId: String, adviserIds: [String]
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
            if caller.grants.contains(where: { $0.role == .pptAdviser && $0.scopeId == pptOfficeId }) { actors.insert(.pptAdviser) }
            if caller.grants.contains(where: { $0.role == .pptLeader && $0.scopeId == pptOfficeId }) { actors.insert(.pptLeader) }
        }
        if caller.has(.statpedIntake) { actors.insert(.statpedIntake) }
        if caller.has(.statpedManager) { actors.insert(.statpedManager) }
        if caller.has(.statpedAdviser), let person = caller.person, adviserIds.contains(person) { actors.insert(.assignedAdviser) }
        return actors
    }

    /// The view a caller gets, or nil for no access (others see aggregates only, PRIV-R5).
    public static func view(for actors: Set<Actor>) -> View? {
        if !actors.isDisjoint(with: [.pptAdviser, .pptLeader, .statpedIntake, .assignedAdviser, .requestingOrg]) { return .full }
        if actors.contains(.statpedManager) { return .metadata }
        return nil
    }

    /// Throws unless the caller may read the referral; returns the view.
    static func requireRead(_ caller: Caller, _ referral: Referral) throws -> View {
        guard let view = view(for: actors(of: caller, on: referral)) else {
            throw DomainError.notPermitted(
                "only the responsible PPT office, Statped intake, an assigned Statped adviser or a Statped manager may read this referral")
        }
        return view
    }

    /// Throws unless the caller may read the referral's child data.
    static func requireChildData(_ caller: Caller, _ referral: Referral) throws {
        guard try requireRead(caller, referral) == .full else {
            throw DomainError.notPermitted("a Statped manager sees case metadata only, not the child's data")
        }
    }

    /// The role to record in the audit log and the access log.
    static func auditRole(_ caller: Caller) -> Role {
        caller.auditRole([.statpedAdviser, .statpedIntake, .statpedManager, .pptLeader, .pptAdviser, .ownerAdmin, .uhContact, .system])
    }
}
