import KSICore

/// V2 Municipality profile (DOMAIN.md §5).
public enum MunicipalityProfileView {
    public static func make(_ request: GetMunicipalityProfileRequest, inputs: ViewInputs) -> MunicipalityProfile {
        MunicipalityProfile.with {
            $0.municipalityId = request.municipalityId
            $0.scheme = request.scheme
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.referenceSection = availableSection
            $0.needsSection = inputs.needs.status
            $0.partnershipsSection = inputs.partnerships.status
            $0.allocationSection = inputs.allocation.status
            $0.referralSection = inputs.referral.status
        }
    }
}
