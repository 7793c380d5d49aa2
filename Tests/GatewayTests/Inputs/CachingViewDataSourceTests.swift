import Foundation
import Gateway
import KSICore
import KSITestSupport
import Synchronization
import Testing

/// `CachingViewDataSource` over the four contexts in process (SQLite): a read is reused while the
/// service's data version stays the same, and read afresh after any committed write.
@Suite("Caching view data source")
struct CachingViewDataSourceTests {
    /// The real in-process source, counting how often each source's lists were read.
    struct CountingSource: ViewDataSource, ViewDataVersions {
        final class Fetches: Sendable {
            let counts = Mutex<[ViewSource: Int]>([:])
        }

        let base: ServiceViewDataSource
        let fetches = Fetches()

        func fetched(_ source: ViewSource) -> Int { fetches.counts.withLock { $0[source, default: 0] } }
        private func count(_ source: ViewSource) { fetches.counts.withLock { $0[source, default: 0] += 1 } }

        func allocation(_ query: ViewQuery) async throws -> AllocationData {
            count(.allocation)
            return try await base.allocation(query)
        }
        func needs(_ query: ViewQuery) async throws -> NeedsData {
            count(.needs)
            return try await base.needs(query)
        }
        func partnerships(_ query: ViewQuery) async throws -> PartnershipsData {
            count(.partnerships)
            return try await base.partnerships(query)
        }
        func referral(_ query: ViewQuery) async throws -> ReferralData {
            count(.referral)
            return try await base.referral(query)
        }
        func dataVersion(_ source: ViewSource) async throws -> DataVersion { try await base.dataVersion(source) }
    }

    /// Four SQLite contexts (needs with an open Agder round) and a counting source over them.
    static func withSource<R: Sendable>(
        maxItems: Int = 10_000,
        _ body: @Sendable (NeedsFixture, CountingSource, CachingViewDataSource<CountingSource>) async throws -> R
    ) async throws -> R {
        try await TestDatabase.withContexts { databases in
            let reference = try TestRegion.reference()
            let fixture = try NeedsFixture(database: databases.needs, reference: reference)
            let time = fixture.time
            let source = CountingSource(
                base: ServiceViewDataSource(
                    needs: fixture.needs,
                    partnerships: PartnershipContext(
                        database: databases.partnerships,
                        reference: reference,
                        time: time
                    ),
                    allocation: AllocationContext(
                        database: databases.allocation,
                        reference: reference,
                        time: time,
                        needsReports: NeedsContext(database: databases.needs, reference: reference, time: time)
                    ),
                    referral: ReferralContext(
                        database: databases.referral,
                        reference: reference,
                        time: time,
                        keyRing: try ReferralKeyRing.ephemeral()
                    ),
                    reference: reference
                )
            )
            return try await body(fixture, source, CachingViewDataSource(source, maxItems: maxItems))
        }
    }

    static let agder2025 = ViewQuery(governorOfficeId: TestRegion.governorOfficeId, scheme: .ksi, years: 2025...2025)

    @Test("a repeated read with nothing written comes from the cache, equal to the first")
    func repeatedReadIsCached() async throws {
        try await Self.withSource { fixture, counting, cached in
            let round = try await fixture.openRound()
            _ = try await fixture.draft(in: round)
            let first = try await cached.needs(Self.agder2025)
            let second = try await cached.needs(Self.agder2025)
            #expect(first.reports.count == 1)
            #expect(second.reports == first.reports)
            #expect(counting.fetched(.needs) == 1)
        }
    }

    @Test("partnership groups are cached per grouping, apart from the lists (issue 17)")
    func partnershipGroupsCachedPerGrouping() async throws {
        try await Self.withSource { _, counting, cached in
            let plain = PartnershipGrouping()
            let split = PartnershipGrouping(byOwners: true, bySectors: true)
            let first = try await cached.partnershipsAggregate(Self.agder2025, grouping: plain)
            _ = try await cached.partnershipsAggregate(Self.agder2025, grouping: plain)
            #expect(counting.fetched(.partnerships) == 1)
            let other = try await cached.partnershipsAggregate(Self.agder2025, grouping: split)
            #expect(counting.fetched(.partnerships) == 2)
            _ = try await cached.partnershipsAggregate(Self.agder2025, grouping: split)
            _ = try await cached.partnerships(Self.agder2025)
            #expect(counting.fetched(.partnerships) == 3)
            // Each cached grouping is the one read without the cache.
            let direct = try await counting.partnershipsAggregate(Self.agder2025, grouping: plain)
            #expect(first.partnerships == direct.partnerships && first.measures == direct.measures)
            let directSplit = try await counting.partnershipsAggregate(Self.agder2025, grouping: split)
            #expect(other.partnerships == directSplit.partnerships && other.measures == directSplit.measures)
        }
    }

    @Test("allocation sums are cached per grouping, apart from the lists (issue 17)")
    func allocationGroupsCachedPerGrouping() async throws {
        try await Self.withSource { _, counting, cached in
            let plain = AllocationGrouping()
            let split = AllocationGrouping(byLines: true)
            let first = try await cached.allocationAggregate(Self.agder2025, grouping: plain)
            _ = try await cached.allocationAggregate(Self.agder2025, grouping: plain)
            #expect(counting.fetched(.allocation) == 1)
            let other = try await cached.allocationAggregate(Self.agder2025, grouping: split)
            #expect(counting.fetched(.allocation) == 2)
            _ = try await cached.allocationAggregate(Self.agder2025, grouping: split)
            _ = try await cached.allocation(Self.agder2025)
            #expect(counting.fetched(.allocation) == 3)
            // Each cached grouping is the one read without the cache.
            let direct = try await counting.allocationAggregate(Self.agder2025, grouping: plain)
            #expect(first.decided == direct.decided && first.precommitted == direct.precommitted)
            let directSplit = try await counting.allocationAggregate(Self.agder2025, grouping: split)
            #expect(other.decided == directSplit.decided && other.precommitted == directSplit.precommitted)
        }
    }

    @Test("a write committed before the request is in the next read")
    func writeInvalidates() async throws {
        try await Self.withSource { fixture, counting, cached in
            let round = try await fixture.openRound()
            let draft = try await fixture.draft(in: round)
            #expect(try await cached.needs(Self.agder2025).reports.map(\.status) == [.draft])
            _ = try await fixture.submit(draft)
            #expect(try await cached.needs(Self.agder2025).reports.map(\.status) == [.submitted])
            #expect(counting.fetched(.needs) == 2)
            // Another service's write leaves this source's entry alone.
            _ = try await cached.allocation(Self.agder2025)
            #expect(try await cached.needs(Self.agder2025).reports.map(\.status) == [.submitted])
            #expect(counting.fetched(.needs) == 2)
        }
    }

    @Test("different queries are cached apart")
    func queriesAreSeparate() async throws {
        try await Self.withSource { fixture, counting, cached in
            let round = try await fixture.openRound()
            _ = try await fixture.draft(in: round)
            let national = ViewQuery(governorOfficeId: "", scheme: .unspecified, years: 2025...2025)
            let dekom = ViewQuery(governorOfficeId: TestRegion.governorOfficeId, scheme: .dekom, years: 2025...2025)
            #expect(try await cached.needs(Self.agder2025).reports.count == 1)
            #expect(try await cached.needs(national).reports.count == 1)
            #expect(try await cached.needs(dekom).reports.isEmpty)
            #expect(counting.fetched(.needs) == 3)
            _ = try await cached.needs(national)
            #expect(counting.fetched(.needs) == 3)
        }
    }

    @Test("concurrent reads of the same query at the same version share one fetch")
    func concurrentMissesShareAFetch() async throws {
        try await Self.withSource { fixture, counting, cached in
            let round = try await fixture.openRound()
            _ = try await fixture.draft(in: round)
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<16 { group.addTask { try await cached.needs(Self.agder2025).reports.count } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts == Array(repeating: 1, count: 16))
            #expect(counting.fetched(.needs) == 1)
        }
    }

    @Test("the cache holds at most maxItems entities, evicting the least recently used query")
    func boundedByItems() async throws {
        try await Self.withSource(maxItems: 2) { fixture, counting, cached in
            let round = try await fixture.openRound()
            _ = try await fixture.draft(in: round)
            _ = try await fixture.draft(in: round)
            let national = ViewQuery(governorOfficeId: "", scheme: .unspecified, years: 2025...2025)
            _ = try await cached.needs(Self.agder2025)  // 2 items
            _ = try await cached.needs(national)  // 2 more: agder's entry goes
            #expect(await cached.heldItems() == 2)
            _ = try await cached.needs(national)
            #expect(counting.fetched(.needs) == 2)
            _ = try await cached.needs(Self.agder2025)
            #expect(counting.fetched(.needs) == 3)
        }
    }
}
