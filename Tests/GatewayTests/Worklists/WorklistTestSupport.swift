import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSITestSupport
import Services
import StackTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plain HTTP against the loopback dashboard (`stack.devDashboardPort`), and independent readers of what
/// it answers: the worklist table's rows out of the HTML, and the CSV through Python's csv module (not the
/// gateway's code), so a test compares the page with the services' own list RPCs.
enum WorklistHTTP {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static func get(_ stack: TestStack, _ path: String) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(stack.devDashboardPort)\(path)")!)
        request.timeoutInterval = 60
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }

    /// The body rows of the worklist table: each cell's text (tags stripped, entities decoded), and the first link of each row.
    static func rows(_ html: String) -> [(cells: [String], href: String?)] {
        guard let tbodyStart = html.range(of: "<tbody>"),
            let tbodyEnd = html.range(of: "</tbody>", range: tbodyStart.upperBound..<html.endIndex)
        else { return [] }
        let body = String(html[tbodyStart.upperBound..<tbodyEnd.lowerBound])
        return body.components(separatedBy: "<tr>").dropFirst().map { row in
            let cells = row.components(separatedBy: #"</t"#).dropLast().map { cell -> String in
                let start = cell.range(of: "<t", options: .backwards).map { cell[$0.lowerBound...] } ?? Substring(cell)
                return decode(strip(String(start)))
            }
            let href = row.range(of: #"href=""#).map { range -> String in
                String(row[range.upperBound...].prefix { $0 != "\"" })
            }
            return (cells, href.map(decode))
        }
    }

    static func strip(_ html: String) -> String {
        var out = ""
        var inTag = false
        for char in html {
            if char == "<" { inTag = true } else if char == ">" { inTag = false } else if !inTag { out.append(char) }
        }
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&#x3D;", with: "=")
            .replacingOccurrences(of: "&#x2F;", with: "/").replacingOccurrences(of: "&#x60;", with: "`")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Every page of a worklist (following "Neste side"), its rows in order.
    static func allRows(_ stack: TestStack, _ path: String) async throws -> [(cells: [String], href: String?)] {
        var rows: [(cells: [String], href: String?)] = []
        var next: String? = path
        var pages = 0
        while let current = next, pages < 200 {
            let reply = try await get(stack, current)
            guard reply.status == 200 else {
                throw Failure("GET \(current) answered \(reply.status): \(reply.text.prefix(400))")
            }
            rows += Self.rows(reply.text)
            next = reply.text.range(of: #"rel="next""#).flatMap { _ -> String? in
                guard
                    let anchor = reply.text.range(
                        of: #"<a href=""#,
                        options: .backwards,
                        range: reply.text.startIndex..<reply.text.range(of: #"rel="next""#)!.lowerBound
                    )
                else { return nil }
                return decode(String(reply.text[anchor.upperBound...].prefix { $0 != "\"" }))
            }
            pages += 1
        }
        return rows
    }

    /// The CSV parsed by Python's csv module with the semicolon dialect (after checking and removing the BOM).
    static func csv(_ data: Data) throws -> [[String]] {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard Array(data.prefix(3)) == bom else { throw Failure("the CSV does not start with a UTF-8 byte-order mark") }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("worklist-\(UUID().uuidString).csv")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import csv, json, sys
            with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
                print(json.dumps(list(csv.reader(f, delimiter=";", quotechar='"', strict=True))))
            """
        let process = Process()
        let venv = RepositoryPaths.root.appendingPathComponent(".venv/bin/python")
        process.executableURL =
            FileManager.default.isExecutableFile(atPath: venv.path) ? venv : URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, file.path]
        let pipe = Pipe()
        let errors = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                "python csv failed: \(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))"
            )
        }
        return try JSONDecoder().decode([[String]].self, from: output)
    }

    /// Øre as the CSV's plain kroner ("1234,50"), written here independently of the gateway's writer.
    static func kroner(_ ore: Int64) -> String {
        let cents = ore % 100
        return "\(ore / 100),\(cents < 10 ? "0" : "")\(cents)"
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// The services' own list RPCs over gRPC as a registered person (the test's independent source).
enum WorklistSource {
    static func needsReports(_ stack: TestStack, _ request: ListNeedsReportsRequest) async throws -> [NeedsReport] {
        try await stack.client(.needs, as: "statsforvalter-agder", person: "demo-saksbehandler-ein") { client in
            try await request.allPages(pageSize: 500) {
                try await NeedsServiceClient(wrapping: client).listNeedsReports($0)
            }
        }
    }

    static func allocation<R: Sendable>(
        _ stack: TestStack,
        _ body: @Sendable (AllocationServiceClient<HTTP2ClientTransport.Posix>) async throws -> R
    ) async throws -> R {
        try await stack.client(.allocation, as: "statsforvalter-agder", person: "demo-saksbehandler-ein") { client in
            try await body(AllocationServiceClient(wrapping: client))
        }
    }
}
