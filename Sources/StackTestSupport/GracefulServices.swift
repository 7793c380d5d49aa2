import Logging
import ServiceLifecycle
import Synchronization

/// Runs servers for a test and stops them by graceful shutdown, never by cancelling their task.
///
/// Cancelling a task that serves a NIO listener traps the process when a connection has been accepted but not
/// yet taken from the listener's stream: the dropped connection's `NIOAsyncWriter` was never finished
/// (swift-nio#2637, #2813; a CI run died so in `GatewayTLSPolicyTests`). A graceful shutdown closes the listener
/// first and serves what it had accepted, so nothing is dropped.
public enum GracefulServices {
    /// After this long in graceful shutdown the group cancels what still runs (a client that never let go).
    public static let shutdownBound: Duration = .seconds(15)

    /// Runs `services` in a group of their own while `body` runs, then shuts them down gracefully, also when
    /// `body` throws. A service that failed fails the call, after `body`.
    public static func with<R: Sendable>(
        _ services: [any Service],
        logger: Logger = Logger(label: "ksi.test.services"),
        _ body: () async throws -> R
    ) async throws -> R {
        var configuration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) },
            logger: logger
        )
        configuration.maximumGracefulShutdownDuration = shutdownBound
        let failure = Mutex<(any Error)?>(nil)
        let result = try await run(
            ServiceGroup(configuration: configuration),
            onGroupError: { error in
                failure.withLock { $0 = error }
            },
            body
        )
        if let error = failure.withLock({ $0 }) { throw error }
        return result
    }

    /// Runs `group` while `body` runs, then shuts it down gracefully, also when `body` throws.
    public static func run<R: Sendable>(
        _ group: ServiceGroup,
        onGroupError: @escaping @Sendable (any Error) -> Void = { _ in },
        _ body: () async throws -> R
    ) async throws -> R {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                do { try await group.run() } catch { onGroupError(error) }
            }
            do {
                let result = try await body()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}
