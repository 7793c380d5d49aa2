import GRPCCore
import KSICore
import Synchronization

/// `grpc.health.v1.Health/Check`: SERVING once the database is open and migrated, NOT_SERVING
/// while starting or shutting down — for the server as a whole (`service` empty) and for each service
/// the port serves. A name the port does not serve answers NOT_FOUND, as the health protocol requires.
/// (`Watch` is not offered: it answers UNIMPLEMENTED.)
public final class HealthService: HealthHandler, Sendable {
    private let status = Mutex<ServingStatus>(.notServing)
    private let served = Mutex<Set<String>>([])

    public init() {}

    /// Marks the server as serving or not.
    public func setServing(_ serving: Bool) {
        status.withLock { $0 = serving ? .serving : .notServing }
    }

    /// The fully qualified service names this port serves (`GRPCServerService` sets them from its router).
    public func serve(_ names: Set<String>) {
        served.withLock { $0 = names }
    }

    /// Whether the server reports SERVING.
    public var isServing: Bool { status.withLock { $0 == .serving } }

    public func check(_ request: HealthCheckRequest, context: RPCRequestContext) async throws -> HealthCheckResponse {
        guard request.service.isEmpty || served.withLock({ $0.contains(request.service) }) else {
            throw RPCError(code: .notFound, message: "this port does not serve \(request.service.prefix(200))")
        }
        return HealthCheckResponse.with { $0.status = status.withLock { $0 } }
    }
}
