import KSICore

/// The services the HTTP API's commands go to, acting for the calling organisation.
///
/// Production passes `Upstreams.needs(for:)` and `Upstreams.referral(for:)` (gRPC with the caller as
/// forwarded principal); tests pass in-process contexts such as `NeedsServiceActing(context, as: caller)`.
public struct GatewayCommands: Sendable {
    /// The needs service as `caller`.
    public let needs: @Sendable (Caller) -> any NeedsServiceAPI
    /// The referral service as `caller`.
    public let referral: @Sendable (Caller) -> any ReferralServiceAPI

    public init(needs: @escaping @Sendable (Caller) -> any NeedsServiceAPI,
                referral: @escaping @Sendable (Caller) -> any ReferralServiceAPI) {
        self.needs = needs
        self.referral = referral
    }
}
