/// The states of an embete's annual report to Udir (PD): `draft` → `submitted`; the figures freeze on submission.
public struct GovernorAnnualReportStateMachine: Sendable {
    /// What can be done to an existing report.
    public enum Command: String, CaseIterable, Sendable {
        /// Changes the text of a draft report.
        case update = "changed"
        /// draft → submitted to Udir; the figures freeze.
        case submit = "submitted"
    }

    /// The transitions and the roles (scoped to the report's embete) of each command. The roles are checked by
    /// `role(for:caller:governorOfficeId:)`, the state by `next`.
    static let table = TransitionTable<GovernorAnnualReportStatus, Command, Role>(
        noun: "annual report",
        order: .stateFirst,
        refusals: .init(
            illegal: { refusal in
                DomainError.illegalTransition(
                    "only a draft annual report can be \(refusal.command.rawValue); this report is \(refusal.state == .submitted ? "submitted" : "not a draft")"
                )
            },
            notPermitted: { refusal in
                DomainError.notPermitted("only \(refusal.who.map(\.name).joined(separator: " or ")) may do this")
            }
        ),
        entries: [
            .init(.update, from: [.draft], to: .unchanged, who: [.sfCaseworker]),
            .init(.submit, from: [.draft], to: .state(.submitted), who: [.sfCaseworker, .sfDecisionMaker]),
        ]
    )

    /// The roles that may run each command (scoped to the report's embete).
    public static func roles(for command: Command) -> [Role] { table.who(command) }

    /// The report's current status.
    public let status: GovernorAnnualReportStatus

    /// The machine for a report in `status`.
    public init(_ status: GovernorAnnualReportStatus) { self.status = status }

    /// The state after `command`, or `illegalTransition`.
    public func next(_ command: Command) throws -> GovernorAnnualReportStatus {
        try Self.table.decide(command, from: status, by: { _ in true }).to ?? status
    }

    /// The role the caller acts in for `command` on a report of `governorOfficeId`; throws `notPermitted` otherwise.
    public static func role(for command: Command, caller: Caller, governorOfficeId: String) throws -> Role {
        try GovernanceAccess.role(
            caller,
            roles(for: command),
            scope: governorOfficeId,
            toDo: command == .submit ? "submit the annual report" : "change the annual report"
        )
    }
}
