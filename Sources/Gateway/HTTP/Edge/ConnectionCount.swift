import Metrics
import Synchronization

/// The open connections of one listener, bounded by `HTTPListenerLimits.maxConnections`.
final class ConnectionCount: Sendable {
    let listener: String
    let limit: Int
    private let open = Mutex(0)
    private let refusedCount = Mutex(0)

    init(listener: String, limit: Int) {
        self.listener = listener
        self.limit = limit
    }

    /// Takes a place for a new connection; false (and the refusal counted) when the listener is full.
    func admit() -> Bool {
        let admitted = open.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        if admitted {
            Gauge(label: "ksi_http_connections_open", dimensions: [("listener", listener)]).record(current)
        } else {
            refusedCount.withLock { $0 += 1 }
            Counter(label: "ksi_http_connections_refused_total", dimensions: [("listener", listener)]).increment()
        }
        return admitted
    }

    /// Gives the place back when the connection closes.
    func release() {
        open.withLock { $0 -= 1 }
        Gauge(label: "ksi_http_connections_open", dimensions: [("listener", listener)]).record(current)
    }

    var current: Int { open.withLock { $0 } }
    /// Connections closed at once because the listener was full (also `ksi_http_connections_refused_total`).
    var refused: Int { refusedCount.withLock { $0 } }
}
