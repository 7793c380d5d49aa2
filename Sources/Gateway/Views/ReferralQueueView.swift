import KSICore

/// V13 Referral queue aggregate (DOMAIN.md §5; PRIV-R4, PRIV-R5).
public enum ReferralQueueView {
    public static func make(_ request: GetReferralQueueRequest, inputs: ViewInputs) -> ReferralQueueAggregate {
        ReferralQueueAggregate.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.generatedAt = inputs.nowMillis
            $0.referralSection = inputs.referral.status
        }
    }
}
