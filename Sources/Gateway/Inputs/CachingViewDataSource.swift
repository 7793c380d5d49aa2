import KSICore

/// A view data source that reuses what it read while the service behind it has not changed
/// (`ViewInputCache`): each read of allocation, needs or partnerships first asks the service for its
/// data version, then answers from the cache when the version matches (referral milestones have their
/// own incremental cache in the base). Errors are not cached: a failing service still makes its section
/// unavailable, and its next answer is read afresh.
public struct CachingViewDataSource<Base: ViewDataSource & ViewDataVersions>: ViewDataSource {
    public let base: Base
    let cache: ViewInputCache

    /// `maxItems`: how many entities (reports, decisions, measures …) the cache may hold over all queries.
    public init(_ base: Base, maxItems: Int) {
        self.base = base
        self.cache = ViewInputCache(maxItems: maxItems)
    }

    public func allocation(_ query: ViewQuery) async throws -> AllocationData {
        try await cached(.allocation, query) { try await base.allocation(query) }
    }

    public func needs(_ query: ViewQuery) async throws -> NeedsData {
        try await cached(.needs, query) { try await base.needs(query) }
    }

    /// Cached per grouping and NeedsService data version, like the report list (issue 17).
    public func needsAggregate(_ query: ViewQuery, grouping: NeedsGrouping) async throws -> NeedsAggregate {
        try await cached(.needs, query, variant: grouping.cacheVariant) {
            try await base.needsAggregate(query, grouping: grouping)
        }
    }

    /// Cached per grouping and AllocationService data version, like the lists (issue 17).
    public func allocationAggregate(
        _ query: ViewQuery,
        grouping: AllocationGrouping
    ) async throws -> AllocationAggregate {
        try await cached(.allocation, query, variant: grouping.cacheVariant) {
            try await base.allocationAggregate(query, grouping: grouping)
        }
    }

    /// Cached per grouping and PartnershipService data version, like the lists (issue 17).
    public func partnershipsAggregate(
        _ query: ViewQuery,
        grouping: PartnershipGrouping
    ) async throws -> PartnershipsAggregate {
        try await cached(.partnerships, query, variant: grouping.cacheVariant) {
            try await base.partnershipsAggregate(query, grouping: grouping)
        }
    }

    public func partnerships(_ query: ViewQuery) async throws -> PartnershipsData {
        try await cached(.partnerships, query) { try await base.partnerships(query) }
    }

    public func referral(_ query: ViewQuery) async throws -> ReferralData {
        // The milestone stream is append-only and the base already keeps it, topped up with one short
        // poll per view (`MilestoneCache`); a second copy here would cost memory and save no call.
        try await base.referral(query)
    }

    public func networks(governorOfficeId: String) async throws -> [CompetenceNetwork] {
        try await base.networks(governorOfficeId: governorOfficeId)
    }

    /// The number of entities held, over all queries.
    public func heldItems() async -> Int { await cache.heldItems }

    private func cached<Value: ViewSourceItems>(
        _ source: ViewSource,
        _ query: ViewQuery,
        variant: String = "",
        _ fetch: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let mark = try await base.dataVersion(source)
        return try await cache.value(
            ViewInputCache.Key(source: source, query: query, variant: variant),
            at: mark,
            fetch: fetch
        )
    }
}
