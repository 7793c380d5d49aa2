/// Where the Needs context learns the goals of a forum's long-term plan (NEED-R14). The plans belong
/// to AllocationService; the default reads the ones the live registry follows from it (`RegistryLongTermPlans`).
public protocol LongTermPlanDirectory: Sendable {
    /// The goal ids of the long-term plan in force for an embete × scheme × year, or nil when there is none.
    func goalIds(governorOfficeId: String, scheme: Scheme, year: Int32) async throws -> [String]?
}

/// A directory with no long-term plans: NEED-R14 then only checks the owner's plan reference.
public struct NoLongTermPlans: LongTermPlanDirectory {
    /// The empty directory.
    public init() {}
    /// Always nil: there is no plan.
    public func goalIds(governorOfficeId: String, scheme: Scheme, year: Int32) async throws -> [String]? { nil }
}

/// The plans the live registry holds (NEED-R14): AllocationService's stored plans, followed like the policy records.
public struct RegistryLongTermPlans: LongTermPlanDirectory {
    let registry: ReferenceRegistry

    /// The plans `registry` follows from AllocationService.
    public init(registry: ReferenceRegistry) {
        self.registry = registry
    }

    /// The goal ids of the plan in force for the embete × scheme × year in the registry now, or nil.
    public func goalIds(governorOfficeId: String, scheme: Scheme, year: Int32) async throws -> [String]? {
        registry.current.longTermPlans.goalIds(governorOfficeId: governorOfficeId, scheme: scheme, year: year)
    }
}
