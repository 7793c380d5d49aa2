import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The CSRF pair a dashboard form page hands a browser (FormProtection): the `ksi_skjema` cookie and the
/// hidden `skjemanokkel` field, read from the page's response as a browser would.
struct FormSession {
    /// `ksi_skjema=<token>`, for a Cookie header.
    var cookie: String
    /// The hidden field's value.
    var token: String
    /// `skjemanokkel=<token>`, for a form body.
    var field: String { "skjemanokkel=\(token)" }

    init(response: TestResponse) throws {
        try self.init(setCookie: response.headers[.setCookie], html: String(buffer: response.body))
    }

    init(setCookie: String?, html: String) throws {
        let header = try #require(setCookie, "the form page sets the token cookie")
        cookie = try #require(header.split(separator: ";").first.map(String.init))
        #expect(cookie.hasPrefix("ksi_skjema="))
        #expect(header.contains("HttpOnly") && header.contains("SameSite=Strict"))
        let match = try #require(html.firstMatch(of: /name="skjemanokkel" value="([0-9a-f]{64})"/))
        token = String(match.1)
        #expect(cookie == "ksi_skjema=\(token)", "the hidden field repeats the cookie")
    }
}

/// Records every log entry, so a test can see what reached the operators' log.
final class CapturedLog: @unchecked Sendable {
    // @unchecked: `entries` is only touched under `lock`.
    private let lock = NSLock()
    private var _entries: [String] = []
    var entries: [String] { lock.withLock { _entries } }
    func append(_ entry: String) { lock.withLock { _entries.append(entry) } }

    var logger: Logger { Logger(label: "test.captured") { _ in Handler(log: self) } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            let all = self.metadata.merging(explicit ?? [:]) { $1 }
            log.append("\(level) \(message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }
}
