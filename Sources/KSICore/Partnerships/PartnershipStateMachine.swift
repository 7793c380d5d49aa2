/// The partnership state machine of DOMAIN.md §4.2: which command may move a partnership from which
/// state, and who may do it. Signing and renewing stay in place until both parties have signed.
public struct PartnershipStateMachine: Sendable {
    public enum Command: String, Sendable, Hashable, CaseIterable {
        case createPartnership, signAgreement, suspendPartnership, resumePartnership, requestTermination
        case confirmTermination, expirePartnership, renewAgreement

        var phrase: String {
            switch self {
            case .createPartnership: "creating a partnership"
            case .signAgreement: "signing the agreement"
            case .suspendPartnership: "suspending a partnership"
            case .resumePartnership: "resuming a partnership"
            case .requestTermination: "asking to terminate a partnership"
            case .confirmTermination: "confirming a termination"
            case .expirePartnership: "expiring a partnership"
            case .renewAgreement: "renewing the agreement"
            }
        }
    }

    /// The allowed transitions, as in DOMAIN.md §4.2.
    public static let table: [PartnershipTransition<PartnershipStatus, Command>] = [
        .init(.createPartnership, from: [.unspecified], to: .draft, who: [.ownerAdmin]),
        .init(.signAgreement, from: [.draft], to: .active, who: [.ownerAdmin, .uhContact]),
        .init(.suspendPartnership, from: [.active], to: .suspended, who: [.sfCaseworker]),
        .init(.resumePartnership, from: [.suspended], to: .active, who: [.sfCaseworker]),
        .init(.requestTermination, from: [.active, .suspended], to: .terminating, who: [.ownerAdmin, .uhContact]),
        .init(
            .confirmTermination,
            from: [.terminating],
            to: .terminated,
            who: [.ownerAdmin, .uhContact, .sfCaseworker]
        ),
        .init(.expirePartnership, from: [.active], to: .expired, who: [.system]),
        .init(.renewAgreement, from: [.active, .expired], to: .active, who: [.ownerAdmin, .uhContact]),
    ]

    /// Where `command` takes a partnership in `status` when done by one of `actors`.
    ///
    /// `complete` is false while only one party has signed (SignAgreement, RenewAgreement): the
    /// partnership then stays where it is.
    public static func transition(
        _ command: Command,
        from status: PartnershipStatus,
        by actors: Set<PartnershipActor>,
        complete: Bool = true
    ) throws -> (to: PartnershipStatus, actor: PartnershipActor) {
        let decided = try PartnershipTransitionTable.decide(
            table,
            command: command,
            from: status,
            actors: actors,
            noun: "a partnership",
            doing: command.phrase
        )
        return complete ? decided : (status, decided.actor)
    }

    /// Statuses in which the partnership still works (content, roles, meetings, measures may change).
    public static let live: Set<PartnershipStatus> = [.draft, .active, .suspended, .terminating]
}
