/// The states of an embete's annual report to Udir (PD): `draft` → `submitted`; the figures freeze on submission.
public struct GovernorAnnualReportStateMachine: Sendable {
    /// What can be done to an existing report.
    public enum Command: String, CaseIterable, Sendable {
        case update = "changed"
        case submit = "submitted"
    }

    /// The roles that may run each command (scoped to the report's embete).
    public static func roles(for command: Command) -> [Role] {
        switch command {
        case .update: [.sfCaseworker]
        case .submit: [.sfCaseworker, .sfDecisionMaker]
        }
    }

    public let status: GovernorAnnualReportStatus

    public init(_ status: GovernorAnnualReportStatus) { self.status = status }

    /// The state after `command`, or `illegalTransition`.
    public func next(_ command: Command) throws -> GovernorAnnualReportStatus {
        switch (status, command) {
        case (.draft, .update): return .draft
        case (.draft, .submit): return .submitted
        default:
            throw DomainError.illegalTransition(
                "only a draft annual report can be \(command.rawValue); this report is \(status == .submitted ? "submitted" : "not a draft")"
            )
        }
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
