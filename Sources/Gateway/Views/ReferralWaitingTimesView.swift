import KSICore

/// V8 Referral waiting times (DOMAIN.md §5; PRIV-R5).
public enum ReferralWaitingTimesView {
    public static func make(_ request: GetReferralWaitingTimesRequest, inputs: ViewInputs) -> ReferralWaitingTimes {
        ReferralWaitingTimes.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.referralSection = inputs.referral.status
        }
    }
}
