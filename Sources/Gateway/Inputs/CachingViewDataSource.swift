import KSICore
import Metrics

/// A view data source that reuses what it read while the service behind it has not changed
/// (`ViewInputCache`): each read of allocation, needs or partnerships first asks the service for its
/// data version, then answers from the cache when the version matches (referral milestones have their
/// own incremental cache in the base). Errors are not cached: a failing service still makes its section
/// unavailable, and its next answer is read afresh.
public struct CachingViewDataSource<Base: ViewDataSource & ViewDataVersions>: ViewDataSource {
    public let base: Base
    let cache: ViewInputCache
    /// The base as a source that can say what changed (`ViewDataUpdates`), when it is one; found once, not per read.
    let updates: (any ViewDataUpdates)?

    /// `maxItems`: how many entities (reports, decisions, measures …) the cache may hold over all queries.
    public init(_ base: Base, maxItems: Int) {
        self.base = base
        self.cache = ViewInputCache(maxItems: maxItems)
        self.updates = base as? any ViewDataUpdates
    }

    public func allocation(_ query: ViewQuery) async throws -> AllocationData {
        try await cached(.allocation, query, { try await base.allocation(query) }) { updates, earlier, changes in
            try await updates.allocation(query, updating: earlier, with: changes)
        }
    }

    public func needs(_ query: ViewQuery) async throws -> NeedsData {
        try await cached(.needs, query, { try await base.needs(query) }) { updates, earlier, changes in
            try await updates.needs(query, updating: earlier, with: changes)
        }
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
        try await cached(.partnerships, query, { try await base.partnerships(query) }) { updates, earlier, changes in
            try await updates.partnerships(query, updating: earlier, with: changes)
        }
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

    /// How a cached entity list is brought up to date with the changes after the version it was read at.
    private typealias Update<Value> = @Sendable (any ViewDataUpdates, Value, ViewDataChanges) async throws -> Value

    /// The value for `query` at the service's current data version: from the cache, else brought up to date from
    /// what the cache held at an earlier version when the base can say what changed (`ViewDataUpdates`, issue 17),
    /// else read afresh with `fetch`. The aggregates are read afresh: they are computed in SQL and small.
    ///
    /// When the cache holds the query at some version and the base can say what changed, the version is asked
    /// together with the changes after the held one (`GetDataVersion` with `changes_after_version`): one call
    /// whether the entry is current (the changes are then empty) or is to be brought up to date.
    private func cached<Value: ViewSourceItems>(
        _ source: ViewSource,
        _ query: ViewQuery,
        variant: String = "",
        _ fetch: @escaping @Sendable () async throws -> Value,
        update: Update<Value>? = nil
    ) async throws -> Value {
        let key = ViewInputCache.Key(source: source, query: query, variant: variant)
        let updates = update == nil ? nil : self.updates
        let mark: DataVersion
        let known: (after: DataVersion, changes: ViewDataChanges)?
        if let updates, let held = await cache.mark(of: key) {
            let answer = try await updates.changes(source, after: held)
            mark = answer.mark
            known = answer.changes.map { (held, $0) }
        } else {
            mark = try await base.dataVersion(source)
            known = nil
        }
        return try await cache.value(key, at: mark) { earlier in
            if let update, let updates, let earlier {
                // The changes the version came with, when they start where the entry still stands; else (another
                // read replaced the entry meanwhile) asked again.
                let changes =
                    if let known, known.after == earlier.mark { known.changes } else {
                        try await updates.changes(source, after: earlier.mark).changes
                    }
                if let changes {
                    Counter(label: "ksi_gateway_view_cache_updates_total", dimensions: [("source", source.rawValue)])
                        .increment()
                    return try await update(updates, earlier.value, changes)
                }
            }
            return try await fetch()
        }
    }
}
