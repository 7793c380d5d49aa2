import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Plain TCP connections to a loopback port, opened in a burst and held without sending a byte: for tests of
/// what a listener does with connections it has accepted but not yet served (a shutdown right after a burst).
public final class HeldConnections: Sendable {
    public let descriptors: [Int32]

    private init(descriptors: [Int32]) {
        self.descriptors = descriptors
    }

    /// Opens `count` connections to `127.0.0.1:port`, one after the other, as fast as the kernel completes them.
    public static func open(port: Int, count: Int) throws -> HeldConnections {
        var descriptors: [Int32] = []
        do {
            for _ in 0..<count { descriptors.append(try connect(port: port)) }
        } catch {
            for descriptor in descriptors { Glibc.close(descriptor) }
            throw error
        }
        return HeldConnections(descriptors: descriptors)
    }

    /// How many of the connections the server has closed (end of stream or reset), waiting up to `timeout` for all.
    public func closedByPeer(within timeout: Duration) async -> Int {
        var open = Set(descriptors)
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !open.isEmpty {
            for descriptor in open {
                let received = buffer.withUnsafeMutableBytes {
                    recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
                }
                // 0: the peer's FIN; -1 with anything but "nothing yet": a reset. Bytes (an alert) are read past.
                if received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                    open.remove(descriptor)
                }
            }
            if open.isEmpty || ContinuousClock.now >= deadline { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return descriptors.count - open.count
    }

    deinit {
        for descriptor in descriptors { Glibc.close(descriptor) }
    }

    private static func connect(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .ECONNREFUSED)
        }
        return descriptor
    }
}
