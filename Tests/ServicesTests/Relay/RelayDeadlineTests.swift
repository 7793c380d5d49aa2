import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSITestSupport
import Logging
import Services
import Synchronization
import Testing

/// A TCP listener that accepts connections (the kernel completes the handshake from its backlog) and
/// never answers a byte: a producer that hangs.
final class SilentListener: Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    private let closed = Atomic(false)

    /// Stops listening: connections still waiting in the backlog are reset, so clients stop waiting.
    func stop() {
        if !closed.exchange(true, ordering: .relaxed) { close(fd) }
    }

    deinit { stop() }
}

@Suite("Relays have deadlines")
struct RelayDeadlineTests {
    @Test("a relay whose producer accepts and never answers fails with DEADLINE_EXCEEDED within its deadline")
    func relayAgainstSilentProducerHitsDeadline() async throws {
        let silent = try SilentListener()
        let pki = DevelopmentPKI(directory: try LoopbackTLS.directory())
        try pki.create(clients: ServiceIdentities.all)
        let reference = try ReferenceData.bundled()
        let time = FixedTimeSource(date: LocalDate(year: 2026, month: 3, day: 1))
        try await TestDatabase.with(.sqlite) { database in
            let needs = NeedsContext(database: database, reference: reference, time: time)
            let connection = try GRPCClientService(
                host: "127.0.0.1",
                port: silent.port,
                tls: pki.tls("needs-client"),
                handshakeTimeout: .seconds(1)
            )
            await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await connection.client.runConnections() }
                // No reset of the silent producer: the client's own handshake timeout ends its stuck
                // connection attempt, so shutting the client down completes (it used to wait for ever).
                defer { connection.client.beginGracefulShutdown() }
                let relay = RelayFlows.allocationToNeeds(
                    needs: needs,
                    database: database,
                    allocation: AllocationServiceClient(wrapping: connection.client),
                    logger: Logger(label: "test"),
                    timeout: .seconds(1)
                )
                let started = ContinuousClock.now
                let error = await #expect(throws: RPCError.self) { try await relay.runOnce() }
                let elapsed = started.duration(to: .now)
                #expect(error?.code == .deadlineExceeded, "\(String(describing: error))")
                #expect(elapsed < .seconds(4), "took \(elapsed)")
                #expect(elapsed >= .milliseconds(900), "took \(elapsed)")
                // A second fetch is bounded the same way (the client retried after closing the stuck attempt).
                let again = await #expect(throws: RPCError.self) { try await relay.runOnce() }
                #expect(again?.code == .deadlineExceeded)
            }
        }
    }
}
