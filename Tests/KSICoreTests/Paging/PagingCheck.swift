import Foundation
import KSICore
import KSITestSupport
import Testing

/// The LIM-R7 checks every list RPC's test runs against a hand-built data set in which the caller's
/// items interleave with items the caller may not see or the request filters out.
enum PagingCheck {
    /// How many items a data set holds. Item i belongs to the caller's view when `i % 4` is 0 or 2
    /// (505 items, more than one maximum page); `i % 4 == 1` is another organisation's or embete's,
    /// `i % 4 == 3` another year, scheme or filter value.
    static let count = 1_010
    static let indices = 0..<count

    /// Zero-padded so that id order is index order.
    static func id(_ prefix: String, _ index: Int) -> String { prefix + "-" + String(format: "%04d", index) }

    /// Walks `request` and checks LIM-R7 end to end against `expected` (the visible ids in id order,
    /// computed by the test from the data it inserted):
    /// - page_size 0 gives the default page of 50, page_size 501 the maximum of 500;
    /// - a walk in pages of 7 returns every expected id exactly once in order, and every page that
    ///   carries a next-page token is full;
    /// - page_size -1, a garbled token and a raw id as token are INVALID_ARGUMENT naming the field and LIM-R7.
    static func check<Request: PagedListRequest & WireMessage, Response: PagedListResponse>(
        _ request: Request,
        expected: [String],
        id: (Response.Item) -> String,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ list: (Request) async throws -> Response
    ) async throws {
        #expect(
            expected.count > PageRequest.maximumSize,
            "the data set must hold more than one maximum page",
            sourceLocation: sourceLocation
        )

        var first = request
        first.pageSize = 0
        let defaultPage = try await list(first)
        #expect(
            defaultPage.items.map(id) == Array(expected.prefix(50)),
            "page_size 0 → 50",
            sourceLocation: sourceLocation
        )
        #expect(!defaultPage.nextPageToken.isEmpty, sourceLocation: sourceLocation)

        var large = request
        large.pageSize = 501
        let maximumPage = try await list(large)
        #expect(
            maximumPage.items.map(id) == Array(expected.prefix(500)),
            "page_size 501 → 500",
            sourceLocation: sourceLocation
        )
        large.pageToken = maximumPage.nextPageToken
        let rest = try await list(large)
        #expect(rest.items.map(id) == Array(expected.dropFirst(500)), sourceLocation: sourceLocation)
        #expect(rest.nextPageToken.isEmpty, sourceLocation: sourceLocation)

        var walked: [String] = []
        var page = request
        page.pageSize = 7
        page.pageToken = ""
        repeat {
            let response = try await list(page)
            if !response.nextPageToken.isEmpty {
                #expect(
                    response.items.count == 7,
                    "a page with a next-page token is full",
                    sourceLocation: sourceLocation
                )
            }
            walked += response.items.map(id)
            page.pageToken = response.nextPageToken
        } while !page.pageToken.isEmpty
        #expect(
            walked == expected,
            "the walk returns every visible item once, in id order",
            sourceLocation: sourceLocation
        )

        try await expectRefused(field: "page_size", sourceLocation: sourceLocation) {
            var negative = request
            negative.pageSize = -1
            _ = try await list(negative)
        }
        for garbled in ["garbled!", expected[0], "AQ", String(repeating: "A", count: 2_000)] {
            try await expectRefused(field: "page_token", sourceLocation: sourceLocation) {
                var bad = request
                bad.pageToken = garbled
                _ = try await list(bad)
            }
        }
    }

    /// The event lists page by sequence number (`after_sequence`), not by token; LIM-R7 bounds their
    /// page size. Checks 0 → 50, 501 → 500, -1 refused, and that following the sequence returns every
    /// expected event (by aggregate id) once, in order.
    static func checkEvents<Request: WireMessage, Event>(
        _ request: Request,
        expected: [String],
        pageSize: WritableKeyPath<Request, Int32>,
        after: WritableKeyPath<Request, Int64>,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ list: (Request) async throws -> (events: [Event], lastSequence: Int64),
        key: (Event) -> (id: String, sequence: Int64)
    ) async throws {
        var first = request
        first[keyPath: pageSize] = 0
        #expect(
            try await list(first).events.map { key($0).id } == Array(expected.prefix(50)),
            "page_size 0 → 50",
            sourceLocation: sourceLocation
        )
        first[keyPath: pageSize] = 501
        #expect(
            try await list(first).events.map { key($0).id } == Array(expected.prefix(500)),
            "page_size 501 → 500",
            sourceLocation: sourceLocation
        )

        var walked: [String] = []
        var page = request
        page[keyPath: pageSize] = 7
        while true {
            let response = try await list(page)
            walked += response.events.map { key($0).id }
            let next = response.events.last.map { key($0).sequence } ?? response.lastSequence
            if next <= page[keyPath: after] { break }
            page[keyPath: after] = next
        }
        #expect(
            walked == expected,
            "following the sequence returns every event once, in order",
            sourceLocation: sourceLocation
        )

        try await expectRefused(field: "page_size", sourceLocation: sourceLocation) {
            var negative = request
            negative[keyPath: pageSize] = -1
            _ = try await list(negative)
        }
    }

    /// The call fails with INVALID_ARGUMENT naming `field` and LIM-R7.
    static func expectRefused(
        field: String,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ call: () async throws -> Void
    ) async throws {
        do {
            try await call()
            Issue.record("expected INVALID_ARGUMENT for \(field)", sourceLocation: sourceLocation)
        } catch let error as DomainError {
            #expect(error.code == .invalidArgument, sourceLocation: sourceLocation)
            #expect(error.violations.map(\.field) == [field], sourceLocation: sourceLocation)
            #expect(error.violations.map(\.rule.value) == ["LIM-R7"], sourceLocation: sourceLocation)
        }
    }

    /// Inserts entities in one transaction of `context`'s store.
    static func insert<E: StoredEntity>(_ entities: [E], into database: KSIDatabase, context: String) async throws {
        try await database.transaction { sql in
            let store = StoreTransaction(sql: sql, context: context)
            for entity in entities { try await store.insert(entity, at: 1_000) }
        }
    }
}
