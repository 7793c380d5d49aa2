/// A state machine as data (issue 16): for each command, the states it may start from, where it leads and who
/// may give it. Every state machine of the bounded contexts (Needs, Partnerships, Allocation, Referral) is one of
/// these tables; a context derives the `Actor`s a caller holds and supplies the sentences of its refusals.
///
/// A state of `nil` is an entity that does not exist yet (a create command starts from `nil`).
public struct TransitionTable<State: Hashable & Sendable, Command: Hashable & Sendable, Actor: Hashable & Sendable>:
    Sendable
{
    /// Where a command leads.
    public enum Target: Hashable, Sendable {
        /// To this state.
        case state(State)
        /// The state does not change (an edit, a partial signature).
        case unchanged
        /// Back to a state the entity remembers (a grant released from appeal or reclaim); the context restores it.
        case remembered
    }

    /// One row: `command` moves an entity from one of `from` to `to`, given by one of `who`.
    public struct Entry: Sendable {
        /// The command the row is for.
        public var command: Command
        /// The states it may start from (nil = the entity does not exist yet).
        public var from: [State?]
        /// Where it leads.
        public var to: Target
        /// In the order the refusal sentences name them; the first one the caller holds is the one it acts as.
        public var who: [Actor]
        /// The command's words for the table's sentences ("adopted"); "" when the sentences take them elsewhere.
        public var verb: String

        /// A row: `command` from one of `from` to `to`, by one of `who`.
        public init(_ command: Command, from: [State?], to: Target, who: [Actor], verb: String = "") {
            self.command = command
            self.from = from
            self.to = to
            self.who = who
            self.verb = verb
        }
    }

    /// Which refusal comes first when both the caller and the state are wrong.
    public enum CheckOrder: Sendable {
        /// `notPermitted` before `illegalTransition` (Allocation, Referral).
        case whoFirst
        /// `illegalTransition` before `notPermitted` (Partnerships).
        case stateFirst
    }

    /// What the command did: the new state (the current one for `unchanged` and `remembered`) and who acted.
    public struct Decision: Sendable {
        /// The state after the command.
        public var to: State?
        /// The actor the caller acted as.
        public var actor: Actor
    }

    /// The entity, for sentences ("grant", "a partnership").
    public let noun: String
    /// Which refusal comes first.
    public let order: CheckOrder
    /// The rows, in the order they are tried.
    public let entries: [Entry]
    let refusals: Refusals

    /// A table of `entries` whose refusals `refusals` words.
    public init(noun: String, order: CheckOrder, refusals: Refusals, entries: [Entry]) {
        self.noun = noun
        self.order = order
        self.refusals = refusals
        self.entries = entries
    }

    /// Decides `command` on an entity in `state`, given by a caller who holds the actors for which `holds` is
    /// true: the new state and the actor, or the table's `illegalTransition` / `notPermitted` refusal.
    public func decide(_ command: Command, from state: State?, by holds: (Actor) -> Bool) throws -> Decision {
        let candidates = entries.filter { $0.command == command }
        let refusal = Refusal(
            noun: noun,
            command: command,
            state: state,
            from: candidates.flatMap(\.from),
            who: [],
            verb: candidates.first?.verb ?? ""
        )
        guard !candidates.isEmpty else { throw refusals.illegal(refusal) }
        let matching = candidates.first { $0.from.contains(state) }
        switch order {
        case .whoFirst:
            let who = candidates.flatMap(\.who).uniqued()
            guard who.contains(where: holds) else { throw refusals.notPermitted(refusal.naming(who)) }
            guard let entry = matching else { throw refusals.illegal(refusal.naming(who)) }
            guard let actor = entry.who.first(where: holds) else {
                throw refusals.notPermitted(refusal.naming(entry.who, verb: entry.verb))
            }
            return Decision(to: Self.target(entry.to, from: state), actor: actor)
        case .stateFirst:
            guard let entry = matching else { throw refusals.illegal(refusal.naming(candidates[0].who)) }
            guard let actor = entry.who.first(where: holds) else {
                throw refusals.notPermitted(refusal.naming(entry.who, verb: entry.verb))
            }
            return Decision(to: Self.target(entry.to, from: state), actor: actor)
        }
    }

    /// `decide` for a caller described by the set of actors it holds.
    public func decide(_ command: Command, from state: State?, by actors: Set<Actor>) throws -> Decision {
        try decide(command, from: state, by: { actors.contains($0) })
    }

    /// Whether `command` may start from `state` (who gives it aside).
    public func allows(_ command: Command, from state: State?) -> Bool {
        entries.contains { $0.command == command && $0.from.contains(state) }
    }

    /// Every actor that may give `command`, in table order.
    public func who(_ command: Command) -> [Actor] {
        entries.filter { $0.command == command }.flatMap(\.who).uniqued()
    }

    /// The states `command` may start from, in table order.
    public func from(_ command: Command) -> [State?] {
        entries.filter { $0.command == command }.flatMap(\.from)
    }

    /// Every (from, command, target) row of the table, one per start state.
    public var edges: [(from: State?, command: Command, to: Target)] {
        entries.flatMap { entry in entry.from.map { (from: $0, command: entry.command, to: entry.to) } }
    }

    static func target(_ target: Target, from state: State?) -> State? {
        switch target {
        case .state(let next): next
        case .unchanged, .remembered: state
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
