/// Appeals (DOMAIN.md §4.3, issue 16): an appeal against grant decisions from lodging through reconsideration or
/// forwarding to the decision and its revised decisions (ALLOC-R17). Vended by `AllocationContext.appeals`.
public struct AppealContext: Sendable, AllocationContextPart {
    let environment: AllocationEnvironment
}
