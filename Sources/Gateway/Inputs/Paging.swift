/// Reads every page of a list RPC: `fetch` gets a page token and returns the page's items and the
/// next token ("" when done). Pages of `pageSize` keep each response well under the 4 MiB message limit.
enum Paging {
    static let pageSize: Int32 = 500

    static func all<Item>(_ fetch: (String) async throws -> (items: [Item], next: String)) async throws -> [Item] {
        var items: [Item] = []
        var token = ""
        repeat {
            let page = try await fetch(token)
            items += page.items
            token = page.next
        } while !token.isEmpty
        return items
    }
}

extension ViewQuery {
    /// The year filter for a list RPC: the single year, or 0 (all years, filtered afterwards) for a range.
    var yearFilter: Int32 { years.lowerBound == years.upperBound ? years.upperBound : 0 }
}
