import Foundation
import KSITestSupport

/// Runs `scripts/browser_check.py` (headless Chromium through selenium) and reads its JSON report.
enum BrowserCheck {
    /// One page to visit: a name (also the screenshot's file name), the path with its query, and
    /// whether to submit the page's form first (the simulator), after clicking the `click` CSS selectors.
    struct Page: Encodable, Sendable {
        var name: String
        var path: String
        var submit = false
        var click: [String] = []
    }

    /// What the script saw, per page (`error` set when the page could not be visited at all).
    struct Report: Decodable, Sendable {
        var pages: [Visited]
    }

    struct Visited: Decodable, Sendable {
        var name: String
        var error: String?
        var httpStatus: Int?
        var title: String?
        var h1: String?
        /// `data-figure` name → `value` (nil when the value attribute is not an integer).
        var figures: [String: Int64?]?
        var accessibility: Accessibility?
        var screenshot: String?
    }

    struct Accessibility: Decodable, Sendable {
        var lang: String?
        var h1Count: Int
        var svgCount: Int
        var svgsWithoutName: [Int]
        var tableCount: Int
        var tablesWithoutCaption: [Int]
        var externalResources: [String]
    }

    static let script = RepositoryPaths.root.appendingPathComponent("scripts/browser_check.py").path

    /// Visits `pages` under `baseURL`, saving screenshots into `directory`.
    static func run(baseURL: String, pages: [Page], screenshots directory: URL) async throws -> (Report, output: String) {
        let spec = String(decoding: try JSONEncoder().encode(pages), as: UTF8.self)
        let result = try await runOffThePool(RepositoryPaths.python, [script, baseURL, directory.path, spec])
        // chromedriver may log to stderr (merged into the output); the report is the last JSON line.
        guard result.status == 0,
              let line = result.output.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
            throw BrowserCheckFailed(output: result.output)
        }
        return (try JSONDecoder().decode(Report.self, from: Data(line.utf8)), result.output)
    }

    struct BrowserCheckFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "browser_check.py failed:\n\(output)" }
    }

    /// `runProgram` blocks its thread until the browser is done; run it on a thread of its own so the
    /// in-process stack it is talking to keeps every cooperative thread (the machine has two cores).
    static func runOffThePool(_ executable: URL, _ arguments: [String]) async throws -> ProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runProgram(executable, arguments) }) }.start()
        }
    }
}

extension Data {
    /// Whether the bytes start with the PNG signature.
    var isPNG: Bool { starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) }
}
