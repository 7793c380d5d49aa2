/// Governance (DOMAIN.md §4.3, issue 16): the collaboration forums, committees and competence networks, the
/// long-term plans and the statsforvalter's annual reports. Vended by `AllocationContext.governance`.
public struct GovernanceContext: Sendable, AllocationContextPart {
    let environment: AllocationEnvironment

    /// Forums and long-term plans are policy inputs (COM-R5, NEED-R14): a change refreshes the policy records.
    var policy: PolicyContext { PolicyContext(environment: environment) }
}
