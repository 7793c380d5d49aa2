import KSICore

/// V4 Special-needs share (DOMAIN.md §5; ALLOC-R19).
public enum SpecialNeedsShareViewBuilder {
    public static func make(_ request: GetSpecialNeedsShareRequest, inputs: ViewInputs) -> SpecialNeedsShareView {
        SpecialNeedsShareView.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.scheme = request.scheme
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.allocationSection = inputs.allocation.status
            $0.needsSection = inputs.needs.status
        }
    }
}
