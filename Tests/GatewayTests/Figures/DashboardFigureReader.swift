import Foundation

/// Reads a dashboard page's key figures: every `<data data-figure="NAME" value="V">` as NAME → V, where an empty
/// value (a suppressed or undefined figure, shown as text only) is nil.
enum DashboardFigureReader {
    static func figures(_ html: String) -> [String: Int64?] {
        var out: [String: Int64?] = [:]
        for match in html.matches(of: /<data data-figure="([^"]+)" value="([^"]*)"/) {
            let name = String(match.1)
            precondition(out[name] == nil, "\(name) appears twice on the page")
            out[name] = Int64(String(match.2))
        }
        return out
    }

    /// GETs a page of the certificate-free loopback dashboard (`TestStack.devDashboardPort`), plain HTTP/1.1 with the
    /// loopback Host the listener requires (its DNS-rebinding guard answers any other host with 421).
    static func page(port: Int, _ uri: String) async throws -> (status: Int, html: String) {
        let connection = try await RawConnection.open(port: port)
        try await connection.send("GET \(uri) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        _ = await connection.closed(within: .seconds(30))
        let text = connection.text
        await connection.close()
        guard let response = RawConnection.parse(text) else { return (0, text) }
        return (response.status, response.body)
    }

    /// Describes where two figure sets differ (missing on either side, or another value).
    static func differences(page: [String: Int64?], expected: [String: Int64?]) -> [String] {
        let names = Set(page.keys).union(expected.keys).sorted()
        return names.compactMap { name in
            switch (page[name], expected[name]) {
            case (nil, _): "\(name): expected \(describe(expected[name]!)), the page does not show it"
            case (_, nil): "\(name): the page shows \(describe(page[name]!)) but no expected value is computed for it"
            case let (shown?, wanted?) where shown != wanted:
                "\(name): the page shows \(describe(shown)), expected \(describe(wanted))"
            default: nil
            }
        }
    }

    static func describe(_ value: Int64?) -> String { value.map(String.init) ?? "no value" }
}
