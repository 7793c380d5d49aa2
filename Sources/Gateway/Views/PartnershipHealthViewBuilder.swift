import KSICore

/// V7 Partnership health (DOMAIN.md §5).
public enum PartnershipHealthViewBuilder {
    public static func make(_ request: GetPartnershipHealthRequest, inputs: ViewInputs) -> PartnershipHealthView {
        PartnershipHealthView.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.scheme = request.scheme
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.partnershipsSection = inputs.partnerships.status
        }
    }
}
