import GRPCCore
import KSICore
import Synchronization

/// `grpc.health.v1.Health/Check`: SERVING once the database is open and migrated, NOT_SERVING
/// while starting or shutting down. (`Watch` is not offered: it answers UNIMPLEMENTED.)
public final class HealthService: HealthHandler, Sendable {
    private let status = Mutex<ServingStatus>(.notServing)

    public init() {}

    /// Marks the server as serving or not.
    public func setServing(_ serving: Bool) {
        status.withLock { $0 = serving ? .serving : .notServing }
    }

    /// Whether the server reports SERVING.
    public var isServing: Bool { status.withLock { $0 == .serving } }

    public func check(_ request: HealthCheckRequest, context: RPCRequestContext) async throws -> HealthCheckResponse {
        HealthCheckResponse.with { $0.status = status.withLock { $0 } }
    }
}
