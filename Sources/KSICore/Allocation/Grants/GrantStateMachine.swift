/// The grant state machine (DOMAIN.md §4.3): decided → committed → accepted → disbursed → reportDue →
/// reported → closed, with appealed and reclaimOpen detours that return to the remembered status, and
/// cancellation before acceptance.
enum GrantStateMachine {
    enum Command: String, CaseIterable, Hashable, Sendable {
        case issueCommitmentLetter, accept, disburse, markReportDue, applyReportSubmitted, applyReportAccepted, close
        case lodgeAppeal, appealDecided, openReclaim, settleReclaim, cancel
    }

    static let table = TransitionTable<GrantStatus, Command, ScopedRole>(
        allocation: "grant",
        entries: [
            .init(
                .issueCommitmentLetter,
                from: [.decided],
                to: .state(.committed),
                who: [.office(.sfCaseworker)],
                verb: "committed"
            ),
            .init(
                .accept,
                from: [.committed],
                to: .state(.accepted),
                who: [.recipient(.ownerAdmin), .recipient(.uhContact)],
                verb: "accepted"
            ),
            .init(
                .disburse,
                from: [.accepted, .disbursed],
                to: .state(.disbursed),
                who: [.office(.sfCaseworker)],
                verb: "disbursed"
            ),
            .init(
                .markReportDue,
                from: [.disbursed],
                to: .state(.reportDue),
                who: [.national(.system)],
                verb: "marked as report due"
            ),
            // PD: a report that arrives before the due date is marked also moves the grant to reported.
            .init(
                .applyReportSubmitted,
                from: [.reportDue, .disbursed],
                to: .state(.reported),
                who: [.national(.system)],
                verb: "marked as reported"
            ),
            .init(
                .applyReportAccepted,
                from: [.reportDue, .reported, .reclaimOpen],
                to: .unchanged,
                who: [.national(.system)],
                verb: "given an accepted report"
            ),
            .init(.close, from: [.reported], to: .state(.closed), who: [.office(.sfCaseworker)], verb: "closed"),
            .init(
                .lodgeAppeal,
                from: [.decided, .committed],
                to: .state(.appealed),
                who: [.recipient(.ownerAdmin), .recipient(.uhContact)],
                verb: "appealed"
            ),
            .init(
                .appealDecided,
                from: [.appealed],
                to: .remembered,
                who: [.office(.sfDecisionMaker), .national(.udirAdmin)],
                verb: "released from appeal"
            ),
            .init(
                .openReclaim,
                from: [.disbursed, .reported],
                to: .state(.reclaimOpen),
                who: [.office(.sfCaseworker), .national(.system)],
                verb: "put under reclaim"
            ),
            .init(
                .settleReclaim,
                from: [.reclaimOpen],
                to: .remembered,
                who: [.office(.sfCaseworker)],
                verb: "released from reclaim"
            ),
            .init(
                .cancel,
                from: [.decided, .committed],
                to: .state(.cancelled),
                who: [.office(.sfDecisionMaker)],
                verb: "cancelled"
            ),
        ]
    )

    static func apply(_ command: Command, to grant: Grant, by caller: Caller) throws -> GrantStatus {
        try table.apply(
            command,
            from: grant.status,
            by: caller,
            governorOfficeId: grant.governorOfficeId,
            recipientId: grant.recipientOrgId
        )
    }
}
