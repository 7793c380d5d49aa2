import ArgumentParser
import Gateway
import NIOCore

/// The bounds of the gateway's HTTP listeners (the mutual-TLS API and dashboard, and `ksi dev`'s
/// loopback dashboard); defaults in `HTTPListenerLimits`, documented in docs/security.md ("HTTP
/// listeners"). Each flag falls back to a `KSI_HTTP_*` variable.
struct HTTPListenerOptions: ParsableArguments {
    @Option(
        help:
            "Close a connection that sends no complete request part for this many seconds: idle keep-alive, slow headers, slow body (KSI_HTTP_IDLE_TIMEOUT_SECONDS)."
    )
    var httpIdleTimeoutSeconds: Int =
        Environment.int("KSI_HTTP_IDLE_TIMEOUT_SECONDS")
        ?? Int(HTTPListenerLimits().idleTimeout.nanoseconds / 1_000_000_000)

    @Option(
        help:
            "Close an HTTPS connection whose TLS handshake has not finished after this many ms (KSI_HTTP_HANDSHAKE_TIMEOUT_MS)."
    )
    var httpHandshakeTimeoutMs: Int =
        Environment.int("KSI_HTTP_HANDSHAKE_TIMEOUT_MS")
        ?? Int(HTTPListenerLimits().tlsHandshakeTimeout.nanoseconds / 1_000_000)

    @Option(help: "Open connections per HTTP listener at most; more are closed at once (KSI_HTTP_MAX_CONNECTIONS).")
    var httpMaxConnections: Int = Environment.int("KSI_HTTP_MAX_CONNECTIONS") ?? HTTPListenerLimits().maxConnections

    var limits: HTTPListenerLimits {
        HTTPListenerLimits(
            idleTimeout: .seconds(Int64(max(1, httpIdleTimeoutSeconds))),
            tlsHandshakeTimeout: .milliseconds(Int64(max(1, httpHandshakeTimeoutMs))),
            maxConnections: max(1, httpMaxConnections)
        )
    }
}
