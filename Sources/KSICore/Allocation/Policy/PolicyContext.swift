/// Policy and reference data (DOMAIN.md §4.3, issue 16): the policy configuration in force (COM-R5) and the
/// national reference data with its imports, export and change feed (issue 12). Vended by
/// `AllocationContext.policy`.
public struct PolicyContext: Sendable, AllocationContextPart {
    let environment: AllocationEnvironment
}
