/// The annual report state machine (DOMAIN.md §4.2: draft → submitted → returned | accepted).
public struct PartnershipReportStateMachine: Sendable {
    /// A command that moves an annual partnership report (the RPC of the same name).
    public enum Command: String, Sendable, Hashable, CaseIterable {
        /// — → draft; ownerAdmin or uhContact.
        case createPartnershipReport
        /// Edits a draft or returned report, which keeps its status; ownerAdmin or uhContact.
        case updatePartnershipReport
        /// draft or returned → submitted; ownerAdmin or uhContact.
        case submitPartnershipReport
        /// submitted → returned for completion; sfCaseworker.
        case returnPartnershipReport
        /// submitted → accepted; sfCaseworker.
        case acceptPartnershipReport

        var phrase: String {
            switch self {
            case .createPartnershipReport: "creating an annual report"
            case .updatePartnershipReport: "editing an annual report"
            case .submitPartnershipReport: "submitting an annual report"
            case .returnPartnershipReport: "returning an annual report"
            case .acceptPartnershipReport: "accepting an annual report"
            }
        }
    }

    /// The allowed transitions. Editing keeps the state; a returned report is edited and submitted again.
    public static let table = TransitionTable<PartnershipReportStatus, Command, PartnershipActor>(
        partnership: "an annual report",
        phrase: { $0.phrase },
        entries: [
            .init(.createPartnershipReport, from: [.unspecified], to: .state(.draft), who: [.ownerAdmin, .uhContact]),
            .init(.updatePartnershipReport, from: [.draft], to: .state(.draft), who: [.ownerAdmin, .uhContact]),
            .init(.updatePartnershipReport, from: [.returned], to: .state(.returned), who: [.ownerAdmin, .uhContact]),
            .init(
                .submitPartnershipReport,
                from: [.draft, .returned],
                to: .state(.submitted),
                who: [.ownerAdmin, .uhContact]
            ),
            .init(.returnPartnershipReport, from: [.submitted], to: .state(.returned), who: [.sfCaseworker]),
            .init(.acceptPartnershipReport, from: [.submitted], to: .state(.accepted), who: [.sfCaseworker]),
        ]
    )

    /// Where `command` takes a report in `status` when done by one of `actors`; throws when the table does not allow it.
    public static func transition(
        _ command: Command,
        from status: PartnershipReportStatus,
        by actors: Set<PartnershipActor>
    ) throws -> (to: PartnershipReportStatus, actor: PartnershipActor) {
        try table.transition(command, from: status, by: actors)
    }
}
