/// The appeal state machine (DOMAIN.md §4.3; ALLOC-R17): lodged → underReconsideration →
/// resolvedByGovernor | forwardedToAppealBody → decided → closed.
enum AppealStateMachine {
    enum Command: String, CaseIterable, Hashable, Sendable {
        case startReconsideration, resolveByGovernor, forward, decide, close
    }

    static let table = TransitionTable<AppealStatus, Command>(
        noun: "appeal",
        entries: [
            .startReconsideration: .init(
                from: [.lodged],
                to: .underReconsideration,
                roles: [(.sfCaseworker, .governorOffice)],
                verb: "reconsidered"
            ),
            .resolveByGovernor: .init(
                from: [.underReconsideration],
                to: .resolvedByGovernor,
                roles: [(.sfDecisionMaker, .governorOffice)],
                verb: "resolved by the statsforvalter"
            ),
            .forward: .init(
                from: [.underReconsideration],
                to: .forwardedToAppealBody,
                roles: [(.sfCaseworker, .governorOffice), (.sfDecisionMaker, .governorOffice)],
                verb: "forwarded"
            ),
            // PD: the appeal body's decision is recorded by udirAdmin, or by the embete's decision maker.
            .decide: .init(
                from: [.resolvedByGovernor, .forwardedToAppealBody],
                to: .decided,
                roles: [(.sfDecisionMaker, .governorOffice), (.udirAdmin, .national)],
                verb: "decided"
            ),
            .close: .init(from: [.decided], to: .closed, roles: [(.sfCaseworker, .governorOffice)], verb: "closed"),
        ]
    )

    static func apply(_ command: Command, to appeal: Appeal, by caller: Caller) throws -> AppealStatus {
        try table.apply(command, from: appeal.status, by: caller, governorOfficeId: appeal.governorOfficeId)
    }
}
