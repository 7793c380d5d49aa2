/// The commands that move a needs round.
public enum NeedsRoundCommand: String, Sendable, CaseIterable {
    case update, open, close, archive
}

/// The round's life (DOMAIN.md §4.1): planned → open → closed → archived. Dates change only while planned.
public struct NeedsRoundStateMachine: Sendable, Hashable {
    public var status: NeedsRoundStatus

    public init(_ status: NeedsRoundStatus) { self.status = status }

    /// The allowed transitions: (from, command) → to.
    public static let transitions: [NeedsRoundCommand: (from: NeedsRoundStatus, to: NeedsRoundStatus)] = [
        .update: (.planned, .planned),
        .open: (.planned, .open),
        .close: (.open, .closed),
        .archive: (.closed, .archived),
    ]

    /// The status after `command`, or `illegalTransition`.
    public func apply(_ command: NeedsRoundCommand) throws -> NeedsRoundStatus {
        guard let transition = Self.transitions[command], transition.from == status else {
            throw DomainError.illegalTransition(
                "only a \(Self.transitions[command]?.from.name ?? "planned") round can be \(Self.verb(command)); this round is \(status.name)",
                state: status.name,
                what: "needs round"
            )
        }
        return transition.to
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
