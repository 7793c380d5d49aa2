import GRPCCore
import GRPCNIOTransportHTTP2

/// A closed-loop load generator: `streams` concurrent callers, each issuing one unary call after the
/// other, spread round-robin over the given clients (one HTTP/2 connection each). Calls that start
/// during the warm-up are not counted; the run stops starting calls at the deadline.
enum LoadGenerator {
    struct Result: Sendable {
        var streams: Int
        var connections: Int
        var seconds: Double
        var requests: Int
        var errors: Int
        var firstError: String?
        /// Latencies of the counted calls, in nanoseconds, sorted.
        var latencies: [Int64]

        var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }

        /// The nearest-rank percentile `p` (0–100) in milliseconds.
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let rank = max(1, Int((p / 100 * Double(latencies.count)).rounded(.up)))
            return Double(latencies[min(rank, latencies.count) - 1]) / 1e6
        }
    }

    typealias Client = GRPCClient<HTTP2ClientTransport.Posix>

    static func run(
        streams: Int,
        clients: [Client],
        warmUp: Duration,
        duration: Duration,
        call: @escaping @Sendable (_ client: Client, _ stream: Int, _ serial: Int) async throws -> Void
    ) async -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let measureFrom = start + warmUp
        let deadline = measureFrom + duration
        struct Stream: Sendable {
            var latencies: [Int64] = []
            var errors = 0
            var firstError: String?
        }
        let perStream = await withTaskGroup(of: Stream.self) { group in
            for index in 0..<streams {
                let client = clients[index % clients.count]
                group.addTask {
                    var stream = Stream()
                    stream.latencies.reserveCapacity(50_000)
                    var serial = 0
                    while true {
                        let began = clock.now
                        if began >= deadline { break }
                        serial += 1
                        do {
                            try await call(client, index, serial)
                            if began >= measureFrom {
                                let (s, atto) = (clock.now - began).components
                                stream.latencies.append(s * 1_000_000_000 + atto / 1_000_000_000)
                            }
                        } catch {
                            if began >= measureFrom {
                                stream.errors += 1
                                if stream.firstError == nil { stream.firstError = "\(error)" }
                            }
                        }
                    }
                    return stream
                }
            }
            var all: [Stream] = []
            for await stream in group { all.append(stream) }
            return all
        }
        let elapsed = Measure.milliseconds(clock.now - measureFrom) / 1000
        var latencies = perStream.flatMap(\.latencies)
        latencies.sort()
        return Result(
            streams: streams,
            connections: clients.count,
            seconds: elapsed,
            requests: latencies.count,
            errors: perStream.reduce(0) { $0 + $1.errors },
            firstError: perStream.compactMap(\.firstError).first,
            latencies: latencies
        )
    }
}
