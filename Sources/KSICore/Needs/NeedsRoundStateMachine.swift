/// The commands that move a needs round.
public enum NeedsRoundCommand: String, Sendable, CaseIterable {
    /// Changes a planned round (its dates change only while it is planned).
    case update
    /// planned → open; the round freezes its configuration (COM-R5).
    case open
    /// open → closed.
    case close
    /// closed → archived.
    case archive
}

/// The round's life (DOMAIN.md §4.1): planned → open → closed → archived. Dates change only while planned.
public struct NeedsRoundStateMachine: Sendable, Hashable {
    /// The round's current status.
    public var status: NeedsRoundStatus

    /// The machine for a round in `status`.
    public init(_ status: NeedsRoundStatus) { self.status = status }

    /// The allowed transitions (DOMAIN.md §4.1 `NeedsRound.status`). Who may give a command is checked by the context.
    public static let table = TransitionTable<NeedsRoundStatus, NeedsRoundCommand, Anyone>(
        noun: "needs round",
        order: .stateFirst,
        refusals: .init(
            illegal: { refusal in
                let status = refusal.state ?? .unspecified
                return DomainError.illegalTransition(
                    "only a \((refusal.from.first ?? nil)?.name ?? "planned") round can be \(verb(refusal.command)); this round is \(status.name)",
                    state: status.name,
                    what: "needs round"
                )
            },
            notPermitted: { _ in DomainError.notPermitted("the needs round state machine checks the state only") }
        ),
        entries: [
            .init(.update, from: [.planned], to: .unchanged, who: [.anyone]),
            .init(.open, from: [.planned], to: .state(.open), who: [.anyone]),
            .init(.close, from: [.open], to: .state(.closed), who: [.anyone]),
            .init(.archive, from: [.closed], to: .state(.archived), who: [.anyone]),
        ]
    )

    /// The status after `command`, or `illegalTransition`.
    public func apply(_ command: NeedsRoundCommand) throws -> NeedsRoundStatus {
        try Self.table.decide(command, from: status, by: { _ in true }).to ?? status
    }

    static func verb(_ command: NeedsRoundCommand) -> String {
        switch command {
        case .update: "changed"
        case .open: "opened"
        case .close: "closed"
        case .archive: "archived"
        }
    }
}
