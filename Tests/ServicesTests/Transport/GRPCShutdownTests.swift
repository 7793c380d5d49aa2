import KSITestSupport
import Services
import Synchronization
import Testing

/// A service stopped right after a burst of connections: its gRPC listener closes first and what it had accepted
/// is closed too, and the process lives. Stopped by cancellation instead, a connection accepted but not yet served
/// could trap the process (swift-nio#2637; `GracefulServices`). A connection that never starts its TLS handshake
/// is closed by the handshake deadline: the transport's graceful shutdown speaks HTTP/2 (GOAWAY), which such a
/// connection has not reached, so a shutdown waits at most `handshakeTimeout` for it (docs/deploy.md).
@Suite("gRPC listener shutdown with connections queued")
struct GRPCShutdownTests {
    @Test("the listener stops cleanly right after 64 connections, and closes every one by the handshake deadline")
    func shutdownRightAfterABurst() async throws {
        var limits = GRPCListenerLimits.defaults
        limits.handshakeTimeout = .seconds(2)
        let held = Mutex<HeldConnections?>(nil)
        try await HealthServer.with(limits: limits) { server in
            let connections = try HeldConnections.open(port: server.port, count: 64)
            held.withLock { $0 = connections }
        }
        let connections = try #require(held.withLock { $0 })
        #expect(await connections.closedByPeer(within: .seconds(10)) == 64)
    }
}
