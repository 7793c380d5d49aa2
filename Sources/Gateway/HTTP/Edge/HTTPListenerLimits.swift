import NIOCore

/// The bounds every gateway HTTP listener (the mutual-TLS API and dashboard, and `ksi dev`'s loopback
/// dashboard) puts on a connection, so idle, slow or oversized clients cannot hold the process's
/// sockets or memory (docs/security.md, "HTTP listeners"). The defaults are the production values;
/// tests shorten the timeouts.
public struct HTTPListenerLimits: Sendable {
    /// A connection that reads no complete request part for this long while no response is being
    /// prepared is closed: the time allowed for request headers (slowloris), for an idle keep-alive
    /// connection between requests, and between two parts of a request body (Hummingbird's idle timeout).
    public var idleTimeout: TimeAmount
    /// A TCP connection on the HTTPS listener that has not completed the TLS handshake by then is closed.
    public var tlsHandshakeTimeout: TimeAmount
    /// Open connections per listener; a connection beyond it is closed at once and counted in
    /// `ksi_http_connections_refused_total{listener}`.
    public var maxConnections: Int

    public init(
        idleTimeout: TimeAmount = .seconds(30),
        tlsHandshakeTimeout: TimeAmount = .seconds(10),
        maxConnections: Int = 1024
    ) {
        self.idleTimeout = idleTimeout
        self.tlsHandshakeTimeout = tlsHandshakeTimeout
        self.maxConnections = maxConnections
    }
}
