import Foundation
import KSICore
import KSITestSupport
import Testing

/// `filteredPage`: the SQL filter plus a rule SQL cannot express, paged by id without re-reading the
/// whole table for every page.
@Suite("Filtered keyset pages")
struct FilteredPageTests {
    /// 25 reports r00…r24; the ones whose number is divisible by 3 pass the extra rule (r00, r03, …, r24: 9 of them).
    func withReports(_ body: @Sendable (KSIDatabase) async throws -> Void) async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "needs")
                for index in 0..<25 {
                    _ = try await store.insert(NeedsReport.with {
                        $0.id = String(format: "r%02d", index); $0.governorOfficeId = "agder"; $0.year = 2025; $0.status = .submitted
                        $0.requestedAmountOre = Int64(index)
                    }, at: 1_000)
                }
            }
            try await body(database)
        }
    }

    @Test("pages of 4 walk every passing entity once, in id order, and the last page has no next token")
    func walksEveryPage() async throws {
        try await withReports { database in
            var seen: [String] = []
            var token = ""
            var pages = 0
            repeat {
                let after = token
                let page = try await database.read { sql in
                    try await StoreTransaction(sql: sql, context: "needs").filteredPage(
                        NeedsReport.self, filter: StorageFilter(governorOfficeId: "agder"), size: 4, token: after
                    ) { $0.requestedAmountOre % 3 == 0 }
                }
                #expect(page.items.count <= 4)
                seen += page.items.map(\.id)
                token = page.next
                pages += 1
            } while !token.isEmpty
            #expect(seen == ["r00", "r03", "r06", "r09", "r12", "r15", "r18", "r21", "r24"])
            #expect(pages == 3)
        }
    }

    @Test("a page that ends exactly at the last passing entity says there is no next page")
    func exactFitHasNoNext() async throws {
        try await withReports { database in
            let page = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "needs").filteredPage(
                    NeedsReport.self, filter: StorageFilter(governorOfficeId: "agder"), size: 9, token: ""
                ) { $0.requestedAmountOre % 3 == 0 }
            }
            #expect(page.items.count == 9)
            #expect(page.next.isEmpty)
            let none = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "needs").filteredPage(
                    NeedsReport.self, filter: StorageFilter(governorOfficeId: "rogaland"), size: 9, token: ""
                ) { _ in true }
            }
            #expect(none.items.isEmpty && none.next.isEmpty)
        }
    }
}
