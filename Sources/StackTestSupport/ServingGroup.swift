import KSICore
import ServiceLifecycle

/// Runs a service group for a test: waits (bounded) until its servers report SERVING, runs `body`, then shuts
/// the group down gracefully — also when `body` throws. One mechanism for the whole stack and for one
/// restarted service.
enum ServingGroup {
    static func run<R: Sendable>(
        _ group: ServiceGroup,
        isServing: @escaping @Sendable () -> Bool,
        within seconds: Int,
        what: String,
        onGroupError: @escaping @Sendable (any Error) -> Void = { _ in },
        _ body: () async throws -> R
    ) async throws -> R {
        try await GracefulServices.run(group, onGroupError: onGroupError) {
            // Migrations run first; the hosts report SERVING once they listen.
            for _ in 0..<(seconds * 20) where !isServing() { try await Task.sleep(for: .milliseconds(50)) }
            guard isServing() else {
                throw DomainError(.unavailable, "\(what) did not report SERVING within \(seconds) seconds")
            }
            return try await body()
        }
    }
}
