/// The reclaim state machine (ALLOC-R16): open (the recipient may comment) → decided → settled.
enum ReclaimCaseStateMachine {
    enum Command: String, CaseIterable, Hashable, Sendable { case comment, decide, settle }

    static let table = TransitionTable<ReclaimCaseStatus, Command>(
        noun: "reclaim case",
        entries: [
            .comment: .init(
                from: [.open],
                to: nil,
                roles: [(.ownerAdmin, .recipient), (.uhContact, .recipient)],
                verb: "commented on"
            ),
            .decide: .init(from: [.open], to: .decided, roles: [(.sfDecisionMaker, .governorOffice)], verb: "decided"),
            .settle: .init(from: [.decided], to: .settled, roles: [(.sfCaseworker, .governorOffice)], verb: "settled"),
        ]
    )

    static func apply(
        _ command: Command,
        to reclaim: ReclaimCase,
        governorOfficeId: String,
        by caller: Caller
    ) throws
        -> ReclaimCaseStatus
    {
        try table.apply(
            command,
            from: reclaim.status,
            by: caller,
            governorOfficeId: governorOfficeId,
            recipientId: reclaim.recipientOrgId
        )
    }
}

/// The multi-year commitment state machine (ALLOC-R13): indicative → confirmed | reduced | cancelled,
/// by a signed year-Y decision within Y's frame.
enum MultiYearCommitmentStateMachine {
    enum Command: String, CaseIterable, Hashable, Sendable { case confirm, reduce, cancel }

    static let table = TransitionTable<MultiYearCommitmentStatus, Command>(
        noun: "multi-year commitment",
        entries: [
            .confirm: .init(
                from: [.indicative],
                to: .confirmed,
                roles: [(.sfDecisionMaker, .governorOffice)],
                verb: "confirmed"
            ),
            .reduce: .init(
                from: [.indicative],
                to: .reduced,
                roles: [(.sfDecisionMaker, .governorOffice)],
                verb: "reduced"
            ),
            .cancel: .init(
                from: [.indicative],
                to: .cancelled,
                roles: [(.sfDecisionMaker, .governorOffice)],
                verb: "cancelled"
            ),
        ]
    )
}
