import Foundation
import KSICore
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// The dashboard in a real browser (headless Chromium via selenium, `scripts/browser_check.py`) against
/// the running stack with the demo year (Agder, KSI 2025): every page loads, its key figures equal what
/// the JSON API returns for the same view, the basic accessibility facts hold, and a full-page
/// screenshot is saved per page (also copied to `.build/artifacts/dashboard/` to look at).
///
/// The browser has no client certificate: it reads the loopback dashboard `ksi dev` serves (as
/// statsforvalter-agder); the API numbers are read over HTTPS with statsforvalter-agder's certificate,
/// so both sides are the same organisation and see the same suppression (PRIV-R5).
@Suite("Dashboard in headless Chromium against the running stack")
struct DashboardBrowserTests {
    static let query = "year=2025&scheme=ksi"

    /// A page and the API calls that answer the views its figures name (view prefix → API call).
    struct PageUnderTest {
        var page: BrowserCheck.Page
        var sources: [String: APICall]
        /// Figures the page must show (so that "every figure equals the API" is never vacuous).
        var required: [String]
    }

    enum APICall {
        case get(String)
        case post(String, SimulateAllocationRequest)
    }

    /// What the simulator form posts for Agder KSI 2025 with its defaults (needs-based, equal split,
    /// 6 000 000 kr, the year's reported needs as draft lines) and "by number of children and pupils"
    /// ticked as well: two scenarios side by side.
    static let simulation = SimulateAllocationRequest.with {
        $0.governorOfficeId = "agder"; $0.scheme = .ksi; $0.year = 2025; $0.frameOre = 6_000_000_00
        $0.methods = [.with { $0.method = .needsBased }, .with { $0.method = .proRataChildrenAndPupils }]
        $0.splitRules = [.with { $0.kind = .equal }]
    }

    static let pages: [PageUnderTest] = [
        PageUnderTest(page: .init(name: "oversikt", path: "/"), sources: [:], required: []),
        PageUnderTest(page: .init(name: "region-agder", path: "/regioner/agder?\(query)"), sources: [
            "V1": .get("/api/v1/regions/agder/overview?\(query)"),
            "V3": .get("/api/v1/regions/agder/demand-vs-budget?\(query)"),
            "V4": .get("/api/v1/regions/agder/special-needs-share?\(query)"),
            "V5": .get("/api/v1/regions/agder/kindergarten-share?\(query)"),
            "V6": .get("/api/v1/regions/agder/fragmentation?\(query)"),
            "V11": .get("/api/v1/regions/agder/participation?\(query)"),
        ], required: [
            "V1.totals.frameOre", "V1.totals.requestedOre", "V1.totals.decidedOre", "V1.totals.disbursedOre", "V1.totals.utilisationBp",
            "V1.totals.participatingMunicipalities", "V1.totals.activePartnerships",
            "V3.totals.demandRatioBp", "V3.totals.availableOre", "V3.totals.coverageBp",
            "V4.totals.specialNeedsShareInclusiveBp", "V5.totals.kindergartenShareBp",
            "V6.totals.microShareBp", "V6.totals.fragmentationBp", "V6.totals.lineCount", "V11.totals.municipalUnitsParticipating",
        ]),
        PageUnderTest(page: .init(name: "kommune-kristiansand", path: "/kommuner/4204?year=2025"), sources: [
            "V2": .get("/api/v1/municipalities/4204/profile?year=2025"),
        ], required: ["V2.population", "V2.children0to19", "V2.decidedPerChildOre"]),
        PageUnderTest(page: .init(name: "simulator", path: "/simulator?region=agder&\(query)", submit: true,
                                  click: ["input[name=method][value=proRataChildrenAndPupils]"]), sources: [
            "V12": .post("/api/v1/simulations?draftLinesFromReportedNeeds=true", simulation),
        ], required: ["V12.result.scenarios.0.totalLinesOre", "V12.result.scenarios.0.remainingOre", "V12.result.scenarios.0.failedFindings",
                      "V12.result.scenarios.1.totalLinesOre", "V12.result.scenarios.1.remainingOre"]),
        PageUnderTest(page: .init(name: "partnerskap-agder", path: "/partnerskap?region=agder&year=2025"), sources: [
            "V7": .get("/api/v1/regions/agder/partnership-health?year=2025"),
        ], required: ["V7.bandCounts.green", "V7.bandCounts.amber", "V7.bandCounts.red"]),
        PageUnderTest(page: .init(name: "henvisninger-agder", path: "/henvisninger?region=agder&year=2025"), sources: [
            "V13": .get("/api/v1/regions/agder/referral-queue?year=2025"),
            "V8": .get("/api/v1/regions/agder/referral-waiting-times?year=2025&breakdowns=ageDivision"),
            "V9": .get("/api/v1/regions/agder/referral-equity?year=2025"),
        ], required: ["V8.totals.startupSlaBp", "V8.totals.openCases", "V9.nationalMedianTToServiceDays", "V9.equityGapBp",
                      "V8.totals.intervals.tTriage.medianDays"]),
    ]

    /// Where the screenshots are copied for a person to look at (under .build, so never committed).
    static let artifacts = RepositoryPaths.root.appendingPathComponent(".build/artifacts/dashboard")

    @Test("every dashboard page loads in Chromium, shows the API's numbers for its view (V1–V13), is accessible, and is screenshotted")
    func dashboardInChromium() async throws {
        let screenshots = try RepositoryPaths.temporaryDirectory("dashboard-screenshots")
        defer { try? FileManager.default.removeItem(at: screenshots) }
        try await TestStack.with(withGateway: true) { stack in
            _ = try await stack.loadDemoYear()
            // The API's answers, as statsforvalter-agder over HTTPS with its client certificate and the token of the
            // person the dashboard acts as.
            let api = try await StackHTTPSClient.with(stack, as: "statsforvalter-agder", personId: DemoPersons.dashboardDefault) { https in
                var answers: [String: [String: Any]] = [:]
                for page in Self.pages {
                    for (view, call) in page.sources {
                        let reply = switch call {
                        case .get(let uri): try await https.get(uri)
                        case .post(let uri, let body): try await https.post(uri, body: body)
                        }
                        #expect(reply.status == .ok, "\(view): \(reply.text)")
                        answers[view] = try #require(reply.json, "\(view) is not a JSON object")
                    }
                }
                return JSONAnswers(answers)
            }
            let (report, output) = try await BrowserCheck.run(baseURL: "http://127.0.0.1:\(stack.devDashboardPort)",
                                                              pages: Self.pages.map(\.page), screenshots: screenshots)
            #expect(report.pages.map(\.name) == Self.pages.map(\.page.name))
            for (expected, visited) in zip(Self.pages, report.pages) {
                try checkPage(visited, expected, api: api, output: output)
            }
            try anchors(report, api: api)
            try copyScreenshots(report)
        }
    }

    /// Loaded, accessible, and every figure it shows equals the API's number.
    func checkPage(_ visited: BrowserCheck.Visited, _ expected: PageUnderTest, api: JSONAnswers, output: String) throws {
        let name = visited.name
        #expect(visited.error == nil, "\(name): \(visited.error ?? "")\n\(output)")
        if !expected.page.submit { #expect(visited.httpStatus == 200, "\(name) answered \(visited.httpStatus ?? 0)") }
        let a11y = try #require(visited.accessibility, "\(name) has no accessibility facts")
        #expect(a11y.lang == "nb", "\(name): html lang is \(a11y.lang ?? "missing")")
        #expect(a11y.h1Count == 1, "\(name) has \(a11y.h1Count) h1")
        #expect(a11y.svgsWithoutName.isEmpty, "\(name): svgs without title or aria-label at \(a11y.svgsWithoutName)")
        #expect(a11y.tablesWithoutCaption.isEmpty, "\(name): tables without caption at \(a11y.tablesWithoutCaption)")
        #expect(a11y.externalResources.isEmpty, "\(name) loads \(a11y.externalResources)")

        let figures = visited.figures ?? [:]
        for required in expected.required {
            #expect(figures[required] != nil, "\(name) does not show \(required)")
        }
        for (figure, shown) in figures.sorted(by: { $0.key < $1.key }) {
            let view = String(figure.prefix { $0 != "." })
            guard let json = api.answers[view] else { Issue.record("\(name) shows \(figure) but no API call answers \(view)"); continue }
            guard let shown else { Issue.record("\(name): \(figure) has no integer value"); continue }
            do {
                let fromAPI = try FigureResolver.value(of: figure, in: json)
                #expect(fromAPI == shown, "\(name): \(figure) shows \(shown), the API says \(fromAPI)")
            } catch {
                Issue.record("\(name): \(error)")
            }
        }

        let path = try #require(visited.screenshot, "\(name) has no screenshot")
        let png = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(png.isPNG && png.count > 10_000, "\(name): screenshot is \(png.count) bytes, PNG: \(png.isPNG)")
    }

    /// Numbers known from the demo year itself, so equal-to-the-API is not equal-to-nothing: the frame
    /// Udir set for Agder (8 000 000 kr), Kristiansand's population in the demo reference data, V1's
    /// utilisation as decided ÷ frame rounded down, partnerships in the V7 bands, the simulator's two
    /// scenarios each accounting for the whole frame, and a V13 queue.
    func anchors(_ report: BrowserCheck.Report, api: JSONAnswers) throws {
        func shown(_ page: String, _ figure: String) -> Int64? {
            report.pages.first { $0.name == page }?.figures?[figure] ?? nil
        }
        #expect(shown("region-agder", "V1.totals.frameOre") == DemoYear.frameOre)
        let decided = try #require(shown("region-agder", "V1.totals.decidedOre"))
        #expect(decided > 0)
        #expect(shown("region-agder", "V1.totals.utilisationBp") == decided * 10_000 / DemoYear.frameOre)
        #expect(shown("kommune-kristiansand", "V2.population") == 116_000)
        #expect(shown("kommune-kristiansand", "V2.children0to19") == 26_680)  // 23 % of 116 000
        let bands = ["green", "amber", "red"].compactMap { shown("partnerskap-agder", "V7.bandCounts.\($0)") }
        #expect(bands.count == 3 && bands.reduce(0, +) > 0, "V7 band counts \(bands)")
        // Two methods × one split rule side by side; each scenario accounts for the whole 6 000 000 kr frame.
        for scenario in 0..<2 {
            let lines = try #require(shown("simulator", "V12.result.scenarios.\(scenario).totalLinesOre"))
            let remaining = try #require(shown("simulator", "V12.result.scenarios.\(scenario).remainingOre"))
            #expect(lines + remaining == 6_000_000_00)
        }
        #expect(shown("simulator", "V12.result.scenarios.2.totalLinesOre") == nil)
        // The draft lines are the year's reported needs: together they ask for V1's requested amount.
        #expect(shown("simulator", "V12.result.scenarios.0.totalLinesOre") == shown("region-agder", "V1.totals.requestedOre"))
        let queue = report.pages.first { $0.name == "henvisninger-agder" }?.figures?.keys.filter { $0.hasPrefix("V13.byStatus.") } ?? []
        #expect(!queue.isEmpty, "the referral page shows no V13 queue counts")
    }

    /// Copies the screenshots to `.build/artifacts/dashboard/`.
    func copyScreenshots(_ report: BrowserCheck.Report) throws {
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        for page in report.pages {
            guard let path = page.screenshot else { continue }
            let target = Self.artifacts.appendingPathComponent("\(page.name).png")
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: URL(fileURLWithPath: path), to: target)
        }
    }
}

/// The API's JSON answers by view prefix (`V1`, …), handed across the stack's scope.
struct JSONAnswers: @unchecked Sendable {
    // @unchecked: JSONSerialization's values are immutable once parsed and only read afterwards.
    let answers: [String: [String: Any]]
    init(_ answers: [String: [String: Any]]) { self.answers = answers }
}
