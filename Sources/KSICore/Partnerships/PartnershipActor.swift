/// Who a caller is in relation to one partnership: the categories the state machines' "Who" columns name.
///
/// The categories are scoped: `ownerAdmin` means the owner admin of one of the partnership's owners,
/// `uhContact` the contact of one of its UH institutions, `pptLeader` the leader of one of its PPT
/// offices, `sfCaseworker` a caseworker of its embete, `statped` a Statped manager or intake (national).
public enum PartnershipActor: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The owner admin of one of the partnership's owners.
    case ownerAdmin
    /// The contact of one of its UH institutions.
    case uhContact
    /// The leader of one of its PPT offices.
    case pptLeader
    /// A caseworker of its embete.
    case sfCaseworker
    /// A Statped manager or intake (national).
    case statped
    /// KSI itself (scheduled and relayed commands).
    case system
    /// None of these.
    case other

    /// The category's name.
    public var description: String { rawValue }

    /// Every category the caller holds for `partnership`; `.other` when none.
    public static func of(_ caller: Caller, in partnership: Partnership) -> Set<PartnershipActor> {
        var actors: Set<PartnershipActor> = []
        if partnership.ownerIds.contains(where: { caller.has(.ownerAdmin, scope: $0) }) { actors.insert(.ownerAdmin) }
        if partnership.uhInstitutionIds.contains(where: { caller.has(.uhContact, scope: $0) }) {
            actors.insert(.uhContact)
        }
        if partnership.pptOfficeIds.contains(where: { caller.has(.pptLeader, scope: $0) }) { actors.insert(.pptLeader) }
        if caller.has(.sfCaseworker, scope: partnership.governorOfficeId) { actors.insert(.sfCaseworker) }
        if caller.hasAny([.statpedManager, .statpedIntake]) { actors.insert(.statped) }
        if caller.has(.system) { actors.insert(.system) }
        if actors.isEmpty { actors.insert(.other) }
        return actors
    }

    /// The role recorded in the audit log for this category.
    var auditRole: Role {
        switch self {
        case .ownerAdmin: .ownerAdmin
        case .uhContact: .uhContact
        case .pptLeader: .pptLeader
        case .sfCaseworker: .sfCaseworker
        case .statped: .statpedManager
        case .system: .system
        case .other: .unspecified
        }
    }
}

extension TransitionTable where State: NamedEnum, Actor == PartnershipActor {
    /// A Partnerships state machine (DOMAIN.md §4.2): the state is checked before who acts, and the sentences
    /// say what the command does (`phrase`) and which actor categories may do it.
    init(partnership noun: String, phrase: @escaping @Sendable (Command) -> String, entries: [Entry]) {
        self.init(
            noun: noun,
            order: .stateFirst,
            refusals: Refusals(
                illegal: { refusal in
                    let allowed = refusal.from.map { $0 == nil || $0 == State(rawValue: 0) ? "new" : $0?.name ?? "" }
                    return DomainError.illegalTransition(
                        "\(phrase(refusal.command)) needs \(refusal.noun) that is \(allowed.joined(separator: " or ")); this one is \(refusal.state?.name ?? "new")"
                    )
                },
                notPermitted: { refusal in
                    DomainError.notPermitted(
                        "only \(refusal.who.map(\.rawValue).joined(separator: " or ")) of the partnership concerned may do this: \(phrase(refusal.command))"
                    )
                }
            ),
            entries: entries
        )
    }

    /// The target state and the actor category that allows it, or a clear error.
    func transition(
        _ command: Command,
        from status: State,
        by actors: Set<PartnershipActor>
    ) throws -> (
        to: State, actor: PartnershipActor
    ) {
        let decision = try decide(command, from: status, by: actors)
        return (decision.to ?? status, decision.actor)
    }
}
