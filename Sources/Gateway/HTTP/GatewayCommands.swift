import KSICore

/// The services the HTTP API's commands and event feeds go to, acting for the calling organisation.
///
/// Production passes `Upstreams.needs(for:)` and `Upstreams.referral(for:)` (gRPC with the caller as
/// forwarded principal); tests pass in-process contexts such as `NeedsServiceActing(context, as: caller)`.
public struct GatewayCommands: Sendable {
    /// The needs service as `caller`.
    public let needs: @Sendable (Caller) -> any NeedsServiceAPI
    /// The referral service as `caller`.
    public let referral: @Sendable (Caller) -> any ReferralServiceAPI
    /// The partnership service as `caller` (its event feed).
    public let partnerships: @Sendable (Caller) -> any PartnershipServiceAPI
    /// The allocation service as `caller` (its event feed).
    public let allocation: @Sendable (Caller) -> any AllocationServiceAPI

    public init(
        needs: @escaping @Sendable (Caller) -> any NeedsServiceAPI,
        referral: @escaping @Sendable (Caller) -> any ReferralServiceAPI,
        partnerships: @escaping @Sendable (Caller) -> any PartnershipServiceAPI,
        allocation: @escaping @Sendable (Caller) -> any AllocationServiceAPI
    ) {
        self.needs = needs
        self.referral = referral
        self.partnerships = partnerships
        self.allocation = allocation
    }
}
