import KSITestSupport
import Synchronization
import Testing

/// The gateway stopped right after a burst of connections (a rolling deploy under traffic): its listeners close
/// first and what they had accepted is closed too, and the process lives. Stopped by cancellation instead, a
/// connection accepted but not yet served trapped the process (swift-nio#2637; `GracefulServices`).
@Suite("Gateway shutdown with connections queued")
struct GatewayShutdownTests {
    @Test("both listeners stop cleanly right after 64 connections each, and close every one of them")
    func shutdownRightAfterABurst() async throws {
        let held = Mutex<[HeldConnections]>([])
        try await ListeningServer.with { server in
            let https = try HeldConnections.open(port: server.tlsPort, count: 64)
            let loopback = try HeldConnections.open(port: server.loopbackPort, count: 64)
            held.withLock { $0 = [https, loopback] }
        }
        for connections in held.withLock({ $0 }) {
            #expect(await connections.closedByPeer(within: .seconds(10)) == 64)
        }
    }
}
