/// Who may read and change the governance bodies (PD, following PRIV-R12).
///
/// Governance bodies are public-sector information that owners and UH need (networks route their reports,
/// plans carry the goals reports link to), so any registered organisation may read them; only the embete's
/// secretariat (`sfCaseworker`) sets them up, with the forum chair for committees and plans and the network's
/// coordinator for its network.
enum GovernanceAccess {
    static func requireReader(_ caller: Caller) throws {
        guard caller.grants.contains(where: { $0.role != .public && $0.role != .unspecified }) else {
            throw DomainError.notPermitted("only a registered organisation may read the governance bodies")
        }
    }

    /// The first of `roles` the caller holds for `scope`, for the audit record; throws when it holds none.
    static func role(_ caller: Caller, _ roles: [Role], scope: String, toDo action: String) throws -> Role {
        guard let role = roles.first(where: { caller.has($0, scope: scope) }) else {
            let names = roles.map(\.name).joined(separator: " or ")
            throw DomainError.notPermitted("only \(names) of the embete concerned may \(action)")
        }
        return role
    }

    /// A malformed-content error listing every problem.
    static func invalid(_ violations: [RuleViolation]) -> DomainError {
        DomainError(.invalidArgument, "the content is incomplete or malformed", violations: violations)
    }
}
