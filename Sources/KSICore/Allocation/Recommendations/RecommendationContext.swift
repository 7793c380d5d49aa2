/// Recommendation and decision (DOMAIN.md §4.3, issue 16): a forum's recommendation with its lines, its way
/// through adoption, control and return, and the grant decisions prepared and signed on its lines (ALLOC-R2…R11).
/// Vended by `AllocationContext.recommendations`.
public struct RecommendationContext: Sendable, AllocationContextPart {
    let environment: AllocationEnvironment
}
