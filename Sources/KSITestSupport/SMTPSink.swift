import Foundation

/// A real SMTP server for tests (aiosmtpd from the project's venv, `scripts/setup`): it accepts every
/// message on a loopback port and stores it in a maildir (aiosmtpd's `Mailbox` handler, which adds the
/// envelope as `X-MailFrom` / `X-RcptTo`). Started with `ChildProcess` (posix_spawn).
public final class SMTPSink: Sendable {
    public let port: Int
    public let maildir: URL
    let process: ChildProcess

    init(port: Int, maildir: URL, process: ChildProcess) {
        self.port = port
        self.maildir = maildir
        self.process = process
    }

    /// Starts a server on `port` (a free one when nil) storing into `maildir` (a new folder when nil),
    /// and waits until it listens.
    public static func start(port: Int? = nil, maildir: URL? = nil) async throws -> SMTPSink {
        let port = try port ?? freeLoopbackPort()
        // aiosmtpd's Maildir makes its tmp/new/cur folders only for a folder that does not exist yet.
        let maildir = try maildir ?? RepositoryPaths.temporaryDirectory("smtp").appendingPathComponent("maildir")
        let process = try ChildProcess.spawn(
            RepositoryPaths.python.path,
            ["-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Mailbox", maildir.path, "-l", "127.0.0.1:\(port)"]
        )
        let sink = SMTPSink(port: port, maildir: maildir, process: process)
        for _ in 0..<200 {
            if !LoopbackPorts.canBind(port) {
                try await Task.sleep(for: .milliseconds(100))
                return sink
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        sink.stop()
        throw ChildProcess.SpawnFailed(
            executable: "aiosmtpd on port \(port) (is it in .venv? run scripts/setup)",
            code: -1
        )
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// Stops the server (the maildir stays).
    public func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// Every message received so far, in the order of their file names.
    public func messages() throws -> [ReceivedMail] {
        let folder = maildir.appendingPathComponent("new")
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
            try ReceivedMail(raw: String(decoding: Data(contentsOf: folder.appendingPathComponent($0)), as: UTF8.self))
        }
    }

    /// Waits until at least `count` messages arrived (or `timeout` passed) and returns them.
    public func waitForMessages(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [ReceivedMail] {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            let received = try messages()
            if received.count >= count { return received }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try messages()
    }
}

/// A received e-mail, parsed and decoded independently of the sender's code: header unfolding,
/// RFC 2047 encoded-words (B and Q) and quoted-printable bodies.
public struct ReceivedMail: Sendable {
    public var headers: [(name: String, value: String)]
    public var rawBody: String

    public init(raw: String) {
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let split = text.range(of: "\n\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        rawBody = split.map { String(text[$0.upperBound...]) } ?? ""
        var headers: [(name: String, value: String)] = []
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(
                    (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                )
            }
        }
        self.headers = headers
    }

    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    /// The envelope recipients the server saw.
    public var envelopeRecipients: [String] {
        (header("X-RcptTo") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The Subject with its encoded-words decoded.
    public var subject: String { Self.decodeWords(header("Subject") ?? "") }

    /// The body, quoted-printable decoded when the message says so, with LF line ends.
    public var body: String {
        guard header("Content-Transfer-Encoding")?.lowercased() == "quoted-printable" else { return rawBody }
        var bytes: [UInt8] = []
        let source = Array(rawBody.utf8)
        var index = 0
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "="), index + 1 < source.count, source[index + 1] == UInt8(ascii: "\n") {
                index += 2  // soft line break
            } else if byte == UInt8(ascii: "="), index + 2 < source.count,
                let value = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func decodeWords(_ value: String) -> String {
        let pattern = try! NSRegularExpression(pattern: "=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=(\\s+(?==\\?))?")
        var result = ""
        var last = value.startIndex
        for match in pattern.matches(in: value, range: NSRange(value.startIndex..., in: value)) {
            guard let whole = Range(match.range, in: value), let encoding = Range(match.range(at: 2), in: value),
                let text = Range(match.range(at: 3), in: value)
            else { continue }
            result += value[last..<whole.lowerBound]
            let payload = String(value[text])
            if value[encoding].uppercased() == "B" {
                result += String(decoding: Data(base64Encoded: payload) ?? Data(), as: UTF8.self)
            } else {
                let qp = ReceivedMail(
                    raw: "Content-Transfer-Encoding: quoted-printable\n\n"
                        + payload.replacingOccurrences(of: "_", with: " ")
                )
                result += qp.body
            }
            last = whole.upperBound
        }
        result += value[last...]
        return result
    }
}
