/// The reclaim state machine (ALLOC-R16): open (the recipient may comment) → decided → settled.
enum ReclaimCaseStateMachine {
    enum Command: String, CaseIterable, Hashable, Sendable { case comment, decide, settle }

    static let table = TransitionTable<ReclaimCaseStatus, Command, ScopedRole>(
        allocation: "reclaim case",
        entries: [
            .init(
                .comment,
                from: [.open],
                to: .unchanged,
                who: [.recipient(.ownerAdmin), .recipient(.uhContact)],
                verb: "commented on"
            ),
            .init(.decide, from: [.open], to: .state(.decided), who: [.office(.sfDecisionMaker)], verb: "decided"),
            .init(.settle, from: [.decided], to: .state(.settled), who: [.office(.sfCaseworker)], verb: "settled"),
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

    static let table = TransitionTable<MultiYearCommitmentStatus, Command, ScopedRole>(
        allocation: "multi-year commitment",
        entries: [
            .init(
                .confirm,
                from: [.indicative],
                to: .state(.confirmed),
                who: [.office(.sfDecisionMaker)],
                verb: "confirmed"
            ),
            .init(
                .reduce,
                from: [.indicative],
                to: .state(.reduced),
                who: [.office(.sfDecisionMaker)],
                verb: "reduced"
            ),
            .init(
                .cancel,
                from: [.indicative],
                to: .state(.cancelled),
                who: [.office(.sfDecisionMaker)],
                verb: "cancelled"
            ),
        ]
    )
}
