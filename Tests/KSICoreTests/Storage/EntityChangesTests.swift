import Foundation
import KSICore
import KSITestSupport
import SQLKit
import Testing

/// Issue 17's change feed on both engines, against hand-built sets: every entity row carries the data version it
/// was written at (core migration 5), `changes(after:)` names what was written after a version (and the children
/// of what was), `GetDataVersion` answers it, and the list filter `ids` reads those entities again.
@Suite("Entity change stamps and the change feed on both engines")
struct EntityChangesTests {
    static let engines = TestDatabase.Engine.allCases

    static func grant(_ id: String, office: String = "agder") -> Grant {
        Grant.with {
            $0.id = id
            $0.governorOfficeId = office
            $0.year = 2025
            $0.scheme = .ksi
        }
    }

    static func disbursement(_ id: String, grant: String) -> Disbursement {
        Disbursement.with {
            $0.id = id
            $0.grantId = grant
        }
    }

    static func write(_ database: KSIDatabase, _ body: @Sendable (StoreTransaction) async throws -> Void) async throws {
        try await database.transaction { sql in try await body(StoreTransaction(sql: sql, context: "allocation")) }
    }

    /// The changes as (kind, id, parent) triples, sorted.
    static func triples(_ set: EntityChangeSet) -> [String] {
        (set.changes ?? []).map { "\($0.kind) \($0.id) \($0.parentId)" }.sorted()
    }

    @Test(
        "what a write inserts or updates is named after the version before it, with its parent; nothing after its own",
        arguments: engines
    )
    func insertsAndUpdatesAreNamed(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let start = try await database.dataVersion()
            try await Self.write(database) { store in
                try await store.insert(Self.grant("g1"), at: 1)
                try await store.insert(Self.grant("g2"), at: 1)
                try await store.insert(Self.disbursement("d1", grant: "g1"), at: 1)
            }
            let first = try await database.changes(after: start.version)
            #expect(first.mark.version == start.version + 1)
            #expect(Self.triples(first) == ["Disbursement d1 g1", "Grant g1 ", "Grant g2 "])
            #expect(try await database.changes(after: first.mark.version).changes == [])

            // Only g2 changes: g1 and its disbursement are not named again.
            try await Self.write(database) { store in
                var g2 = try #require(try await store.get(Grant.self, id: "g2"))
                g2.recipientOrgId = "owner-4204"
                try await store.update(g2, at: 2)
            }
            #expect(Self.triples(try await database.changes(after: first.mark.version)) == ["Grant g2 "])
        }
    }

    @Test("a changed parent names its children too: their place in a list may come through it", arguments: engines)
    func childrenOfAChangedParent(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.write(database) { store in
                try await store.insert(Self.grant("g1"), at: 1)
                try await store.insert(Self.grant("g2"), at: 1)
                for (id, grant) in [("d1", "g1"), ("d2", "g1"), ("d3", "g2")] {
                    try await store.insert(Self.disbursement(id, grant: grant), at: 1)
                }
            }
            let before = try await database.dataVersion()
            try await Self.write(database) { store in
                var g1 = try #require(try await store.get(Grant.self, id: "g1"))
                g1.governorOfficeId = "vestland"
                try await store.update(g1, at: 2)
            }
            #expect(
                Self.triples(try await database.changes(after: before.version)) == [
                    "Disbursement d1 g1", "Disbursement d2 g1", "Grant g1 ",
                ]
            )
        }
    }

    @Test(
        "concurrent writes, group-committed or not, are stamped with the versions their commits moved to, one each",
        arguments: engines
    )
    func concurrentWritesAreStampedInOrder(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let start = try await database.dataVersion()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 1...20 {
                    group.addTask {
                        try await Self.write(database) { try await $0.insert(Self.grant("g\(index)"), at: 1) }
                    }
                }
                try await group.waitForAll()
            }
            let end = try await database.dataVersion()
            #expect(end.version == start.version + 20)
            // Each write is named after every version before its own and after none from its own on.
            var named: [Int64: Int] = [:]
            for version in start.version...end.version {
                named[version] = try await database.changes(after: version).changes?.count
            }
            for version in start.version...end.version {
                #expect(named[version] == Int(end.version - version), "after \(version)")
            }
        }
    }

    @Test("more than 10 000 changes are not listed: the answer says to read everything again", arguments: engines)
    func tooManyChanges(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let start = try await database.dataVersion()
            try await Self.write(database) { store in
                for index in 0..<EntityChangeSet.maximumChanges {
                    try await store.insert(Self.grant("g\(index)"), at: 1)
                }
            }
            let exactly = try await database.changes(after: start.version)
            #expect(exactly.changes?.count == EntityChangeSet.maximumChanges)
            try await Self.write(database) { try await $0.insert(Self.grant("one-more"), at: 1) }
            let over = try await database.changes(after: start.version)
            #expect(over.changes == nil)
            #expect(over.mark.version == start.version + 2)
        }
    }

    @Test("the list filter `ids` keeps only those entities, with the other filters still applied", arguments: engines)
    func idsFilter(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.write(database) { store in
                for (id, office) in [("g1", "agder"), ("g2", "vestland"), ("g3", "agder"), ("g4", "agder")] {
                    try await store.insert(Self.grant(id, office: office), at: 1)
                }
            }
            let list: @Sendable (StorageFilter) async throws -> [String] = { filter in
                try await database.read { sql in
                    try await StoreTransaction(sql: sql, context: "allocation").list(Grant.self, filter: filter).items
                        .map(\.id)
                }
            }
            #expect(try await list(StorageFilter(ids: ["g1", "g2", "nobody"])) == ["g1", "g2"])
            #expect(try await list(StorageFilter(governorOfficeId: "agder", ids: ["g1", "g2", "g4"])) == ["g1", "g4"])
        }
    }

    @Test(
        "an empty list of allowed ids, parents or statuses matches nothing, on PostgreSQL too (no `IN ()`)",
        arguments: engines
    )
    func emptyAllowedListsMatchNothing(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.write(database) { store in
                try await store.insert(Self.grant("g1"), at: 1)
                try await store.insert(Self.disbursement("d1", grant: "g1"), at: 1)
            }
            let read: @Sendable (StorageFilter) async throws -> Int = { filter in
                try await database.read { sql in
                    let store = StoreTransaction(sql: sql, context: "allocation")
                    return try await store.list(Grant.self, filter: filter).items.count
                        + store.list(Disbursement.self, filter: filter).items.count
                }
            }
            #expect(try await read(.all) == 2)
            #expect(try await read(StorageFilter(ids: [])) == 0)
            #expect(try await read(StorageFilter(parentIds: [])) == 0)
            #expect(try await read(StorageFilter(statuses: [])) == 0)
        }
    }

    @Test("GetDataVersion names the changes to a system caller, refuses a negative version and anyone else")
    func overTheRPC() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let allocation = try AllocationAggregateTests.context(database)
            let gateway = Caller.system("gateway")
            let before = try await allocation.getDataVersion(GetDataVersionRequest(), as: gateway)
            #expect(before.changes.isEmpty && !before.changesTruncated)
            try await Self.write(database) { try await $0.insert(Self.grant("g1"), at: 1) }
            let after = try await allocation.getDataVersion(
                .with { $0.changesAfterVersion = before.version },
                as: gateway
            )
            #expect(after.version == before.version + 1)
            #expect(after.changes.map { "\($0.kind) \($0.id)" } == ["Grant g1"])
            #expect(!after.changesTruncated)
            await #expect {
                _ = try await allocation.getDataVersion(.with { $0.changesAfterVersion = -1 }, as: gateway)
            } throws: { error in
                (error as? DomainError)?.code == .invalidArgument
                    && (error as? DomainError)?.violations.first?.field == "changes_after_version"
            }
            await #expect(throws: DomainError.self) {
                try await allocation.getDataVersion(
                    .with { $0.changesAfterVersion = before.version },
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
        }
    }
}
