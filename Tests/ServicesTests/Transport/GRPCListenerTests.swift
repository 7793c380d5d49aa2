import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSITestSupport
import Logging
import Services
import Testing

/// Every KSI gRPC listener's bounds with real sockets and real TLS (docs/security.md, "gRPC listeners",
/// "TLS"; issue 11 items 4 and 5). Timeouts are shortened in each test's `GRPCListenerLimits`.
@Suite("gRPC listener: concurrency, timeouts, connection limit, TLS policy, health")
struct GRPCListenerTests {
    @Test("256 concurrent unary calls on ONE grpcio channel all succeed (the 101st no longer ends the connection)")
    func grpcioChannelCarries256ConcurrentCalls() async throws {
        try await HealthServer.with { server in
            let result = try await TransportCheck.run(
                ["concurrent", server.pki.directory.path, "kommune", "\(server.port)", "256"])
            #expect(result["codes"] as? [String: Int] == ["OK": 256], "\(result)")
        }
    }

    @Test("a client that closes its channel with 256 calls in flight, 20 times over, leaves the server serving")
    func abortedBurstsLeaveTheServerServing() async throws {
        try await HealthServer.with { server in
            let result = try await TransportCheck.run([
                "abort", server.pki.directory.path, "kommune", "\(server.port)", "256", "20",
            ])
            #expect(result["rounds"] as? Int == 20)
            let status = try await server.check().status
            #expect(status == .serving)
        }
    }

    @Test("256 concurrent unary calls on ONE grpc-swift client all succeed")
    func grpcSwiftClientCarries256ConcurrentCalls() async throws {
        try await HealthServer.with { server in
            let statuses = try await server.withClient { health in
                try await withThrowingTaskGroup(of: ServingStatus.self) { group in
                    for _ in 0..<256 {
                        group.addTask {
                            try await health.check(HealthCheckRequest(), options: .timeout(.seconds(60))).status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            #expect(statuses.count == 256)
            #expect(statuses.allSatisfy { $0 == .serving })
        }
    }

    @Test(
        "200 idle TCP connections and slowloris partial ClientHellos are closed within the handshake timeout; a call still works"
    )
    func stalledHandshakesAreClosed() async throws {
        var limits = GRPCListenerLimits.defaults
        limits.handshakeTimeout = .seconds(2)
        try await HealthServer.with(limits: limits) { server in
            let result = try await TransportCheck.run(["stall", "\(server.port)", "150", "50", "10"])
            #expect(result["opened"] as? Int == 200)
            #expect(result["closed"] as? Int == 200, "\(result)")
            // 2 s timeout; the client polls 200 sockets every 50 ms and the suite shares 2 cores with the
            // others, so allow for lag (without the timeout none would close at all).
            #expect((result["last_closed_after"] as? Double ?? 99) < 10, "\(result)")
            #expect(try await server.check().status == .serving)
        }
    }

    @Test("a TLS + HTTP/2 connection that opens no stream is closed after maxIdleTime, with a GOAWAY")
    func idleConnectionIsClosed() async throws {
        var limits = GRPCListenerLimits.defaults
        limits.maxIdleTime = .seconds(2)
        try await HealthServer.with(limits: limits) { server in
            let result = try await TransportCheck.run([
                "idle-h2", server.pki.directory.path, "kommune", "\(server.port)", "12", "acks",
            ])
            #expect(result["closed"] as? Bool == true, "\(result)")
            #expect((result["after"] as? Double ?? 99) < 5, "\(result)")
            #expect(result["goaway"] as? Bool == true, "\(result)")
        }
    }

    @Test(
        "a peer that completes TLS and then answers nothing (not even the GOAWAY's PING) is closed after maxIdleTime + keepalive timeout"
    )
    func silentPeerIsClosed() async throws {
        var limits = GRPCListenerLimits.defaults
        limits.maxIdleTime = .seconds(2)
        limits.keepaliveTimeout = .seconds(1)
        try await HealthServer.with(limits: limits) { server in
            let result = try await TransportCheck.run([
                "idle-h2", server.pki.directory.path, "kommune", "\(server.port)", "12", "silent",
            ])
            #expect(result["closed"] as? Bool == true, "\(result)")
            #expect((result["after"] as? Double ?? 99) < 6, "\(result)")
            #expect((result["after"] as? Double ?? 0) >= 2.5, "not before maxIdleTime + keepalive timeout: \(result)")
        }
    }

    @Test("connections beyond maxConnections are closed at once; those within stay; a call works afterwards")
    func connectionLimitIsEnforced() async throws {
        var limits = GRPCListenerLimits.defaults
        limits.maxConnections = 20
        limits.handshakeTimeout = .seconds(30)  // the 20 within the limit must stay open for the whole check
        try await HealthServer.with(limits: limits) { server in
            let result = try await TransportCheck.run(["connections", "\(server.port)", "60", "3"])
            #expect(result["opened"] as? Int == 60)
            #expect(result["closed"] as? Int == 40, "\(result)")
            // The python client closed its sockets on exit; the count falls back and a call is served.
            for _ in 0..<50 where server.server.openConnections > 0 { try await Task.sleep(for: .milliseconds(100)) }
            #expect(try await server.check().status == .serving)
        }
    }

    @Test("TLS policy: TLS 1.2 AEAD and TLS 1.3 accepted; TLS 1.2 CBC suites and TLS 1.1 refused")
    func tlsPolicyOnGRPCListener() async throws {
        try await HealthServer.with { server in
            let result = try await TransportCheck.run(["tls", server.pki.directory.path, "kommune", "\(server.port)"])
            Self.expectPolicy(result)
            #expect(try await server.check().status == .serving)
        }
    }

    static func expectPolicy(_ result: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) {
        let aead = result["tls12_aead"] as? [String: Any]
        let cbc = result["tls12_cbc"] as? [String: Any]
        let tls11 = result["tls11"] as? [String: Any]
        let tls13 = result["tls13"] as? [String: Any]
        #expect(aead?["ok"] as? Bool == true, "\(result)", sourceLocation: sourceLocation)
        #expect(aead?["version"] as? String == "TLSv1.2", "\(result)", sourceLocation: sourceLocation)
        #expect(
            (aead?["cipher"] as? String)?.contains("GCM") == true
                || (aead?["cipher"] as? String)?.contains("CHACHA20") == true,
            sourceLocation: sourceLocation
        )
        #expect(cbc?["ok"] as? Bool == false, "\(result)", sourceLocation: sourceLocation)
        #expect(
            cbc?["client_refused"] == nil,
            "the client must have offered the CBC suites: \(result)",
            sourceLocation: sourceLocation
        )
        #expect(tls11?["ok"] as? Bool == false, "\(result)", sourceLocation: sourceLocation)
        #expect(tls13?["ok"] as? Bool == true, "\(result)", sourceLocation: sourceLocation)
    }

    @Test("health: '' and served names answer the status; a name the port does not serve answers NOT_FOUND")
    func healthNotFoundForUnservedName() async throws {
        try await HealthServer.with { server in
            let whole = try await server.check("")
            let named = try await server.check("grpc.health.v1.Health")
            #expect(whole.status == .serving)
            #expect(named.status == .serving)
            let error = await #expect(throws: RPCError.self) { try await server.check("ksi.v1.NoSuchService") }
            #expect(error?.code == .notFound)
        }
    }
}
