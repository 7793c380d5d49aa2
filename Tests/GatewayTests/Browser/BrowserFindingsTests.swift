import Foundation
import Testing

/// The Swift verdicts on what `browser_check.py` collects (`BrowserFindings`), on hand-made facts whose
/// answers are known: a clean page has no problem, and each planted defect gives exactly its line.
/// (The collection itself is tested in Chromium on fixture pages: Tests/Browser/test_browser_check.py.)
@Suite("Browser findings: the verdicts on collected page facts")
struct BrowserFindingsTests {
    static let screenshot: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("browser-findings-test.png")
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        png.append(Data(repeating: 0, count: 6_000))
        try? png.write(to: url)
        return url.path
    }()

    static func clean(width: Int = 390) -> BrowserCheck.AtWidth {
        BrowserCheck.AtWidth(
            title: "Oversikt",
            h1: "Oversikt",
            figures: [:],
            viewportWidth: width,
            scrollWidth: width,
            accessibility: .init(
                lang: "nb",
                h1Count: 1,
                svgCount: 1,
                svgsWithoutName: [],
                tableCount: 1,
                tablesWithoutCaption: [],
                externalResources: []
            ),
            overflowing: [],
            smallSvgText: [],
            smallTargets: [],
            textFindings: [],
            axeViolations: [
                .init(
                    id: "region",
                    impact: "moderate",
                    help: "All page content should be contained by landmarks",
                    targets: ["p"],
                    nodeCount: 1
                )
            ],
            screenshot: screenshot
        )
    }

    static func page(
        _ facts: [Int: BrowserCheck.AtWidth],
        status: Int? = 200,
        expect: Int = 200
    ) -> BrowserCheck.Visited {
        BrowserCheck.Visited(
            name: "side",
            path: "/side",
            seeded: false,
            expectStatus: expect,
            httpStatus: status,
            widths: Dictionary(uniqueKeysWithValues: facts.map { (String($0.key), $0.value) })
        )
    }

    @Test("a clean page at both widths has no problem; a moderate axe violation is a note, not a problem")
    func cleanPage() {
        let visited = Self.page([1366: Self.clean(width: 1366), 390: Self.clean()])
        #expect(BrowserFindings.problems(of: visited, widths: [1366, 390]) == [])
        #expect(
            BrowserFindings.minorAxe(of: visited) == [
                "1366 px: axe region (moderate) at p", "390 px: axe region (moderate) at p",
            ]
        )
    }

    @Test("each planted defect gives its own line, prefixed with the width")
    func eachDefect() {
        var facts = Self.clean()
        facts.accessibility = .init(
            lang: "en",
            h1Count: 2,
            svgCount: 1,
            svgsWithoutName: ["svg.chart"],
            tableCount: 1,
            tablesWithoutCaption: ["table"],
            externalResources: ["https://cdn.example/x.js"]
        )
        facts.scrollWidth = 608
        facts.overflowing = [
            .init(element: "table#bred", right: 608, width: 600),
            .init(element: "table#beskaaret", right: 608, width: 600, clipped: true),
        ]
        facts.smallSvgText = [.init(text: "Søkt", element: "svg > text", px: 7.8)]
        facts.smallTargets = [.init(element: "nav > a", text: "Oversikt", width: 66.8, height: 19)]
        facts.textFindings = [.init(rule: "english", match: "large", text: "Størrelsesgruppe: large", element: "p")]
        facts.axeViolations = [
            .init(
                id: "image-alt",
                impact: "critical",
                help: "Images must have alternative text",
                targets: ["img"],
                nodeCount: 1
            )
        ]
        let problems = BrowserFindings.problems(of: Self.page([390: facts], status: 200, expect: 404), widths: [390])
        #expect(
            problems == [
                "HTTP 200, expected 404",
                "390 px: html lang is en, not nb",
                "390 px: 2 h1 (exactly one expected)",
                "390 px: svg without title or aria-label: svg.chart",
                "390 px: table without caption: table",
                "390 px: loads an external resource: https://cdn.example/x.js",
                "390 px: page is 608 px wide at 390 px: table#bred (right edge 608 px)",
                "390 px: cut off at 390 px by a container hiding its overflow: table#beskaaret (right edge 608 px)",
                "390 px: SVG text 7.8 px (< 12): \"Søkt\" at svg > text",
                "390 px: target 66.8×19 px (< 24×24, WCAG 2.5.8): \"Oversikt\" at nav > a",
                "390 px: english \"large\" in \"Størrelsesgruppe: large\" at p",
                "390 px: axe image-alt (critical, 1 nodes): Images must have alternative text at img",
            ]
        )
    }

    @Test("a width the walk did not record, a browser error and a missing screenshot are problems")
    func missingFacts() {
        var noShot = Self.clean(width: 1366)
        noShot.screenshot = nil
        let broken = BrowserCheck.AtWidth(error: "TimeoutException: page load")
        #expect(
            BrowserFindings.problems(of: Self.page([1366: noShot]), widths: [1366, 390]) == [
                "1366 px: no screenshot", "390 px: not visited",
            ]
        )
        #expect(
            BrowserFindings.problems(of: Self.page([390: broken]), widths: [390]) == [
                "390 px: TimeoutException: page load"
            ]
        )
    }

    @Test("expected figures: each must be shown with its value at every width; nil is shown without a number")
    func figures() {
        var wide = Self.clean(width: 1366)
        var phone = Self.clean()
        wide.figures = ["V1.totals.frameOre": 800_000_000, "V13.byStatus.submitted": nil]
        phone.figures = ["V1.totals.frameOre": 700_000_000]
        let visited = Self.page([1366: wide, 390: phone])
        #expect(
            BrowserFindings.figureDifferences(
                visited,
                expected: ["V1.totals.frameOre": 800_000_000, "V13.byStatus.submitted": nil]
            ) == [
                "390 px: V1.totals.frameOre shows 700000000, expected 800000000",
                "390 px: V13.byStatus.submitted is not shown",
            ]
        )
        #expect(
            BrowserFindings.figureDifferences(Self.page([1366: wide]), expected: ["V13.byStatus.submitted": 3]) == [
                "1366 px: V13.byStatus.submitted shows no value, expected 3"
            ]
        )
        #expect(
            BrowserFindings.figureDifferences(
                Self.page([1366: wide]),
                expected: ["V1.totals.frameOre": 800_000_000, "V13.byStatus.submitted": nil]
            ) == []
        )
    }

    @Test("a CSV export must answer 200 with text/csv")
    func downloads() {
        #expect(
            BrowserFindings.problems(
                of: .init(
                    path: "/arbeidslister/soknader.csv?year=2025",
                    status: 200,
                    contentType: "text/csv; charset=utf-8"
                )
            ) == []
        )
        #expect(
            BrowserFindings.problems(
                of: .init(path: "/arbeidslister/soknader.csv", status: 403, contentType: "text/html")
            ) == [
                "/arbeidslister/soknader.csv: HTTP 403",
                "/arbeidslister/soknader.csv: content type text/html, expected text/csv",
            ]
        )
    }
}
