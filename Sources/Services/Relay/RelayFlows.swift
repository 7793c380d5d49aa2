import GRPCCore
import KSICore
import Logging

/// The event flows between services (DOMAIN.md §4.0 events; docs/services.md): each relay fetches
/// the producer's events over gRPC and hands them to `EventApplication`, which knows what they mean.
public enum RelayFlows {
    static let caller = Caller.system("relay")
    static let pageSize: Int32 = 200
    /// The deadline of each fetch: a producer that accepts the connection and never answers costs one
    /// deadline, then the relay backs off and retries (DEADLINE_EXCEEDED, never a hang).
    public static let defaultCallTimeout: Duration = .seconds(10)

    /// NeedsService applies AllocationService's events to its reports (NEED-R12).
    public static func allocationToNeeds<T: ClientTransport>(
        needs: NeedsContext, database: KSIDatabase, allocation: AllocationServiceClient<T>, logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true }, timeout: Duration = defaultCallTimeout
    ) -> EventRelay<AllocationEvent> {
        EventRelay(
            name: "allocation-to-needs", database: database, logger: logger, ready: ready,
            fetch: { after in try await allocation.listAllocationEvents(.with { $0.afterSequence = after; $0.pageSize = pageSize }, options: .upstream(timeout: timeout)).events },
            sequence: { $0.sequence },
            apply: { event in try await EventApplication.apply(event, to: needs, as: caller) })
    }

    /// PartnershipService links committed grant lines to partnerships (PART-R7).
    public static func allocationToPartnerships<T: ClientTransport>(
        partnerships: PartnershipContext, database: KSIDatabase, allocation: AllocationServiceClient<T>, logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true }, timeout: Duration = defaultCallTimeout
    ) -> EventRelay<AllocationEvent> {
        EventRelay(
            name: "allocation-to-partnerships", database: database, logger: logger, ready: ready,
            fetch: { after in try await allocation.listAllocationEvents(.with { $0.afterSequence = after; $0.pageSize = pageSize }, options: .upstream(timeout: timeout)).events },
            sequence: { $0.sequence },
            apply: { event in try await EventApplication.apply(event, to: partnerships, as: caller) })
    }

    /// AllocationService records partnership reports on the grants they report on (ALLOC-R15, PART-R13).
    public static func partnershipsToAllocation<T: ClientTransport>(
        allocation: AllocationContext, database: KSIDatabase, partnerships: PartnershipServiceClient<T>, logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true }, timeout: Duration = defaultCallTimeout
    ) -> EventRelay<PartnershipEvent> {
        EventRelay(
            name: "partnerships-to-allocation", database: database, logger: logger, ready: ready,
            fetch: { after in try await partnerships.listPartnershipEvents(.with { $0.afterSequence = after; $0.pageSize = pageSize }, options: .upstream(timeout: timeout)).events },
            sequence: { $0.sequence },
            apply: { event in try await EventApplication.apply(event, to: allocation, as: caller) })
    }
}
