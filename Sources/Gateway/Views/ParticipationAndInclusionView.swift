import KSICore

/// V11 Participation and inclusion (DOMAIN.md §5).
public enum ParticipationAndInclusionView {
    public static func make(_ request: GetParticipationAndInclusionRequest, inputs: ViewInputs) -> ParticipationAndInclusion {
        ParticipationAndInclusion.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.scheme = request.scheme
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.needsSection = inputs.needs.status
            $0.partnershipsSection = inputs.partnerships.status
            $0.allocationSection = inputs.allocation.status
            $0.referenceSection = availableSection
        }
    }
}
