import Foundation

/// The verdicts on what `browser_check.py` collected: one readable line per problem, so that a failing
/// walk names every page, width, element and text at once (and the same lines go to the artifacts).
enum BrowserFindings {
    /// axe-core impacts that fail the walk (issue 15: "no serious violations"); moderate and minor ones are
    /// listed in the report only.
    static let failingImpacts: Set<String> = ["serious", "critical"]

    /// Every problem of one page, each line prefixed with its width.
    static func problems(of page: BrowserCheck.Visited, widths: [Int]) -> [String] {
        var out: [String] = []
        if let status = page.httpStatus, status != page.expectStatus {
            out.append("HTTP \(status), expected \(page.expectStatus)")
        }
        for width in widths {
            let at = "\(width) px"
            guard let facts = page.widths[String(width)] else {
                out.append("\(at): not visited")
                continue
            }
            if let error = facts.error {
                out.append("\(at): \(error)")
                continue
            }
            out += problems(of: facts, width: width).map { "\(at): \($0)" }
        }
        return out
    }

    static func problems(of facts: BrowserCheck.AtWidth, width: Int) -> [String] {
        var out: [String] = []
        if let a11y = facts.accessibility {
            if a11y.lang != "nb" { out.append("html lang is \(a11y.lang ?? "missing"), not nb") }
            if a11y.h1Count != 1 { out.append("\(a11y.h1Count) h1 (exactly one expected)") }
            for svg in a11y.svgsWithoutName { out.append("svg without title or aria-label: \(svg)") }
            for table in a11y.tablesWithoutCaption { out.append("table without caption: \(table)") }
            for url in a11y.externalResources { out.append("loads an external resource: \(url)") }
        } else {
            out.append("no accessibility facts")
        }
        // The page itself must not scroll sideways and nothing may be cut off; a table may scroll inside its own container.
        let overflowing = facts.overflowing ?? []
        if let scrollWidth = facts.scrollWidth, scrollWidth > width {
            let culprits = overflowing.filter { !$0.clipped }.map { "\($0.element) (right edge \($0.right) px)" }
            out.append("page is \(scrollWidth) px wide at \(width) px: \(culprits.joined(separator: "; "))")
        }
        for cut in overflowing where cut.clipped {
            out.append(
                "cut off at \(width) px by a container hiding its overflow: \(cut.element) (right edge \(cut.right) px)"
            )
        }
        for text in facts.smallSvgText ?? [] {
            out.append("SVG text \(format(text.px)) px (< 12): \"\(text.text)\" at \(text.element)")
        }
        for target in facts.smallTargets ?? [] {
            out.append(
                "target \(format(target.width))×\(format(target.height)) px (< 24×24, WCAG 2.5.8): \"\(target.text)\" at \(target.element)"
            )
        }
        for finding in facts.textFindings ?? [] {
            out.append("\(finding.rule) \"\(finding.match)\" in \"\(finding.text)\" at \(finding.element)")
        }
        for violation in facts.axeViolations ?? [] where failingImpacts.contains(violation.impact ?? "") {
            out.append(
                "axe \(violation.id) (\(violation.impact ?? "?"), \(violation.nodeCount) nodes): \(violation.help ?? "") at \(violation.targets.joined(separator: ", "))"
            )
        }
        if let path = facts.screenshot {
            let png = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
            if !png.isPNG || png.count < 5_000 { out.append("screenshot is \(png.count) bytes, PNG: \(png.isPNG)") }
        } else {
            out.append("no screenshot")
        }
        return out
    }

    /// Problems of the links that are downloads: a CSV export answers 200 with text/csv.
    static func problems(of download: BrowserCheck.Download) -> [String] {
        var out: [String] = []
        if download.status != 200 { out.append("\(download.path): HTTP \(download.status)") }
        if download.path.hasSuffix(".csv") || download.path.contains(".csv?"),
            !download.contentType.hasPrefix("text/csv")
        {
            out.append("\(download.path): content type \(download.contentType), expected text/csv")
        }
        return out
    }

    /// The primary figure check: every expected figure is shown with that value at every width (nil: shown
    /// without a number, suppressed or undefined).
    static func figureDifferences(_ visited: BrowserCheck.Visited, expected: [String: Int64?]) -> [String] {
        var out: [String] = []
        for (width, facts) in visited.widths.sorted(by: { Int($0.key) ?? 0 > Int($1.key) ?? 0 }) {
            let shown = facts.figures ?? [:]
            for (figure, value) in expected.sorted(by: { $0.key < $1.key }) {
                guard let shownValue = shown[figure] else {
                    out.append("\(width) px: \(figure) is not shown")
                    continue
                }
                if shownValue != value {
                    out.append("\(width) px: \(figure) shows \(describe(shownValue)), expected \(describe(value))")
                }
            }
        }
        return out
    }

    private static func describe(_ value: Int64?) -> String { value.map(String.init) ?? "no value" }

    /// axe violations below the failing impacts, for the report.
    static func minorAxe(of page: BrowserCheck.Visited) -> [String] {
        page.widths.sorted { $0.key < $1.key }.flatMap { width, facts in
            (facts.axeViolations ?? []).filter { !failingImpacts.contains($0.impact ?? "") }
                .map { "\(width) px: axe \($0.id) (\($0.impact ?? "?")) at \($0.targets.joined(separator: ", "))" }
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
