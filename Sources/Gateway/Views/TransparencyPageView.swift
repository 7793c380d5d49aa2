import KSICore

/// V10 Public transparency page (DOMAIN.md §5; ALLOC-R23).
public enum TransparencyPageView {
    public static func make(_ request: GetTransparencyPageRequest, inputs: ViewInputs) -> TransparencyPage {
        TransparencyPage.with {
            $0.scheme = request.scheme
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.allocationSection = inputs.allocation.status
            $0.needsSection = inputs.needs.status
            $0.partnershipsSection = inputs.partnerships.status
        }
    }
}
