import KSICore

/// V9 Referral equity (DOMAIN.md §5; PRIV-R5).
public enum ReferralEquityView {
    public static func make(_ request: GetReferralEquityRequest, inputs: ViewInputs) -> ReferralEquity {
        ReferralEquity.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.referralSection = inputs.referral.status
            $0.referenceSection = availableSection
        }
    }
}
