import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// The connection bounds of both gateway HTTP listeners, on real sockets (docs/security.md, "HTTP
/// listeners"): idle and slowloris connections are closed after the idle timeout, a TCP connection that
/// never starts TLS after the handshake timeout, connections beyond the limit at once, and a body over
/// 4 MiB answers 413 (LIM-R8). Timeouts are shortened for the test.
@Suite("Gateway HTTP listener bounds")
struct HTTPListenerBoundsTests {
    /// Idle timeout 1 s; the handshake timeout long, so only the idle timeout can close a connection.
    static let short = HTTPListenerLimits(
        idleTimeout: .seconds(1),
        tlsHandshakeTimeout: .seconds(30),
        maxConnections: 64
    )

    @Test("an idle connection is closed after the idle timeout, a normal request on another one still succeeds")
    func idleConnectionClosed() async throws {
        try await ListeningServer.with(limits: Self.short) { server in
            // The server's idle timer starts when it accepts, which may be before `open` returns on a
            // loaded machine: measure from before the connect so "not before the timeout" holds.
            let start = ContinuousClock.now
            let idle = try await RawConnection.open(port: server.loopbackPort)
            #expect(await idle.closed(within: .seconds(5)), "an idle connection is closed")
            #expect(ContinuousClock.now - start >= .milliseconds(800), "not before the idle timeout")
            let page = try await server.loopbackGet("/", host: "127.0.0.1")
            #expect(page.status == 200)
        }
    }

    @Test("slowloris: request headers dribbled a byte at a time are cut off at the idle timeout without an answer")
    func slowlorisClosed() async throws {
        try await ListeningServer.with(limits: Self.short) { server in
            let slow = try await RawConnection.open(port: server.loopbackPort)
            let start = ContinuousClock.now
            let request = Array(
                "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + String(repeating: "a", count: 200) + "\r\n\r\n"
            )
            var sent = 0
            for character in request {
                guard slow.channel.isActive else { break }
                try? await slow.send(String(character))
                sent += 1
                try await Task.sleep(for: .milliseconds(50))
            }
            let elapsed = ContinuousClock.now - start
            let closed = await slow.closed(within: .seconds(3))
            #expect(closed, "the dribbling connection is closed")
            #expect(
                sent < request.count,
                "closed before the headers were complete (\(sent) of \(request.count) bytes, \(elapsed))"
            )
            #expect(elapsed < .seconds(4))
            #expect(!slow.text.contains("200 OK"))
        }
    }

    @Test("a keep-alive connection is closed once it has been idle for the idle timeout after its response")
    func keepAliveIdleClosed() async throws {
        try await ListeningServer.with(limits: Self.short) { server in
            let connection = try await RawConnection.open(port: server.loopbackPort)
            try await connection.send("GET /stil.css HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let text = await connection.waitFor("\r\n\r\n")
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(connection.channel.isActive, "keep-alive: still open right after the response")
            #expect(await connection.closed(within: .seconds(5)))
        }
    }

    @Test("a TCP connection to the HTTPS listener that never starts TLS is closed after the handshake timeout")
    func tlsHandshakeTimeout() async throws {
        // Idle timeout 30 s: only the handshake deadline (1 s) can close it within the test's 5 s.
        let limits = HTTPListenerLimits(idleTimeout: .seconds(30), tlsHandshakeTimeout: .seconds(1), maxConnections: 64)
        try await ListeningServer.with(limits: limits) { server in
            let silent = try await RawConnection.open(port: server.tlsPort)
            let start = ContinuousClock.now
            #expect(await silent.closed(within: .seconds(5)))
            #expect(ContinuousClock.now - start >= .milliseconds(800))
            // A real client completes its handshake and is served.
            let client = try server.httpsClient()
            let response = try await client.get(
                "/api/v1/regions/agder/overview?year=2025",
                headers: server.authorization
            )
            #expect(response.status == .ok)
            try await client.shutdown()
        }
    }

    @Test("connections beyond the limit are closed at once and counted; a place freed is usable again")
    func connectionLimit() async throws {
        let limits = HTTPListenerLimits(idleTimeout: .seconds(30), tlsHandshakeTimeout: .seconds(30), maxConnections: 2)
        try await ListeningServer.with(limits: limits) { server in
            let first = try await RawConnection.open(port: server.loopbackPort)
            let second = try await RawConnection.open(port: server.loopbackPort)
            // The server counts a connection when it accepts it, which may lag the client's connect.
            var accepted = 0
            for _ in 0..<100 {
                accepted = server.server.loopbackConnections.current
                if accepted == 2 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(accepted == 2)
            let third = try await RawConnection.open(port: server.loopbackPort)
            #expect(await third.closed(within: .seconds(1)), "the third connection is closed at once")
            #expect(server.server.loopbackConnections.refused == 1)
            #expect(first.channel.isActive && second.channel.isActive)
            await first.close()
            try await Task.sleep(for: .milliseconds(300))
            let page = try await server.loopbackGet("/", host: "127.0.0.1")
            #expect(page.status == 200, "with a place free again a request succeeds")
            await second.close()
        }
    }

    @Test("a JSON body of 4 MiB + 1 byte answers 413 in the API's error shape (LIM-R8) on the HTTPS listener")
    func oversizedBodyOverTLS() async throws {
        try await ListeningServer.with { server in
            let client = try server.httpsClient()
            let body = ByteBuffer(repeating: UInt8(ascii: " "), count: (4 << 20) + 1)
            let response = try await client.post(
                "/api/v1/simulations",
                headers: [.contentType: "application/json"],
                body: body
            )
            #expect(response.status == .contentTooLarge)
            let responseBody = try #require(response.body)
            let error = try #require(try HTTPFixture.json(responseBody)["error"] as? [String: Any])
            #expect(error["code"] as? Int == 413 && error["status"] as? String == "RESOURCE_EXHAUSTED")
            #expect(HTTPFixture.reason(error) == "LIM-R8")
            #expect(HTTPFixture.violations(error).map(\.rule) == ["LIM-R8"])
            #expect(
                HTTPFixture.detail(error, "RequestInfo")?["requestId"] as? String == response.headers[RequestID.header]
            )
            try? await client.shutdown()
        }
    }
}

/// LIM-R8 in memory: a body without Content-Length (streamed) is cut at the limit too; exactly 4 MiB is read.
@Suite("Gateway HTTP body limit")
struct RequestBodyLimitTests {
    func app() throws -> some ApplicationProtocol {
        Application(
            router: try GatewayRouter.router(
                views: try HTTPFixture.views(),
                commands: nil,
                authentication: .fixed(orgNumber: HTTPFixture.org(.sfCaseworker))
            )
        )
    }

    @Test("4 MiB + 1 byte is 413 with LIM-R8; a body of exactly 4 MiB is read, not refused")
    func limit() async throws {
        try await app().test(.router) { client in
            let over = ByteBuffer(repeating: UInt8(ascii: " "), count: (4 << 20) + 1)
            try await client.execute(
                uri: "/api/v1/simulations",
                method: .post,
                headers: [.contentType: "application/json"],
                body: over
            ) { response in
                #expect(response.status == .contentTooLarge)
                let status = try HTTPFixture.errorCode(response.body)
                #expect(status == "RESOURCE_EXHAUSTED")
                #expect(String(buffer: response.body).contains("LIM-R8"))
            }
            var exact = ByteBuffer(string: "{}")
            exact.writeRepeatingByte(UInt8(ascii: " "), count: (4 << 20) - 2)
            try await client.execute(
                uri: "/api/v1/simulations",
                method: .post,
                headers: [.contentType: "application/json"],
                body: exact
            ) { response in
                #expect(response.status != .contentTooLarge)
            }
        }
    }

    @Test("a dashboard form body over 64 KiB is 413 (LIM-R8), shown as a Norwegian page")
    func formLimit() async throws {
        try await app().test(.router) { client in
            let body = ByteBuffer(string: "frameKroner=" + String(repeating: "9", count: 64 << 10))
            try await client.execute(
                uri: "/simulator",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: body
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("For stor forespørsel"))
            }
        }
    }
}
