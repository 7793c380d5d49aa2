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
    public static let table: [PartnershipTransition<PartnershipReportStatus, Command>] = [
        .init(.createPartnershipReport, from: [.unspecified], to: .draft, who: [.ownerAdmin, .uhContact]),
        .init(.updatePartnershipReport, from: [.draft], to: .draft, who: [.ownerAdmin, .uhContact]),
        .init(.updatePartnershipReport, from: [.returned], to: .returned, who: [.ownerAdmin, .uhContact]),
        .init(.submitPartnershipReport, from: [.draft, .returned], to: .submitted, who: [.ownerAdmin, .uhContact]),
        .init(.returnPartnershipReport, from: [.submitted], to: .returned, who: [.sfCaseworker]),
        .init(.acceptPartnershipReport, from: [.submitted], to: .accepted, who: [.sfCaseworker]),
    ]

    public static func transition(
        _ command: Command,
        from status: PartnershipReportStatus,
        by actors: Set<PartnershipActor>
    ) throws -> (to: PartnershipReportStatus, actor: PartnershipActor) {
        try PartnershipTransitionTable.decide(
            table,
            command: command,
            from: status,
            actors: actors,
            noun: "an annual report",
            doing: command.phrase
        )
    }
}
