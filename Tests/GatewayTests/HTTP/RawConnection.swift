import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A client connection on the socket level, for tests that must send bytes no HTTP client would
/// (a Host header of our choosing, headers a byte at a time, nothing at all) and see when the server
/// closes the connection. Optionally TLS (with the given client configuration).
final class RawConnection: Sendable {
    let channel: any Channel
    private let received: Received

    private init(channel: any Channel, received: Received) {
        self.channel = channel
        self.received = received
    }

    static func open(port: Int, tls: TLSConfiguration? = nil) async throws -> RawConnection {
        let received = Received()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        let context = try NIOSSLContext(configuration: tls)
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: context, serverHostname: nil)
                        )
                    }
                    try channel.pipeline.syncOperations.addHandler(Collector(received: received))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, received: received)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    func send(_ buffer: ByteBuffer) async throws {
        try await channel.writeAndFlush(buffer)
    }

    /// Everything received so far, as text.
    var text: String { received.text }

    /// Whether the server closed the connection within `timeout`.
    func closed(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !channel.isActive { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !channel.isActive
    }

    /// Waits until the received text contains `marker` (or `timeout` passes); returns the text.
    func waitFor(_ marker: String, timeout: Duration = .seconds(10)) async -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !received.text.contains(marker) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return received.text
    }

    func close() async {
        try? await channel.close()
    }

    /// A complete response (head and a Content-Length body) of the text received: status, headers (lower-cased names), body.
    static func parse(_ text: String) -> (status: Int, headers: [String: String], body: String)? {
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces
            )
        }
        return (status, headers, String(text[split.upperBound...]))
    }

    final class Received: @unchecked Sendable {
        // @unchecked: `bytes` is only touched under `lock`.
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        func append(_ buffer: ByteBuffer) { lock.withLock { bytes += buffer.readableBytesView } }
        var text: String { String(decoding: lock.withLock { bytes }, as: UTF8.self) }
    }

    final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let received: Received
        init(received: Received) { self.received = received }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received.append(unwrapInboundIn(data))
        }
    }
}
