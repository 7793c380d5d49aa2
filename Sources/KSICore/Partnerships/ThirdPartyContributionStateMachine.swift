/// The third-party contribution state machine (DOMAIN.md §4.2: requested → agreed → delivered; declined).
public struct ThirdPartyContributionStateMachine: Sendable {
    /// A command that moves a third-party contribution (the RPC of the same name).
    public enum Command: String, Sendable, Hashable, CaseIterable {
        /// — → requested; uhContact or ownerAdmin.
        case requestThirdPartyContribution
        /// requested → agreed; uhContact, ownerAdmin or Statped.
        case agreeThirdPartyContribution
        /// agreed → delivered; uhContact, ownerAdmin or Statped.
        case deliverThirdPartyContribution
        /// requested or agreed → declined; uhContact, ownerAdmin or Statped.
        case declineThirdPartyContribution

        var phrase: String {
            switch self {
            case .requestThirdPartyContribution: "requesting a third-party contribution"
            case .agreeThirdPartyContribution: "agreeing a third-party contribution"
            case .deliverThirdPartyContribution: "recording a delivered third-party contribution"
            case .declineThirdPartyContribution: "declining a third-party contribution"
            }
        }
    }

    /// PD: UH requests (the owner only under the direct-Statped exception, PART-R2); the requesting
    /// side or Statped records agreement, delivery and decline.
    public static let table = TransitionTable<ThirdPartyContributionStatus, Command, PartnershipActor>(
        partnership: "a third-party contribution",
        phrase: { $0.phrase },
        entries: [
            .init(
                .requestThirdPartyContribution,
                from: [.unspecified],
                to: .state(.requested),
                who: [.uhContact, .ownerAdmin]
            ),
            .init(
                .agreeThirdPartyContribution,
                from: [.requested],
                to: .state(.agreed),
                who: [.uhContact, .ownerAdmin, .statped]
            ),
            .init(
                .deliverThirdPartyContribution,
                from: [.agreed],
                to: .state(.delivered),
                who: [.uhContact, .ownerAdmin, .statped]
            ),
            .init(
                .declineThirdPartyContribution,
                from: [.requested, .agreed],
                to: .state(.declined),
                who: [.uhContact, .ownerAdmin, .statped]
            ),
        ]
    )

    /// Where `command` takes a contribution in `status` when done by one of `actors`; throws when the table does not allow it.
    public static func transition(
        _ command: Command,
        from status: ThirdPartyContributionStatus,
        by actors: Set<PartnershipActor>
    ) throws -> (to: ThirdPartyContributionStatus, actor: PartnershipActor) {
        try table.transition(command, from: status, by: actors)
    }
}
