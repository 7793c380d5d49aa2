/// Frames and budgets (DOMAIN.md §4.3, issue 16): national budgets, regional frames and the sub-frames computed
/// from them (ALLOC-R1, V10). Vended by `AllocationContext.budgets`; the frame totals the other contexts check
/// against are shared helpers (`AllocationContextPart`).
public struct BudgetContext: Sendable, AllocationContextPart {
    let environment: AllocationEnvironment
}
