/// The appeal state machine (DOMAIN.md §4.3; ALLOC-R17): lodged → underReconsideration →
/// resolvedByGovernor | forwardedToAppealBody → decided → closed.
enum AppealStateMachine {
    enum Command: String, CaseIterable, Hashable, Sendable {
        case startReconsideration, resolveByGovernor, forward, decide, close
    }

    static let table = TransitionTable<AppealStatus, Command, ScopedRole>(
        allocation: "appeal",
        entries: [
            .init(
                .startReconsideration,
                from: [.lodged],
                to: .state(.underReconsideration),
                who: [.office(.sfCaseworker)],
                verb: "reconsidered"
            ),
            .init(
                .resolveByGovernor,
                from: [.underReconsideration],
                to: .state(.resolvedByGovernor),
                who: [.office(.sfDecisionMaker)],
                verb: "resolved by the statsforvalter"
            ),
            .init(
                .forward,
                from: [.underReconsideration],
                to: .state(.forwardedToAppealBody),
                who: [.office(.sfCaseworker), .office(.sfDecisionMaker)],
                verb: "forwarded"
            ),
            // PD: the appeal body's decision is recorded by udirAdmin, or by the embete's decision maker.
            .init(
                .decide,
                from: [.resolvedByGovernor, .forwardedToAppealBody],
                to: .state(.decided),
                who: [.office(.sfDecisionMaker), .national(.udirAdmin)],
                verb: "decided"
            ),
            .init(.close, from: [.decided], to: .state(.closed), who: [.office(.sfCaseworker)], verb: "closed"),
        ]
    )

    static func apply(_ command: Command, to appeal: Appeal, by caller: Caller) throws -> AppealStatus {
        try table.apply(command, from: appeal.status, by: caller, governorOfficeId: appeal.governorOfficeId)
    }
}
