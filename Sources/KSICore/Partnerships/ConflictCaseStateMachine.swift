/// The conflict case state machine (DOMAIN.md §4.2; PART-R5; PP7).
public struct ConflictCaseStateMachine: Sendable {
    /// A command that moves a conflict case (the RPC of the same name).
    public enum Command: String, Sendable, Hashable, CaseIterable {
        /// — → open; ownerAdmin, uhContact or sfCaseworker.
        case raiseConflictCase
        /// open → mediation; sfCaseworker.
        case startMediation
        /// open or mediation → resolved; sfCaseworker, ownerAdmin or uhContact.
        case resolveConflictCase
        /// mediation → leadsToTermination; sfCaseworker.
        case concludeConflictCaseWithTermination

        var phrase: String {
            switch self {
            case .raiseConflictCase: "raising a conflict case"
            case .startMediation: "starting mediation"
            case .resolveConflictCase: "resolving a conflict case"
            case .concludeConflictCaseWithTermination: "concluding a conflict case with termination"
            }
        }
    }

    /// PD: either party or the embete may raise and resolve; only the embete mediates and concludes.
    public static let table = TransitionTable<ConflictCaseStatus, Command, PartnershipActor>(
        partnership: "a conflict case",
        phrase: { $0.phrase },
        entries: [
            .init(
                .raiseConflictCase,
                from: [.unspecified],
                to: .state(.open),
                who: [.ownerAdmin, .uhContact, .sfCaseworker]
            ),
            .init(.startMediation, from: [.open], to: .state(.mediation), who: [.sfCaseworker]),
            .init(
                .resolveConflictCase,
                from: [.open, .mediation],
                to: .state(.resolved),
                who: [.sfCaseworker, .ownerAdmin, .uhContact]
            ),
            .init(
                .concludeConflictCaseWithTermination,
                from: [.mediation],
                to: .state(.leadsToTermination),
                who: [.sfCaseworker]
            ),
        ]
    )

    /// Where `command` takes a conflict case in `status` when done by one of `actors`; throws when the table does not allow it.
    public static func transition(
        _ command: Command,
        from status: ConflictCaseStatus,
        by actors: Set<PartnershipActor>
    ) throws -> (to: ConflictCaseStatus, actor: PartnershipActor) {
        try table.transition(command, from: status, by: actors)
    }
}
