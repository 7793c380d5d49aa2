import Foundation
import KSICore
import KSITestSupport
import Testing

/// LIM-R7's reading of `page_size` and `page_token` (PageRequest), independent of any store.
@Suite("PageRequest (LIM-R7)")
struct PageRequestTests {
    @Test("page_size: 0 → 50, 1…500 as asked, above 500 → 500")
    func sizes() throws {
        let cases: [(Int32, Int)] = [
            (0, 50), (1, 1), (50, 50), (499, 499), (500, 500), (501, 500), (10_000, 500), (.max, 500),
        ]
        for (asked, used) in cases { #expect(try PageRequest.size(asked) == used, "page_size \(asked)") }
    }

    @Test("a negative page_size is INVALID_ARGUMENT naming page_size and LIM-R7", arguments: [Int32(-1), -50, .min])
    func negativeSize(size: Int32) async throws {
        try await PagingCheck.expectRefused(field: "page_size") { _ = try PageRequest.size(size) }
        try await PagingCheck.expectRefused(field: "page_size") {
            _ = try PageRequest(ListNeedsReportsRequest.with { $0.pageSize = size })
        }
    }

    @Test("a token carries its key back to the same query and is not the raw key")
    func roundTrip() throws {
        let request = ListNeedsReportsRequest.with {
            $0.year = 2025
            $0.governorOfficeId = "agder"
        }
        let token = try PageRequest(request).token(after: "report-0042")
        #expect(!token.contains("report-0042"))
        #expect(
            token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") },
            "base64url without padding"
        )
        var next = request
        next.pageToken = token
        #expect(try PageRequest(next).after == "report-0042")
        next.pageSize = 7
        #expect(try PageRequest(next).after == "report-0042", "the page size may change between pages (AIP-158)")
    }

    @Test("a token issued for other filters or another list is INVALID_ARGUMENT naming page_token")
    func foreignToken() async throws {
        let token = try PageRequest(ListNeedsReportsRequest.with { $0.year = 2025 }).token(after: "report-0042")
        try await PagingCheck.expectRefused(field: "page_token") {
            _ = try PageRequest(
                ListNeedsReportsRequest.with {
                    $0.year = 2024
                    $0.pageToken = token
                }
            )
        }
        try await PagingCheck.expectRefused(field: "page_token") {
            _ = try PageRequest(
                ListGrantsRequest.with {
                    $0.year = 2024
                    $0.pageToken = token
                }
            )
        }
    }

    @Test(
        "garbled tokens are INVALID_ARGUMENT naming page_token",
        arguments: [
            "report-0042", "!!!!", "AQ", "AgAAAAAAAAAAeA", "A", String(repeating: "QUFB", count: 400), "8J-YgA",
            "AQAAAAAAAAAA_w",
        ]
    )
    func garbledToken(token: String) async throws {
        try await PagingCheck.expectRefused(field: "page_token") {
            _ = try PageRequest(ListNeedsReportsRequest.with { $0.pageToken = token })
        }
    }
}
