import KSICore
import KSITestSupport
import Testing

/// A page reads its items' parents and children in one statement each, not one per item (issue 17: the cold
/// views' release profile): `getMany`, `StorageFilter.parentIds` and `StorageFilter.parent`, on both engines,
/// against hand-built sets with known answers.
@Suite("Batched reads of parents and children on both engines")
struct BatchedReadTests {
    static let engines = TestDatabase.Engine.allCases

    static func grant(_ id: String, _ office: String, _ year: Int32, _ scheme: Scheme) -> Grant {
        Grant.with {
            $0.id = id
            $0.governorOfficeId = office
            $0.year = year
            $0.scheme = scheme
        }
    }

    static func disbursement(_ id: String, grant: String) -> Disbursement {
        Disbursement.with {
            $0.id = id
            $0.grantId = grant
        }
    }

    static func ids<E: StoredEntity>(_ page: Page<E>) -> [String] { page.items.map(\.id) }

    @Test("children by a set of parents, and by their parent's embete, year and scheme", arguments: engines)
    func childrenByParent(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "allocation")
                for grant in [
                    Self.grant("g1", "agder", 2025, .ksi), Self.grant("g2", "vestland", 2025, .ksi),
                    Self.grant("g3", "agder", 2024, .dekom),
                ] {
                    try await store.insert(grant, at: 1_000)
                }
                for (id, grant) in [
                    ("d1", "g1"), ("d2", "g2"), ("d3", "g3"), ("d4", "g1"), ("d5", "ghost"), ("d6", "g2"),
                ] {
                    try await store.insert(Self.disbursement(id, grant: grant), at: 1_000)
                }
            }
            let list: @Sendable (StorageFilter) async throws -> [String] = { filter in
                try await database.read { sql in
                    Self.ids(
                        try await StoreTransaction(sql: sql, context: "allocation").list(
                            Disbursement.self,
                            filter: filter
                        )
                    )
                }
            }
            #expect(try await list(StorageFilter(parentIds: ["g2", "g3"])) == ["d2", "d3", "d6"])
            #expect(try await list(StorageFilter(parentIds: ["nobody"])) == [])
            let agder = StorageFilter.ParentFilter(kind: Grant.entityKind, governorOfficeId: "agder")
            #expect(try await list(StorageFilter(parent: agder)) == ["d1", "d3", "d4"])
            let agder2025 = StorageFilter.ParentFilter(kind: Grant.entityKind, governorOfficeId: "agder", year: 2025)
            #expect(try await list(StorageFilter(parent: agder2025)) == ["d1", "d4"])
            let ksi = StorageFilter.ParentFilter(kind: Grant.entityKind, scheme: Scheme.ksi.rawValue)
            #expect(try await list(StorageFilter(parent: ksi)) == ["d1", "d2", "d4", "d6"])
            // A filter on another kind of parent matches nothing: the ids are grants'.
            let wrongKind = StorageFilter.ParentFilter(kind: Partnership.entityKind, governorOfficeId: "agder")
            #expect(try await list(StorageFilter(parent: wrongKind)) == [])
            // Combined with the item's own filter and paging.
            let page = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "allocation").list(
                    Disbursement.self,
                    filter: StorageFilter(parent: agder),
                    pageSize: 2
                )
            }
            #expect(Self.ids(page) == ["d1", "d3"] && page.nextPageToken == "d3")
        }
    }

    @Test("getMany finds the ids that exist, each once, in chunks past 1 000 ids", arguments: engines)
    func getMany(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let stored = (0..<1_200).map { String(format: "g%04d", $0) }
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "allocation")
                for id in stored { try await store.insert(Self.grant(id, "agder", 2025, .ksi), at: 1_000) }
            }
            // Every stored id twice, and 300 that do not exist.
            let asked = stored + stored + (0..<300).map { "missing-\($0)" }
            let found = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "allocation").getMany(Grant.self, ids: asked)
            }
            #expect(found.count == 1_200)
            #expect(Set(found.keys) == Set(stored))
            #expect(found.allSatisfy { $0.key == $0.value.id && $0.value.governorOfficeId == "agder" })
            let none = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "allocation").getMany(Grant.self, ids: [String]())
            }
            #expect(none.isEmpty)
            // Another kind with the same ids is not found.
            let others = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "allocation").getMany(Disbursement.self, ids: stored)
            }
            #expect(others.isEmpty)
        }
    }
}
