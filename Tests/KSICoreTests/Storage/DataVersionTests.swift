import Foundation
import KSICore
import KSITestSupport
import SQLKit
import Testing

/// The data version (core schema migration 3): one step per committed write transaction, none for a
/// rolled-back one or a read; a random epoch per database. The gateway's view cache relies on it.
@Suite("Data version on both engines")
struct DataVersionTests {
    static let engines = TestDatabase.Engine.allCases

    struct Refused: Error {}

    private static func insert(_ id: String, _ database: KSIDatabase) async throws {
        try await database.transaction { sql in
            try await StoreTransaction(sql: sql, context: "needs").insert(
                NeedsReport.with {
                    $0.id = id
                    $0.governorOfficeId = "agder"
                    $0.year = 2025
                },
                at: 1_000
            )
        }
    }

    @Test(
        "each committed write transaction moves the version on by one; reads and rollbacks do not",
        arguments: engines
    )
    func movesWithCommits(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let start = try await database.dataVersion()
            #expect(!start.epoch.isEmpty)
            try await Self.insert("r1", database)
            try await Self.insert("r2", database)
            let afterTwo = try await database.dataVersion()
            #expect(afterTwo.epoch == start.epoch)
            #expect(afterTwo.version == start.version + 2)

            _ = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "needs").get(NeedsReport.self, id: "r1")
            }
            await #expect(throws: Refused.self) {
                try await database.transaction { sql in
                    try await StoreTransaction(sql: sql, context: "needs").insert(
                        NeedsReport.with { $0.id = "r3" },
                        at: 1_000
                    )
                    throw Refused()
                }
            }
            let afterReadAndRollback = try await database.dataVersion()
            #expect(afterReadAndRollback == afterTwo)
        }
    }

    @Test("two databases have different epochs", arguments: engines)
    func epochsDiffer(engine: TestDatabase.Engine) async throws {
        let first = try await TestDatabase.with(engine) { try await $0.dataVersion() }
        let second = try await TestDatabase.with(engine) { try await $0.dataVersion() }
        #expect(first.epoch != second.epoch)
    }

    @Test("GetDataVersion answers a system caller and refuses anyone else")
    func onlySystemCallers() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let needs = NeedsContext(
                database: database,
                reference: try TestRegion.reference(),
                time: FixedTimeSource(date: LocalDate(year: 2025, month: 2, day: 1))
            )
            let before = try await needs.getDataVersion(GetDataVersionRequest(), as: .system("gateway"))
            try await Self.insert("r1", database)
            let after = try await needs.getDataVersion(GetDataVersionRequest(), as: .system("gateway"))
            #expect(after.epoch == before.epoch)
            #expect(after.version == before.version + 1)
            await #expect(throws: DomainError.self) {
                try await needs.getDataVersion(GetDataVersionRequest(), as: TestRegion.caller(.sfCaseworker))
            }
        }
    }
}
