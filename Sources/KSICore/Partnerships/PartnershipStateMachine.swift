/// The partnership state machine of DOMAIN.md §4.2: which command may move a partnership from which
/// state, and who may do it. Signing and renewing stay in place until both parties have signed.
public struct PartnershipStateMachine: Sendable {
    /// A command that moves a partnership (the RPC of the same name).
    public enum Command: String, Sendable, Hashable, CaseIterable {
        /// — → draft; ownerAdmin.
        case createPartnership
        /// draft → active once both owner and UH have signed; ownerAdmin or uhContact.
        case signAgreement
        /// active → suspended; sfCaseworker.
        case suspendPartnership
        /// suspended → active; sfCaseworker.
        case resumePartnership
        /// active or suspended → terminating; ownerAdmin or uhContact.
        case requestTermination
        /// terminating → terminated; ownerAdmin, uhContact or sfCaseworker.
        case confirmTermination
        /// active → expired when the agreement runs out; system.
        case expirePartnership
        /// active or expired → active once both parties have signed the renewal; ownerAdmin or uhContact.
        case renewAgreement

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
    public static let table = TransitionTable<PartnershipStatus, Command, PartnershipActor>(
        partnership: "a partnership",
        phrase: { $0.phrase },
        entries: [
            .init(.createPartnership, from: [.unspecified], to: .state(.draft), who: [.ownerAdmin]),
            .init(.signAgreement, from: [.draft], to: .state(.active), who: [.ownerAdmin, .uhContact]),
            .init(.suspendPartnership, from: [.active], to: .state(.suspended), who: [.sfCaseworker]),
            .init(.resumePartnership, from: [.suspended], to: .state(.active), who: [.sfCaseworker]),
            .init(
                .requestTermination,
                from: [.active, .suspended],
                to: .state(.terminating),
                who: [.ownerAdmin, .uhContact]
            ),
            .init(
                .confirmTermination,
                from: [.terminating],
                to: .state(.terminated),
                who: [.ownerAdmin, .uhContact, .sfCaseworker]
            ),
            .init(.expirePartnership, from: [.active], to: .state(.expired), who: [.system]),
            .init(.renewAgreement, from: [.active, .expired], to: .state(.active), who: [.ownerAdmin, .uhContact]),
        ]
    )

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
        let decided = try table.transition(command, from: status, by: actors)
        return complete ? decided : (status, decided.actor)
    }

    /// Statuses in which the partnership still works (content, roles, meetings, measures may change).
    public static let live: Set<PartnershipStatus> = [.draft, .active, .suspended, .terminating]
}
