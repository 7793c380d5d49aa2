/// Who a caller is in relation to one partnership: the categories the state machines' "Who" columns name.
///
/// The categories are scoped: `ownerAdmin` means the owner admin of one of the partnership's owners,
/// `uhContact` the contact of one of its UH institutions, `pptLeader` the leader of one of its PPT
/// offices, `sfCaseworker` a caseworker of its embete, `statped` a Statped manager or intake (national).
public enum PartnershipActor: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ownerAdmin, uhContact, pptLeader, sfCaseworker, statped, system, other

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

/// One allowed transition: a command moves an entity from one of `from` to `to`, done by one of `who`.
public struct PartnershipTransition<Status: NamedEnum, Command: Hashable & Sendable>: Sendable {
    public var command: Command
    public var from: [Status]
    public var to: Status
    public var who: [PartnershipActor]

    public init(_ command: Command, from: [Status], to: Status, who: [PartnershipActor]) {
        self.command = command
        self.from = from
        self.to = to
        self.who = who
    }
}

/// Decides a transition from a table: the state first, then who may do it.
enum PartnershipTransitionTable {
    /// The target state and the actor category that allows it, or a clear error.
    static func decide<Status: NamedEnum, Command: Hashable & Sendable>(
        _ table: [PartnershipTransition<Status, Command>],
        command: Command,
        from status: Status,
        actors: Set<PartnershipActor>,
        noun: String,
        doing phrase: String
    ) throws -> (to: Status, actor: PartnershipActor) {
        let candidates = table.filter { $0.command == command }
        guard let transition = candidates.first(where: { $0.from.contains(status) }) else {
            let allowed = candidates.flatMap(\.from).map { $0 == Status(rawValue: 0) ? "new" : $0.name }
            throw DomainError.illegalTransition(
                "\(phrase) needs \(noun) that is \(allowed.joined(separator: " or ")); this one is \(status.name)"
            )
        }
        guard let actor = transition.who.first(where: { actors.contains($0) }) else {
            throw DomainError.notPermitted(
                "only \(transition.who.map(\.rawValue).joined(separator: " or ")) of the partnership concerned may do this: \(phrase)"
            )
        }
        return (transition.to, actor)
    }
}
