import GRPCCore
import KSICore
import Logging
import ServiceLifecycle

/// Keeps this process's live registry in step with AllocationService, the registry's system of record (issue 12):
/// every `interval` it asks `GetReferenceDataChanges` for the imports after the version it holds and merges them
/// into the `ReferenceRegistry` that the contexts, `CallerIdentity` and the gateway read per request. The stored policy
/// records and long-term plans (COM-R5, NEED-R14) come in the same answer whenever AllocationService holds another
/// set than this process, so a `SetPolicyConfig` applies here within one interval.
///
/// - Never blocks a request: readers take whatever data is in force; a swap replaces it whole.
/// - AllocationService down or slow: the last data stays in force; each failure backs off exponentially
///   (200 ms up to `maxBackoff`), logged at debug at first and at warning once it lasts `quietPeriod`.
/// - AllocationService's database replaced (another epoch): the registry goes back to the bootstrap data and
///   takes every import again, so a follower never keeps data the source no longer has.
public struct ReferenceFollower: Service {
    public static let defaultInterval: Duration = .seconds(2)
    public static let defaultCallTimeout: Duration = .seconds(10)

    let registry: ReferenceRegistry
    let interval: Duration
    let maxBackoff: Duration
    let logger: Logger
    let fetch: @Sendable (_ request: GetReferenceDataChangesRequest) async throws -> ReferenceDataChanges
    static let quietPeriod: Duration = .seconds(5)

    public init(
        registry: ReferenceRegistry,
        interval: Duration = defaultInterval,
        maxBackoff: Duration = .seconds(10),
        logger: Logger,
        fetch: @escaping @Sendable (_ request: GetReferenceDataChangesRequest) async throws -> ReferenceDataChanges
    ) {
        self.registry = registry
        self.interval = interval
        self.maxBackoff = maxBackoff
        self.logger = logger
        self.fetch = fetch
    }

    /// A follower that asks AllocationService over gRPC with this process's own (system) identity.
    public static func following<T: ClientTransport>(
        _ allocation: AllocationServiceClient<T>,
        registry: ReferenceRegistry,
        interval: Duration = defaultInterval,
        timeout: Duration = defaultCallTimeout,
        logger: Logger
    ) -> ReferenceFollower {
        ReferenceFollower(registry: registry, interval: interval, logger: logger) { request in
            try await allocation.getReferenceDataChanges(request, options: .upstream(timeout: timeout))
        }
    }

    public func run() async throws {
        // Graceful shutdown cancels the loop; a cancelled sleep is the normal way out.
        try? await cancelWhenGracefulShutdown { try await loop() }
    }

    private func loop() async throws {
        var epoch: String?
        var backoff = SourceBackoff(maxBackoff: maxBackoff, quietPeriod: Self.quietPeriod)
        while !Task.isCancelled {
            do {
                let held = registry.snapshot
                let changes = try await fetch(
                    .with {
                        $0.sinceVersion = held.importVersion
                        $0.sincePolicyVersion = held.policyVersion
                    }
                )
                if backoff.succeeded() { logger.info("Reference follower reached AllocationService again") }
                if let known = epoch, known != changes.epoch {
                    logger.warning(
                        "AllocationService's database changed; reloading the reference data from the bootstrap data",
                        metadata: ["ksi.registry.version": "\(registry.importVersion)"]
                    )
                    epoch = changes.epoch
                    registry.reset()
                    continue
                }
                epoch = changes.epoch
                let before = registry.importVersion
                let now = registry.apply(changes.imports)
                if now != before {
                    logger.info("Reference data updated", metadata: ["ksi.registry.version": "\(now)"])
                }
                if let policies = changes.policies {
                    registry.applyPolicies(policies)
                    logger.info(
                        "Policy configuration updated",
                        metadata: ["ksi.registry.policy_version": "\(policies.policyVersion)"]
                    )
                }
                if !changes.more { try await Task.sleep(for: interval) }
            } catch is CancellationError {
                return
            } catch {
                let (level, wait) = backoff.failed()
                logger.log(
                    level: level,
                    "Reference follower waiting for AllocationService; keeping the reference data it has",
                    metadata: ["ksi.registry.version": "\(registry.importVersion)", "ksi.error": "\(error)"]
                )
                try await Task.sleep(for: wait)
            }
        }
    }
}
