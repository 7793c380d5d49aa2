extension TransitionTable {
    /// What a refused command was: the facts a table's sentences are made of.
    public struct Refusal: Sendable {
        /// The table's noun.
        public let noun: String
        /// The refused command.
        public let command: Command
        /// The entity's state (nil: it does not exist yet).
        public let state: State?
        /// Every state the command may start from, in table order (empty: the command is not in the table, or not
        /// for this kind of entity).
        public let from: [State?]
        /// Who may give the command, in table order.
        public let who: [Actor]
        /// The entry's verb.
        public let verb: String

        func naming(_ who: [Actor], verb: String? = nil) -> Refusal {
            Refusal(noun: noun, command: command, state: state, from: from, who: who, verb: verb ?? self.verb)
        }
    }

    /// The sentences of a table's refusals: each context keeps its own wording (stored in tests, shown to users),
    /// the table decides when each is thrown.
    public struct Refusals: Sendable {
        /// The state does not allow the command: a `DomainError.illegalTransition`.
        public var illegal: @Sendable (Refusal) -> DomainError
        /// The caller may not give the command: a `DomainError.notPermitted`.
        public var notPermitted: @Sendable (Refusal) -> DomainError

        /// The two sentences of a table.
        public init(
            illegal: @escaping @Sendable (Refusal) -> DomainError,
            notPermitted: @escaping @Sendable (Refusal) -> DomainError
        ) {
            self.illegal = illegal
            self.notPermitted = notPermitted
        }
    }
}

/// The actor of a machine that checks the state only (who may act is checked by the context's rules).
public enum Anyone: Hashable, Sendable {
    /// The one actor: whoever the context let through.
    case anyone
}
