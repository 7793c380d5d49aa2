/// Who may give an Allocation command: a role, checked against the scope of the entity concerned (the actor of
/// the Allocation state machines, issue 16).
struct ScopedRole: Hashable, Sendable {
    /// Whose scope the role is checked against.
    enum Scope: Hashable, Sendable { case governorOffice, recipient, national }

    var role: Role
    var scope: Scope

    /// The role in the entity's embete.
    static func office(_ role: Role) -> ScopedRole { ScopedRole(role: role, scope: .governorOffice) }
    /// The role in the recipient organisation.
    static func recipient(_ role: Role) -> ScopedRole { ScopedRole(role: role, scope: .recipient) }
    /// The role anywhere (Udir, the system).
    static func national(_ role: Role) -> ScopedRole { ScopedRole(role: role, scope: .national) }

    /// Whether `caller` holds this role for an entity of `governorOfficeId` and `recipientId`.
    func isHeld(by caller: Caller, governorOfficeId: String, recipientId: String) -> Bool {
        switch scope {
        case .governorOffice: caller.has(role, scope: governorOfficeId)
        case .recipient: caller.has(role, scope: recipientId)
        case .national: caller.has(role)
        }
    }
}

extension TransitionTable where State: NamedEnum, Actor == ScopedRole {
    /// An Allocation money or decision state machine: the role is checked before the state, and the sentences
    /// name the roles and the entry's verb.
    init(allocation noun: String, entries: [Entry]) {
        self.init(
            noun: noun,
            order: .whoFirst,
            refusals: Refusals(
                illegal: { refusal in
                    guard !refusal.from.isEmpty else {
                        return DomainError.illegalTransition("this \(refusal.noun) does not accept that command")
                    }
                    let froms = refusal.from.compactMap { $0?.name }.joined(separator: " or ")
                    return DomainError.illegalTransition(
                        "a \(refusal.noun) can be \(refusal.verb) only when it is \(froms); this one is \(refusal.state?.name ?? "")"
                    )
                },
                notPermitted: { refusal in
                    let names = refusal.who.map(\.role.name).joined(separator: " or ")
                    return DomainError.notPermitted(
                        "only \(names) of the organisation concerned may have this \(refusal.noun) \(refusal.verb)"
                    )
                }
            ),
            entries: entries
        )
    }

    /// Checks role and state; returns the new state (or `state` when the command keeps or restores it).
    func apply(
        _ command: Command,
        from state: State,
        by caller: Caller,
        governorOfficeId: String,
        recipientId: String = ""
    ) throws -> State {
        let decision = try decide(command, from: state) {
            $0.isHeld(by: caller, governorOfficeId: governorOfficeId, recipientId: recipientId)
        }
        return decision.to ?? state
    }

    /// Whether `command` is allowed from `state` for `caller` (for tests and listings).
    func allows(
        _ command: Command,
        from state: State,
        by caller: Caller,
        governorOfficeId: String,
        recipientId: String = ""
    ) -> Bool {
        (try? apply(command, from: state, by: caller, governorOfficeId: governorOfficeId, recipientId: recipientId))
            != nil
    }
}
