import Foundation
import Testing

/// One HTTP/1.1 request over a plain TCP connection (the loopback dashboard), as a browser on this machine
/// sends it: Host 127.0.0.1:<port>, optional cookie and form body; the parsed answer.
enum PlainHTTP {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    static func get(port: Int, _ path: String, cookie: String? = nil) async throws -> Answer {
        try await send(
            port: port,
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(cookie.map { "Cookie: \($0)\r\n" } ?? "")Connection: close\r\n\r\n"
        )
    }

    static func post(port: Int, _ path: String, form: String, cookie: String? = nil) async throws -> Answer {
        try await send(
            port: port,
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: http://127.0.0.1:\(port)\r\n"
                + (cookie.map { "Cookie: \($0)\r\n" } ?? "")
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\nConnection: close\r\n\r\n\(form)"
        )
    }

    private static func send(port: Int, _ request: String) async throws -> Answer {
        let connection = try await RawConnection.open(port: port)
        try await connection.send(request)
        _ = await connection.closed(within: .seconds(30))
        let parsed = try #require(RawConnection.parse(connection.text), "an answer to \(request.prefix(60))")
        await connection.close()
        return Answer(status: parsed.status, headers: parsed.headers, body: parsed.body)
    }
}
