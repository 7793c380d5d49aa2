/// The recommendation state machine (DOMAIN.md §4.3): draft → adopted → submitted → underControl →
/// decided, with returnedToForum → draft, and draft → submitted directly in SKK mode (ALLOC-R18).
enum RecommendationStateMachine {
    enum Command: String, CaseIterable, Hashable, Sendable {
        case editLines, adopt, submitGovernorRecommendation, submitToGovernor, startControl, returnToForum, revise
        case prepareDecision, signDecision, decide
    }

    static let table = TransitionTable<RecommendationStatus, Command, ScopedRole>(
        allocation: "recommendation",
        entries: [
            .init(
                .editLines,
                from: [.draft],
                to: .unchanged,
                who: [.office(.committeeMember), .office(.sfCaseworker)],
                verb: "edited"
            ),
            .init(.adopt, from: [.draft], to: .state(.adopted), who: [.office(.sfCaseworker)], verb: "adopted"),
            .init(
                .submitGovernorRecommendation,
                from: [.draft],
                to: .state(.submitted),
                who: [.office(.sfCaseworker)],
                verb: "submitted by the statsforvalter"
            ),
            .init(
                .submitToGovernor,
                from: [.adopted],
                to: .state(.submitted),
                who: [.office(.sfCaseworker)],
                verb: "submitted to the statsforvalter"
            ),
            .init(
                .startControl,
                from: [.submitted],
                to: .state(.underControl),
                who: [.office(.sfCaseworker)],
                verb: "taken under control"
            ),
            .init(
                .returnToForum,
                from: [.underControl],
                to: .state(.returnedToForum),
                who: [.office(.sfDecisionMaker)],
                verb: "returned to the forum"
            ),
            .init(
                .revise,
                from: [.returnedToForum],
                to: .state(.draft),
                who: [.office(.sfCaseworker)],
                verb: "revised"
            ),
            .init(
                .prepareDecision,
                from: [.underControl],
                to: .unchanged,
                who: [.office(.sfCaseworker)],
                verb: "given a prepared decision"
            ),
            .init(
                .signDecision,
                from: [.underControl],
                to: .unchanged,
                who: [.office(.sfDecisionMaker)],
                verb: "given a signed decision"
            ),
            .init(
                .decide,
                from: [.underControl],
                to: .state(.decided),
                who: [.office(.sfDecisionMaker)],
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
