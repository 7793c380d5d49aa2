import KSICore
import KSITestSupport
import Testing

/// `PagedListRequest.allPages` over a real list (NeedsContext.listNeedsReports on SQLite).
@Suite("Paging through a list")
struct PagingTests {
    @Test("allPages reads every page of the given size, in order, and stops after the last")
    func readsEveryPage() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            var created: [String] = []
            for _ in 0..<5 { created.append(try await fixture.draft(in: round).id) }
            let sf = NeedsFixture.caller(.sfCaseworker)
            let pages = Counter()
            let all = try await ListNeedsReportsRequest.with { $0.governorOfficeId = TestRegion.governorOfficeId }
                .allPages(pageSize: 2) { request in
                    await pages.increment()
                    #expect(request.pageSize == 2)
                    return try await fixture.needs.queries.listNeedsReports(request, as: sf)
                }
            #expect(all.map(\.id).sorted() == created.sorted())
            #expect(Set(all.map(\.id)).count == 5)
            #expect(await pages.value == 3)
        }
    }

    actor Counter {
        var value = 0
        func increment() { value += 1 }
    }
}
