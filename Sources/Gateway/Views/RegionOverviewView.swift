import KSICore

/// V1 Region overview (DOMAIN.md §5).
public enum RegionOverviewView {
    public static func make(_ request: GetRegionOverviewRequest, inputs: ViewInputs) -> RegionOverview {
        RegionOverview.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.scheme = request.scheme
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.allocationSection = inputs.allocation.status
            $0.needsSection = inputs.needs.status
            $0.partnershipsSection = inputs.partnerships.status
        }
    }
}
