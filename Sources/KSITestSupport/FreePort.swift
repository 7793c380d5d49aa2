import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP port that is free now and was never handed out before in this process. Used where
/// services must know each other's ports before they start.
///
/// The port comes from below Linux's ephemeral range (32768–60999 by default): a port the kernel
/// picked for `bind(0)` is also one it may pick for any outgoing connection in the meantime, and
/// with many stacks starting in parallel that collision happened ("Address already in use").
public func freeLoopbackPort() throws -> Int {
    struct NoPort: Error, CustomStringConvertible {
        var description: String { "no free loopback port in \(LoopbackPorts.range)" }
    }
    for _ in 0..<200 {
        guard let port = LoopbackPorts.claimCandidate() else { break }
        if LoopbackPorts.canBind(port) { return port }
    }
    throw NoPort()
}

enum LoopbackPorts {
    static let range = 20_000..<32_000
    private static let handedOut = Mutex<Set<Int>>([])

    /// A random port of `range` not handed out before, now marked as handed out.
    static func claimCandidate() -> Int? {
        handedOut.withLock { used in
            guard used.count < range.count else { return nil }
            while true {
                let port = Int.random(in: range)
                if used.insert(port).inserted { return port }
            }
        }
    }

    /// Whether a listening socket could bind `port` on 127.0.0.1 right now.
    static func canBind(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }
}
