/// The bounds of one KSI gRPC listener (the four services and the gateway's gRPC façade). Defaults are
/// documented in docs/services.md and docs/security.md ("gRPC listeners"); `ksi` sets them from flags and
/// `KSI_GRPC_*` variables.
public struct GRPCListenerLimits: Sendable, Equatable {
    /// SETTINGS_MAX_CONCURRENT_STREAMS advertised on every connection. It must be advertised: without it,
    /// clients assume no limit while swift-nio-http2 enforces 100 and ends the whole connection on the
    /// 101st stream (docs/upstream/swift-nio-http2-max-concurrent-streams.md).
    public var maxConcurrentStreams: Int
    /// A connection that has not finished its TLS handshake after this long is closed.
    public var handshakeTimeout: Duration
    /// A connection without open streams for this long is closed (GOAWAY, then close).
    public var maxIdleTime: Duration
    /// Server keepalive: a PING after this long without frames; no answer within `keepaliveTimeout` closes.
    public var keepaliveTime: Duration
    public var keepaliveTimeout: Duration
    /// Open connections at most; a connection accepted beyond this is closed at once (and counted).
    public var maxConnections: Int

    public init(
        maxConcurrentStreams: Int = 1024,
        handshakeTimeout: Duration = .seconds(10),
        maxIdleTime: Duration = .seconds(300),
        keepaliveTime: Duration = .seconds(120),
        keepaliveTimeout: Duration = .seconds(20),
        maxConnections: Int = 2048
    ) {
        self.maxConcurrentStreams = maxConcurrentStreams
        self.handshakeTimeout = handshakeTimeout
        self.maxIdleTime = maxIdleTime
        self.keepaliveTime = keepaliveTime
        self.keepaliveTimeout = keepaliveTimeout
        self.maxConnections = maxConnections
    }

    public static let defaults = GRPCListenerLimits()

    /// A connection from which nothing was read for this long is closed (`SilentPeerHandler`).
    public var silentPeerTimeout: Duration { maxIdleTime + keepaliveTimeout }
}
