/// The annual report state machine (DOMAIN.md §4.2: draft → submitted → returned | accepted).
public struct PartnershipReportStateMachine: Sendable {
    public enum Command: String, Sendable, Hashable, CaseIterable {
        case createPartnershipReport, updatePartnershipReport, submitPartnershipReport, returnPartnershipReport,
            acceptPartnershipReport

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

    public static func transition(
        _ command: Command,
        from status: PartnershipReportStatus,
        by actors: Set<PartnershipActor>
    ) throws -> (to: PartnershipReportStatus, actor: PartnershipActor) {
        try table.transition(command, from: status, by: actors)
    }
}
