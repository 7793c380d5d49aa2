/// The grant state machine (DOMAIN.md §4.3): decided → committed → accepted → disbursed → reportDue →
/// reported → closed, with appealed and reclaimOpen detours that return to the remembered status, and
/// cancellation before acceptance.
enum GrantStateMachine {
    enum Command: String, CaseIterable, Hashable, Sendable {
        case issueCommitmentLetter, accept, disburse, markReportDue, applyReportSubmitted, applyReportAccepted, close
        case lodgeAppeal, appealDecided, openReclaim, settleReclaim, cancel
    }

    static let table = TransitionTable<GrantStatus, Command>(
        noun: "grant",
        entries: [
            .issueCommitmentLetter: .init(
                from: [.decided],
                to: .committed,
                roles: [(.sfCaseworker, .governorOffice)],
                verb: "committed"
            ),
            .accept: .init(
                from: [.committed],
                to: .accepted,
                roles: [(.ownerAdmin, .recipient), (.uhContact, .recipient)],
                verb: "accepted"
            ),
            .disburse: .init(
                from: [.accepted, .disbursed],
                to: .disbursed,
                roles: [(.sfCaseworker, .governorOffice)],
                verb: "disbursed"
            ),
            .markReportDue: .init(
                from: [.disbursed],
                to: .reportDue,
                roles: [(.system, .national)],
                verb: "marked as report due"
            ),
            // PD: a report that arrives before the due date is marked also moves the grant to reported.
            .applyReportSubmitted: .init(
                from: [.reportDue, .disbursed],
                to: .reported,
                roles: [(.system, .national)],
                verb: "marked as reported"
            ),
            .applyReportAccepted: .init(
                from: [.reportDue, .reported, .reclaimOpen],
                to: nil,
                roles: [(.system, .national)],
                verb: "given an accepted report"
            ),
            .close: .init(from: [.reported], to: .closed, roles: [(.sfCaseworker, .governorOffice)], verb: "closed"),
            .lodgeAppeal: .init(
                from: [.decided, .committed],
                to: .appealed,
                roles: [(.ownerAdmin, .recipient), (.uhContact, .recipient)],
                verb: "appealed"
            ),
            .appealDecided: .init(
                from: [.appealed],
                to: nil,
                roles: [(.sfDecisionMaker, .governorOffice), (.udirAdmin, .national)],
                verb: "released from appeal"
            ),
            .openReclaim: .init(
                from: [.disbursed, .reported],
                to: .reclaimOpen,
                roles: [(.sfCaseworker, .governorOffice), (.system, .national)],
                verb: "put under reclaim"
            ),
            .settleReclaim: .init(
                from: [.reclaimOpen],
                to: nil,
                roles: [(.sfCaseworker, .governorOffice)],
                verb: "released from reclaim"
            ),
            .cancel: .init(
                from: [.decided, .committed],
                to: .cancelled,
                roles: [(.sfDecisionMaker, .governorOffice)],
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
