/// The forums' long-term plans as every service holds them (NEED-R14; §4.3 LongTermPlan{forumId, period, goals[]}).
///
/// AllocationService stores the plans; the other services follow them with the policy records (`PolicyRecords`,
/// `ReferenceRegistry.applyPolicies`). A plan applies to the rounds of its forum's embete and schemes in the years
/// its period covers.
public struct LongTermPlansInForce: Sendable {
    /// Every plan, with its forum's embete and schemes.
    public private(set) var plans: [ForumLongTermPlan]

    /// The plans given (none by default).
    public init(_ plans: [ForumLongTermPlan] = []) {
        self.plans = plans
    }

    /// The goal ids of the plans in force for an embete × scheme × year, or nil when no plan covers it.
    public func goalIds(governorOfficeId: String, scheme: Scheme, year: Int32) -> [String]? {
        let covering = plans.filter { scoped in
            guard scoped.governorOfficeId == governorOfficeId, scoped.schemes.contains(scheme),
                let period = scoped.plan?.period
            else { return false }
            return period.fromYear <= year && year <= period.toYear
        }
        guard !covering.isEmpty else { return nil }
        return covering.flatMap { $0.plan?.goals.map(\.id) ?? [] }
    }
}
