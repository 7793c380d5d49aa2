import Metrics
import Synchronization

/// The open connections of one listener, bounded by its connection limit: the gRPC listeners
/// (`GRPCConnectionGuard`) and the gateway's HTTP listeners count through this one type.
/// Metrics: `<prefix>_connections_open{listener}` and `<prefix>_connections_refused_total{listener}`.
public final class ConnectionCount: Sendable {
    public let listener: String
    public let limit: Int
    let metricPrefix: String
    private let open = Mutex(0)
    private let refusedCount = Mutex(0)

    /// `metricPrefix`: `ksi_grpc` or `ksi_http`.
    public init(listener: String, limit: Int, metricPrefix: String) {
        self.listener = listener
        self.limit = limit
        self.metricPrefix = metricPrefix
    }

    /// Takes a place for a new connection; false (and the refusal counted) when the listener is full.
    public func admit() -> Bool {
        let admitted: Int? = open.withLock { count in
            guard count < limit else { return nil }
            count += 1
            return count
        }
        if let admitted {
            Gauge(label: "\(metricPrefix)_connections_open", dimensions: [("listener", listener)]).record(admitted)
        } else {
            refusedCount.withLock { $0 += 1 }
            Counter(label: "\(metricPrefix)_connections_refused_total", dimensions: [("listener", listener)])
                .increment()
        }
        return admitted != nil
    }

    /// Gives the place back when the connection closes.
    public func release() {
        let left = open.withLock { count in
            count -= 1
            return count
        }
        Gauge(label: "\(metricPrefix)_connections_open", dimensions: [("listener", listener)]).record(left)
    }

    /// Connections open now (admitted and not yet closed).
    public var current: Int { open.withLock { $0 } }
    /// Connections closed at once because the listener was full.
    public var refused: Int { refusedCount.withLock { $0 } }
}
