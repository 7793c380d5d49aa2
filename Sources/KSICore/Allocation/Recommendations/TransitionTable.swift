/// A state machine as data: for each command, the states it may start from, where it leads, and the roles
/// (scoped) that may give it. Used by the Allocation money and decision state machines.
struct TransitionTable<State: NamedEnum, Command: Hashable & Sendable>: Sendable {
    /// Whose scope a role is checked against.
    enum Scope: Sendable { case governorOffice, recipient, national }

    struct Entry: Sendable {
        var from: [State]
        /// nil = the state does not change (or returns to a remembered state).
        var to: State?
        var roles: [(Role, Scope)]
        /// What the command does, for messages ("adopted", "signed").
        var verb: String
    }

    let noun: String
    let entries: [Command: Entry]

    /// Checks role and state; returns the new state (or `from` when the command keeps it).
    func apply(
        _ command: Command,
        from state: State,
        by caller: Caller,
        governorOfficeId: String,
        recipientId: String = ""
    )
        throws -> State
    {
        guard let entry = entries[command] else {
            throw DomainError.illegalTransition("this \(noun) does not accept that command")
        }
        let allowed = entry.roles.contains { role, scope in
            switch scope {
            case .governorOffice: caller.has(role, scope: governorOfficeId)
            case .recipient: caller.has(role, scope: recipientId)
            case .national: caller.has(role)
            }
        }
        guard allowed else {
            let names = entry.roles.map { $0.0.name }.joined(separator: " or ")
            throw DomainError.notPermitted(
                "only \(names) of the organisation concerned may have this \(noun) \(entry.verb)"
            )
        }
        guard entry.from.contains(state) else {
            let froms = entry.from.map(\.name).joined(separator: " or ")
            throw DomainError.illegalTransition(
                "a \(noun) can be \(entry.verb) only when it is \(froms); this one is \(state.name)"
            )
        }
        return entry.to ?? state
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
