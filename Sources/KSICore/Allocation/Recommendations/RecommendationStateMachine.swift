/// The recommendation state machine (DOMAIN.md §4.3): draft → adopted → submitted → underControl →
/// decided, with returnedToForum → draft, and draft → submitted directly in SKK mode (ALLOC-R18).
enum RecommendationStateMachine {
    enum Command: String, CaseIterable, Hashable, Sendable {
        case editLines, adopt, submitGovernorRecommendation, submitToGovernor, startControl, returnToForum, revise
        case prepareDecision, signDecision, decide
    }

    static let table = TransitionTable<RecommendationStatus, Command>(
        noun: "recommendation",
        entries: [
            .editLines: .init(
                from: [.draft],
                to: nil,
                roles: [(.committeeMember, .governorOffice), (.sfCaseworker, .governorOffice)],
                verb: "edited"
            ),
            .adopt: .init(from: [.draft], to: .adopted, roles: [(.sfCaseworker, .governorOffice)], verb: "adopted"),
            .submitGovernorRecommendation: .init(
                from: [.draft],
                to: .submitted,
                roles: [(.sfCaseworker, .governorOffice)],
                verb: "submitted by the statsforvalter"
            ),
            .submitToGovernor: .init(
                from: [.adopted],
                to: .submitted,
                roles: [(.sfCaseworker, .governorOffice)],
                verb: "submitted to the statsforvalter"
            ),
            .startControl: .init(
                from: [.submitted],
                to: .underControl,
                roles: [(.sfCaseworker, .governorOffice)],
                verb: "taken under control"
            ),
            .returnToForum: .init(
                from: [.underControl],
                to: .returnedToForum,
                roles: [(.sfDecisionMaker, .governorOffice)],
                verb: "returned to the forum"
            ),
            .revise: .init(
                from: [.returnedToForum],
                to: .draft,
                roles: [(.sfCaseworker, .governorOffice)],
                verb: "revised"
            ),
            .prepareDecision: .init(
                from: [.underControl],
                to: nil,
                roles: [(.sfCaseworker, .governorOffice)],
                verb: "given a prepared decision"
            ),
            .signDecision: .init(
                from: [.underControl],
                to: nil,
                roles: [(.sfDecisionMaker, .governorOffice)],
                verb: "given a signed decision"
            ),
            .decide: .init(
                from: [.underControl],
                to: .decided,
                roles: [(.sfDecisionMaker, .governorOffice)],
                verb: "decided"
            ),
        ]
    )

    static func apply(
        _ command: Command,
        to recommendation: Recommendation,
        by caller: Caller
    ) throws -> RecommendationStatus {
        try table.apply(
            command,
            from: recommendation.status,
            by: caller,
            governorOfficeId: recommendation.governorOfficeId
        )
    }
}
