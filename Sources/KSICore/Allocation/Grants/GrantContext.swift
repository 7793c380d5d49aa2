/// Grants and money (DOMAIN.md §4.3, issue 16): what a signed decision books, from the commitment letter through
/// disbursement, co-financing and reports to closing, plus reclaims, multi-year commitments and the report
/// deadlines (ALLOC-R12…R16). Vended by `AllocationContext.grants`.
public struct GrantContext: Sendable, AllocationContextPart {
    let environment: AllocationEnvironment
}
