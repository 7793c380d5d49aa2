/// Where the Needs context learns the goals of a forum's long-term plan (NEED-R14). The plans belong
/// to AllocationService; an embedder wires this to it. The default knows of no plans.
public protocol LongTermPlanDirectory: Sendable {
    /// The goal ids of the long-term plan in force for an embete × scheme × year, or nil when there is none.
    func goalIds(governorOfficeId: String, scheme: Scheme, year: Int32) async throws -> [String]?
}

/// A directory with no long-term plans: NEED-R14 then only checks the owner's plan reference.
public struct NoLongTermPlans: LongTermPlanDirectory {
    public init() {}
    public func goalIds(governorOfficeId: String, scheme: Scheme, year: Int32) async throws -> [String]? { nil }
}
