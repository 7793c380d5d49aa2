import Gateway
import KSICore
import KSITestSupport
import Synchronization
import Testing

/// Issue 17: the gateway's view cache brought up to date with what the services say changed after the version it
/// read at (`GetDataVersion` with `changes_after_version`, lists read again by `ids`), instead of read again whole.
/// The expected data is a full read of the services without the cache, whose figures the Figures suites check
/// against hand-computed answers.
@Suite("View cache updated with what changed")
struct ViewCacheUpdateTests {
    /// The in-process services' source, counting the updates the cache asks of it and its `GetDataVersion` calls:
    /// the version alone, or with the changes after a version.
    struct CountingUpdates: ViewDataSource, ViewDataVersions, ViewDataUpdates {
        final class Log: Sendable {
            let updates = Mutex(0)
            let versionCalls = Mutex(0)
            let changesCalls = Mutex(0)
        }

        let base: ServiceViewDataSource
        let log = Log()

        var updates: Int { log.updates.withLock { $0 } }
        /// `GetDataVersion` calls so far, with and without `changes_after_version`.
        var versionCalls: (plain: Int, withChanges: Int) {
            (log.versionCalls.withLock { $0 }, log.changesCalls.withLock { $0 })
        }

        func allocation(_ query: ViewQuery) async throws -> AllocationData { try await base.allocation(query) }
        func needs(_ query: ViewQuery) async throws -> NeedsData { try await base.needs(query) }
        func partnerships(_ query: ViewQuery) async throws -> PartnershipsData { try await base.partnerships(query) }
        func referral(_ query: ViewQuery) async throws -> ReferralData { try await base.referral(query) }
        func dataVersion(_ source: ViewSource) async throws -> DataVersion {
            log.versionCalls.withLock { $0 += 1 }
            return try await base.dataVersion(source)
        }
        func changes(_ source: ViewSource, after mark: DataVersion) async throws -> ViewDataVersionChanges {
            log.changesCalls.withLock { $0 += 1 }
            return try await base.changes(source, after: mark)
        }
        func allocation(
            _ query: ViewQuery,
            updating data: AllocationData,
            with changes: ViewDataChanges
        )
            async throws -> AllocationData
        {
            log.updates.withLock { $0 += 1 }
            return try await base.allocation(query, updating: data, with: changes)
        }
        func needs(
            _ query: ViewQuery,
            updating data: NeedsData,
            with changes: ViewDataChanges
        ) async throws
            -> NeedsData
        {
            log.updates.withLock { $0 += 1 }
            return try await base.needs(query, updating: data, with: changes)
        }
        func partnerships(
            _ query: ViewQuery,
            updating data: PartnershipsData,
            with changes: ViewDataChanges
        )
            async throws -> PartnershipsData
        {
            log.updates.withLock { $0 += 1 }
            return try await base.partnerships(query, updating: data, with: changes)
        }
    }

    /// The queries the views ask: the demo embete-year, the nation over all schemes, and a two-year trend.
    static let queries = [
        ViewQuery(governorOfficeId: "agder", scheme: .ksi, years: 2025...2025),
        ViewQuery(governorOfficeId: "", scheme: .unspecified, years: 2025...2025),
        ViewQuery(governorOfficeId: "agder", scheme: .unspecified, years: 2024...2025),
    ]

    static func services(_ demo: DemoContexts.Unloaded) -> ServiceViewDataSource {
        ServiceViewDataSource(
            needs: demo.needs,
            partnerships: demo.partnerships,
            allocation: demo.allocation,
            referral: demo.referral,
            reference: demo.reference
        )
    }

    @Test(
        "read again and again through the cache while the demo year loads, the cached data ends equal to a full read, entity for entity",
        arguments: TestDatabase.Engine.allCases
    )
    func updatedWhileTheYearLoads(_ engine: TestDatabase.Engine) async throws {
        try await DemoContexts.withUnloaded(engine) { unloaded in
            let services = Self.services(unloaded)
            let counting = CountingUpdates(base: services)
            let cached = CachingViewDataSource(counting, maxItems: 1_000_000)
            // Every read during the load goes through the cache: after the first, each one is an update with
            // whatever the load wrote since (reports, decisions, grants and their children, partnerships, measures).
            let reader = Task {
                while !Task.isCancelled {
                    for query in Self.queries {
                        _ = try await cached.allocation(query)
                        _ = try await cached.needs(query)
                        _ = try await cached.partnerships(query)
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            let demo = try await unloaded.load()
            reader.cancel()
            if case .failure(let error) = await reader.result, !(error is CancellationError) {
                Issue.record("a read through the cache failed while the year loaded: \(error)")
            }
            for query in Self.queries {
                let allocation = try await cached.allocation(query)
                let needs = try await cached.needs(query)
                let partnerships = try await cached.partnerships(query)
                Self.expectSame(allocation, try await services.allocation(query), query)
                Self.expectSame(needs.reports, try await services.needs(query).reports, "needs reports \(query)")
                Self.expectSame(partnerships, try await services.partnerships(query), query)
            }
            try await Self.expectSameViews(demo, cached: cached, direct: services)
            // The cache was brought up to date, not only read afresh (the load takes seconds, the reader 20 ms).
            #expect(counting.updates > 10)
        }
    }

    @Test(
        "one entity written: the changes name it alone, the cached data holds the new copy, and the views equal views over a full read",
        arguments: TestDatabase.Engine.allCases
    )
    func oneWrite(_ engine: TestDatabase.Engine) async throws {
        try await DemoContexts.withUnloaded(engine) { unloaded in
            let demo = try await unloaded.load()
            let services = Self.services(unloaded)
            let counting = CountingUpdates(base: services)
            let cached = CachingViewDataSource(counting, maxItems: 1_000_000)
            let query = Self.queries[0]
            _ = try await cached.partnerships(query)
            let before = try await counting.dataVersion(.partnerships)
            // A measure's title changes (stored as a command would store it).
            let measure = try #require(try await services.partnerships(query).measures.first)
            var edited = measure
            edited.title = "Omdøpt tiltak"
            let renamed = edited
            try await demo.databases.partnerships.transaction { sql in
                try await StoreTransaction(sql: sql, context: "test").update(renamed, at: 1)
            }
            let answer = try await services.changes(.partnerships, after: before)
            #expect(answer.mark.version == before.version + 1)
            let changes = try #require(answer.changes)
            #expect(changes.ids(of: Measure.entityKind) == [measure.id])
            #expect(changes.ids(of: Partnership.entityKind).isEmpty)
            let callsBefore = counting.versionCalls
            let updated = try await cached.partnerships(query)
            #expect(counting.updates == 1)
            #expect(updated.measures.first { $0.id == measure.id }?.title == "Omdøpt tiltak")
            Self.expectSame(updated, try await services.partnerships(query), query)
            // One GetDataVersion brought the entry up to date: the version came with the changes.
            #expect(counting.versionCalls.plain == callsBefore.plain)
            #expect(counting.versionCalls.withChanges == callsBefore.withChanges + 1)
            // Read again with nothing written: a hit, again one call, and nothing read or updated.
            _ = try await cached.partnerships(query)
            #expect(counting.updates == 1)
            #expect(counting.versionCalls.plain == callsBefore.plain)
            #expect(counting.versionCalls.withChanges == callsBefore.withChanges + 2)
            let unchanged = try await services.changes(.partnerships, after: answer.mark)
            #expect(unchanged.mark == answer.mark)
            #expect(try #require(unchanged.changes).ids(of: Measure.entityKind).isEmpty)

            try await Self.expectSameViews(demo, cached: cached, direct: services)
        }
    }

    /// The views fed by entity lists (V2, V4, V5, V7, V10, V11), for the demo embete and the nation, are the same
    /// through the cache as over the services without one: an updated list's order (new entities appended) does
    /// not change a figure.
    static func expectSameViews(
        _ demo: DemoContexts,
        cached: some ViewDataSource,
        direct: some ViewDataSource
    ) async throws {
        let caller = Caller.system("test")
        func views(_ source: some ViewDataSource) -> GatewayViews {
            GatewayViews(
                source: source,
                simulator: ContextViewSimulator(allocation: demo.allocation),
                reference: demo.reference,
                time: demo.time
            )
        }
        let (viaCache, fresh) = (views(cached), views(direct))
        /// One view read through the cache and without it: equal.
        func expectSame<View: Equatable>(
            _ what: String,
            _ read: (GatewayViews) async throws -> View
        ) async throws {
            #expect(try await read(viaCache) == read(fresh), "\(what)")
        }
        try await expectSame("V2 4204") {
            try await $0.municipalityProfile(
                .with {
                    $0.municipalityId = "4204"
                    $0.year = 2025
                },
                caller: caller
            )
        }
        for office in ["agder", ""] {
            try await expectSame("V4 \(office)") {
                try await $0.specialNeedsShare(
                    .with {
                        $0.governorOfficeId = office
                        $0.year = 2025
                        $0.trendYears = 1
                    },
                    caller: caller
                )
            }
            try await expectSame("V5 \(office)") {
                try await $0.kindergartenShare(
                    .with {
                        $0.governorOfficeId = office
                        $0.year = 2025
                    },
                    caller: caller
                )
            }
            try await expectSame("V7 \(office)") {
                try await $0.partnershipHealth(
                    .with {
                        $0.governorOfficeId = office
                        $0.year = 2025
                    },
                    caller: caller
                )
            }
            try await expectSame("V10 \(office)") {
                try await $0.transparencyPage(
                    .with {
                        $0.governorOfficeId = office
                        $0.year = 2025
                    },
                    caller: caller
                )
            }
            try await expectSame("V11 \(office)") {
                try await $0.participationAndInclusion(
                    .with {
                        $0.governorOfficeId = office
                        $0.year = 2025
                    },
                    caller: caller
                )
            }
        }
    }

    static func expectSame(_ cached: AllocationData, _ fresh: AllocationData, _ query: ViewQuery) {
        expectSame(cached.frames, fresh.frames, "frames \(query)")
        expectSame(cached.recommendations, fresh.recommendations, "recommendations \(query)")
        expectSame(cached.decisions, fresh.decisions, "decisions \(query)")
        expectSame(cached.grants, fresh.grants, "grants \(query)")
        expectSame(cached.disbursements, fresh.disbursements, "disbursements \(query)")
        expectSame(cached.reclaims, fresh.reclaims, "reclaims \(query)")
        expectSame(cached.commitments, fresh.commitments, "commitments \(query)")
        expectSame(cached.pledges, fresh.pledges, "pledges \(query)")
        expectSame(cached.networks, fresh.networks, "networks \(query)")
        #expect(Set(cached.policies) == Set(fresh.policies), "policies \(query)")
        // The demo year decides and grants in every query's scope: the comparison is not of empty lists.
        #expect(!fresh.decisions.isEmpty && !fresh.grants.isEmpty && !fresh.recommendations.isEmpty, "\(query)")
    }

    static func expectSame(_ cached: PartnershipsData, _ fresh: PartnershipsData, _ query: ViewQuery) {
        expectSame(cached.partnerships, fresh.partnerships, "partnerships \(query)")
        expectSame(cached.measures, fresh.measures, "measures \(query)")
        expectSame(cached.reports, fresh.reports, "partnership reports \(query)")
        expectSame(cached.conflicts, fresh.conflicts, "conflict cases \(query)")
        expectSame(cached.contributions, fresh.contributions, "contributions \(query)")
        #expect(!fresh.partnerships.isEmpty && !fresh.measures.isEmpty, "\(query)")
    }

    /// The same entities, each exactly once and equal in every field (order aside: an updated list keeps its
    /// entities' places and appends new ones).
    static func expectSame<E: StoredEntity & Equatable>(_ cached: [E], _ fresh: [E], _ what: String) {
        #expect(cached.count == fresh.count, "\(what): \(cached.count) cached, \(fresh.count) read")
        #expect(Set(cached.map(\.id)).count == cached.count, "\(what): an entity held twice")
        let freshById = Dictionary(fresh.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let differing = cached.filter { freshById[$0.id] != $0 }.map(\.id)
        #expect(differing.isEmpty, "\(what): differ from a full read: \(differing.prefix(5))")
    }
}
