import KSICore

/// V3 Demand vs budget (DOMAIN.md §5).
public enum DemandVsBudgetView {
    public static func make(_ request: GetDemandVsBudgetRequest, inputs: ViewInputs) -> DemandVsBudget {
        DemandVsBudget.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.scheme = request.scheme
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.allocationSection = inputs.allocation.status
            $0.needsSection = inputs.needs.status
        }
    }
}
