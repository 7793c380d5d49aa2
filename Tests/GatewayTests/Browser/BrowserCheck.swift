import Foundation
import KSITestSupport

/// Runs `scripts/browser_check.py` (headless Chromium through selenium, axe-core, the English/raw-code
/// detector `scripts/dashboard_text.py`) as one person and reads its JSON report. The script collects;
/// `BrowserFindings` judges.
enum BrowserCheck {
    /// A named page to visit before the crawl: a name (the screenshots' file name), the path with its query,
    /// the status it must answer, and whether to submit its form first (the simulator), after clicking the
    /// `click` CSS selectors.
    struct Page: Encodable, Sendable {
        var name: String
        var path: String
        var expectStatus = 200
        var submit = false
        var click: [String] = []
        /// A case action: the form to submit (CSS selector), its fields (CSS selector → value), what the page
        /// the browser lands on must contain (CSS selector), and the widths to load it at (each load acts).
        var form: String? = nil
        var fill: [String: String] = [:]
        var waitFor: String? = nil
        var widths: [Int]? = nil
    }

    /// Where the crawl starts, its bounds (pages beyond the named ones; seconds), the path prefixes whose
    /// first link is followed before any other, and the regular expressions (on path + query) of links not
    /// to follow.
    struct Crawl: Encodable, Sendable {
        var start = ["/"]
        var maxPages: Int
        var maxSeconds: Int
        var prefer: [String] = []
        var skip: [String] = []
    }

    struct Spec: Encodable, Sendable {
        var baseURL: String
        var outDir: String
        var person: String
        var widths: [Int]
        var pages: [Page]
        var crawl: Crawl
    }

    /// What the script saw.
    struct Report: Codable, Sendable {
        var browser: String
        var axeVersion: String?
        var person: String?
        var widths: [Int]
        var pages: [Visited]
        var downloads: [Download]
        var crawl: CrawlSummary
    }

    struct CrawlSummary: Codable, Sendable {
        var stoppedBy: String
        /// Links found but not visited within the bounds.
        var unvisited: [String]
        /// Links not followed because they match `Crawl.skip`.
        var skipped: [String]
    }

    /// A link that is not an HTML page (a CSV export): fetched, not rendered.
    struct Download: Codable, Sendable {
        var path: String
        var status: Int
        var contentType: String
    }

    struct Visited: Codable, Sendable {
        var name: String
        var path: String
        var seeded: Bool
        var expectStatus: Int
        /// The status of a plain GET of the URL (nil for a submitted form: the browser hides it).
        var httpStatus: Int?
        /// Width in CSS px (as text: JSON object keys) → what the page showed at that width.
        var widths: [String: AtWidth]
    }

    struct AtWidth: Codable, Sendable {
        var error: String?
        /// The URL the browser shows (after a submitted form: where it was sent).
        var url: String?
        var title: String?
        var h1: String?
        /// `data-figure` name → `value` (nil when the value attribute is not an integer: suppressed).
        var figures: [String: Int64?]?
        var viewportWidth: Int?
        var scrollWidth: Int?
        var accessibility: Accessibility?
        var overflowing: [Overflow]?
        var smallSvgText: [SmallText]?
        var smallTargets: [SmallTarget]?
        var textFindings: [TextFinding]?
        var axeViolations: [AxeViolation]?
        var screenshot: String?
    }

    struct Accessibility: Codable, Sendable {
        var lang: String?
        var h1Count: Int
        var svgCount: Int
        var svgsWithoutName: [String]
        var tableCount: Int
        var tablesWithoutCaption: [String]
        var externalResources: [String]
    }

    /// An element reaching past the viewport's right edge; `clipped` when a container hides it (cut off).
    struct Overflow: Codable, Sendable {
        var element: String
        var right: Int
        var width: Int
        var clipped = false
    }
    struct SmallText: Codable, Sendable {
        var text: String
        var element: String
        var px: Double
    }
    struct SmallTarget: Codable, Sendable {
        var element: String
        var text: String
        var width: Double
        var height: Double
    }
    struct TextFinding: Codable, Sendable {
        var rule: String
        var match: String
        var text: String
        var element: String
    }
    struct AxeViolation: Codable, Sendable {
        var id: String
        var impact: String?
        var help: String?
        var targets: [String]
        var nodeCount: Int
    }

    static let script = RepositoryPaths.root.appendingPathComponent("scripts/browser_check.py").path

    /// Walks the dashboard as `spec` says, saving screenshots into `spec.outDir`.
    static func run(_ spec: Spec) async throws -> (Report, output: String) {
        let specFile = URL(fileURLWithPath: spec.outDir).appendingPathComponent("spec.json")
        try FileManager.default.createDirectory(atPath: spec.outDir, withIntermediateDirectories: true)
        try JSONEncoder().encode(spec).write(to: specFile)
        let result = try await runProgramOffPool(RepositoryPaths.python, [script, "@" + specFile.path])
        // chromedriver may log to stderr (merged into the output); the report is the last JSON line.
        guard result.status == 0,
            let line = result.output.split(separator: "\n").last(where: { $0.hasPrefix("{") })
        else {
            throw BrowserCheckFailed(output: result.output)
        }
        return (try JSONDecoder().decode(Report.self, from: Data(line.utf8)), result.output)
    }

    struct BrowserCheckFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "browser_check.py failed:\n\(output)" }
    }
}

extension Data {
    /// Whether the bytes start with the PNG signature.
    var isPNG: Bool { starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) }
}
