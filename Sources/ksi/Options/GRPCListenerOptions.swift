import ArgumentParser
import Services

/// The bounds of a gRPC listener (services and gateway); defaults in `GRPCListenerLimits`, documented in
/// docs/services.md and docs/security.md. Each flag falls back to a `KSI_GRPC_*` variable.
struct GRPCListenerOptions: ParsableArguments {
    @Option(help: "SETTINGS_MAX_CONCURRENT_STREAMS advertised per connection (KSI_GRPC_MAX_CONCURRENT_STREAMS).")
    var grpcMaxConcurrentStreams: Int =
        Environment.int("KSI_GRPC_MAX_CONCURRENT_STREAMS") ?? GRPCListenerLimits.defaults.maxConcurrentStreams

    @Option(
        help:
            "Close a connection whose TLS handshake has not finished after this many ms (KSI_GRPC_HANDSHAKE_TIMEOUT_MS)."
    )
    var grpcHandshakeTimeoutMs: Int = Environment.int("KSI_GRPC_HANDSHAKE_TIMEOUT_MS") ?? 10_000

    @Option(help: "Close a connection without open calls after this many seconds (KSI_GRPC_MAX_IDLE_SECONDS).")
    var grpcMaxIdleSeconds: Int = Environment.int("KSI_GRPC_MAX_IDLE_SECONDS") ?? 300

    @Option(help: "Open connections at most; more are closed at once (KSI_GRPC_MAX_CONNECTIONS).")
    var grpcMaxConnections: Int =
        Environment.int("KSI_GRPC_MAX_CONNECTIONS") ?? GRPCListenerLimits.defaults.maxConnections

    var limits: GRPCListenerLimits {
        var limits = GRPCListenerLimits.defaults
        limits.maxConcurrentStreams = max(1, grpcMaxConcurrentStreams)
        limits.handshakeTimeout = .milliseconds(max(1, grpcHandshakeTimeoutMs))
        limits.maxIdleTime = .seconds(max(1, grpcMaxIdleSeconds))
        limits.maxConnections = max(1, grpcMaxConnections)
        return limits
    }
}
