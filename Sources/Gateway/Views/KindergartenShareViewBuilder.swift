import KSICore

/// V5 Kindergarten share (DOMAIN.md §5; ALLOC-R19).
public enum KindergartenShareViewBuilder {
    public static func make(_ request: GetKindergartenShareRequest, inputs: ViewInputs) -> KindergartenShareView {
        KindergartenShareView.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.scheme = request.scheme
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.allocationSection = inputs.allocation.status
            $0.partnershipsSection = inputs.partnerships.status
            $0.referenceSection = availableSection
        }
    }
}
