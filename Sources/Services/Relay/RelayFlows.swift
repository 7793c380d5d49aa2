import GRPCCore
import KSICore
import Logging
import Metrics

/// The event flows between services (DOMAIN.md §4.0 events; docs/services.md): each relay fetches
/// the producer's events over gRPC and hands them to `EventApplication`, which knows what they mean.
public enum RelayFlows {
    static let caller = EventApplication.relayCaller
    static let pageSize: Int32 = 200
    /// The deadline of each fetch: a producer that accepts the connection and never answers costs one
    /// deadline, then the relay backs off and retries (DEADLINE_EXCEEDED, never a hang).
    public static let defaultCallTimeout: Duration = .seconds(10)

    /// NeedsService applies AllocationService's events to its reports (NEED-R12).
    public static func allocationToNeeds<T: ClientTransport>(
        needs: NeedsContext,
        database: KSIDatabase,
        allocation: AllocationServiceClient<T>,
        logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true },
        time: any TimeSource = SystemTimeSource(),
        metrics: any MetricsFactory = MetricsSystem.factory,
        timeout: Duration = defaultCallTimeout
    ) -> EventRelay<AllocationEvent> {
        EventRelay(
            name: .allocationToNeeds,
            database: database,
            logger: logger,
            ready: ready,
            time: time,
            metrics: metrics,
            fetch: { after in
                try await allocation.listAllocationEvents(
                    .with {
                        $0.afterSequence = after
                        $0.pageSize = pageSize
                    },
                    options: .upstream(timeout: timeout)
                ).events
            },
            sequence: { $0.sequence },
            encode: { ($0.type, try $0.wireEncoded()) },
            apply: { event in try await EventApplication.apply(event, to: needs, as: caller) }
        )
    }

    /// PartnershipService links committed grant lines to partnerships (PART-R7).
    public static func allocationToPartnerships<T: ClientTransport>(
        partnerships: PartnershipContext,
        database: KSIDatabase,
        allocation: AllocationServiceClient<T>,
        logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true },
        time: any TimeSource = SystemTimeSource(),
        metrics: any MetricsFactory = MetricsSystem.factory,
        timeout: Duration = defaultCallTimeout
    ) -> EventRelay<AllocationEvent> {
        EventRelay(
            name: .allocationToPartnerships,
            database: database,
            logger: logger,
            ready: ready,
            time: time,
            metrics: metrics,
            fetch: { after in
                try await allocation.listAllocationEvents(
                    .with {
                        $0.afterSequence = after
                        $0.pageSize = pageSize
                    },
                    options: .upstream(timeout: timeout)
                ).events
            },
            sequence: { $0.sequence },
            encode: { ($0.type, try $0.wireEncoded()) },
            apply: { event in try await EventApplication.apply(event, to: partnerships, as: caller) }
        )
    }

    /// AllocationService records partnership reports on the grants they report on (ALLOC-R15, PART-R13) and
    /// opens reclaim proposals on terminations and aborts without notice (PART-R5, PART-R6, ALLOC-R16).
    public static func partnershipsToAllocation<T: ClientTransport>(
        allocation: AllocationContext,
        database: KSIDatabase,
        partnerships: PartnershipServiceClient<T>,
        logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true },
        time: any TimeSource = SystemTimeSource(),
        metrics: any MetricsFactory = MetricsSystem.factory,
        timeout: Duration = defaultCallTimeout
    ) -> EventRelay<PartnershipEvent> {
        partnershipsToAllocation(
            allocation: allocation,
            database: database,
            logger: logger,
            ready: ready,
            time: time,
            metrics: metrics
        ) {
            after in
            try await partnerships.listPartnershipEvents(
                .with {
                    $0.afterSequence = after
                    $0.pageSize = pageSize
                },
                options: .upstream(timeout: timeout)
            ).events
        }
    }

    /// The same flow from any source of PartnershipService's events.
    public static func partnershipsToAllocation(
        allocation: AllocationContext,
        database: KSIDatabase,
        logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true },
        time: any TimeSource = SystemTimeSource(),
        metrics: any MetricsFactory = MetricsSystem.factory,
        fetch: @escaping @Sendable (Int64) async throws -> [PartnershipEvent]
    ) -> EventRelay<PartnershipEvent> {
        EventRelay(
            name: .partnershipsToAllocation,
            database: database,
            logger: logger,
            ready: ready,
            time: time,
            metrics: metrics,
            fetch: fetch,
            sequence: { $0.sequence },
            encode: { ($0.type, try $0.wireEncoded()) },
            apply: { event in try await EventApplication.apply(event, to: allocation, as: caller) }
        )
    }
}
