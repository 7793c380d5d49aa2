import Hummingbird
import KSICore
import NIOCore

/// The request context of the gateway's HTTP servers: Hummingbird's core storage plus the connection
/// channel, from which the TLS peer certificate is read (`CallerAuthentication`).
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    public let channel: any Channel
    /// The correlation id (`RequestID`), set by `EdgeMiddleware`.
    public var requestId = ""
    /// The listener the request arrived on, set by `EdgeMiddleware`.
    public var listener = ListenerKind.mutualTLS

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
