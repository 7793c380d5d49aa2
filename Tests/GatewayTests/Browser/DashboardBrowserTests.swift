import Foundation
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// The dashboard in a real browser (headless Chromium via selenium, `scripts/browser_check.py`) against the
/// running stack with the demo year (Agder, KSI 2025), as several persons: the loopback dashboard acts as
/// that person (`TestStack.with(withGateway: true, dashboardPerson:)`), one stack and one Chromium session
/// per person. Each walk visits the named pages (`Walk.pages`, the simulator submitted) and then every page
/// reachable by same-origin links from `/` (bounded), at 1366 px and at 390 px (a phone), and asserts per
/// page and width: the status, lang="nb", one h1, named SVGs, table captions, nothing external, no
/// serious/critical axe-core violation, no sideways page scroll, SVG text ≥ 12 px, targets ≥ 24×24 px
/// (WCAG 2.5.8), no English or raw code (scripts/dashboard_text.py); CSV links answer 200 text/csv.
///
/// Figures: the primary check is `PageUnderTest.expected`, figures computed independently of the view code
/// (issue 15) by a `PageFigureSource` from `figureSource(in:)`; the secondary one compares each figure with the
/// JSON API's answer for the same view.
/// Artifacts: `.build/artifacts/dashboard/<person>/` holds `<page>-<width>.png`, `report.json` (everything
/// the browser saw) and `findings.txt` (every problem, per page); `.ci/run` copies them out (docs/testing.md).
@Suite("Dashboard in headless Chromium against the running stack", .serialized)
struct DashboardBrowserTests {
    static let query = "year=2025&scheme=ksi"
    static let widths = [1366, 390]

    /// A named page; its expected figures from the independent source (the primary check); the API calls that
    /// answer the views its figures name (view prefix → API call) and the figures it must show (the secondary
    /// check, so that "every figure equals the API" is never vacuous).
    struct PageUnderTest: Sendable {
        var page: BrowserCheck.Page
        var expected: (@Sendable (any PageFigureSource) -> [String: Int64?])? = nil
        var sources: [String: APICall] = [:]
        var required: [String] = []
    }

    enum APICall: Sendable {
        case get(String)
        case post(String, SimulateAllocationRequest)
    }

    /// One person's walk: the named pages, and the paths the crawl must reach (prefixes), so that a page
    /// the person should see but that no link leads to is found.
    struct Walk: Sendable, CustomTestStringConvertible {
        var person: String
        var pages: [PageUnderTest]
        var mustReach: [String]
        var maxPages = 36
        var maxSeconds = 60
        var testDescription: String { person }
    }

    static let walks: [Walk] = [
        Walk(
            person: DemoPersons.dashboardDefault,
            pages: caseworkerPages + [notFound],
            mustReach: [
                "/regioner/", "/kommuner/", "/simulator", "/partnerskap", "/henvisninger", "/om-statistikken",
                "/logg-inn", "/arbeidslister/soknader", "/arbeidslister/oppfolging", "/soknader/",
            ]
        ),
        Walk(
            person: "demo-udir",
            pages: [PageUnderTest(page: .init(name: "oversikt", path: "/")), notFound],
            mustReach: ["/regioner/", "/kommuner/", "/partnerskap", "/henvisninger", "/om-statistikken"]
        ),
        Walk(
            person: "demo-statped-inntak",
            pages: [PageUnderTest(page: .init(name: "oversikt", path: "/")), notFound],
            mustReach: ["/henvisninger", "/arbeidslister/inntak", "/inntak/", "/om-statistikken"]
        ),
    ]

    /// Links the walk does not follow: one that would make the dashboard act as another person (the dev-only
    /// person switcher on `/logg-inn`) would turn the rest of the walk into another person's.
    static let notFollowed = ["[?&](person|personId|dashboardPerson)="]

    /// A path no page has: the dashboard's 404 page, which must be a proper page too.
    static let notFound = PageUnderTest(
        page: .init(name: "finnes-ikke", path: "/finnes-ikke?\(query)", expectStatus: 404)
    )

    /// What the simulator form posts for Agder KSI 2025 with its defaults (needs-based, equal split,
    /// 6 000 000 kr, the year's reported needs as draft lines) and "by number of children and pupils"
    /// ticked as well: two scenarios side by side.
    static let simulation = SimulateAllocationRequest.with {
        $0.governorOfficeId = "agder"
        $0.scheme = .ksi
        $0.year = 2025
        $0.frameOre = 6_000_000_00
        $0.methods = [.with { $0.method = .needsBased }, .with { $0.method = .proRataChildrenAndPupils }]
        $0.splitRules = [.with { $0.kind = .equal }]
    }

    static let caseworkerPages: [PageUnderTest] = [
        PageUnderTest(page: .init(name: "oversikt", path: "/")),
        PageUnderTest(
            page: .init(name: "region-agder", path: "/regioner/agder?\(query)"),
            expected: { $0.region(office: "agder", scheme: .ksi, year: 2025) },
            sources: [
                "V1": .get("/api/v1/regions/agder/overview?\(query)"),
                "V3": .get("/api/v1/regions/agder/demand-vs-budget?\(query)"),
                "V4": .get("/api/v1/regions/agder/special-needs-share?\(query)"),
                "V5": .get("/api/v1/regions/agder/kindergarten-share?\(query)"),
                "V6": .get("/api/v1/regions/agder/fragmentation?\(query)"),
                "V11": .get("/api/v1/regions/agder/participation?\(query)"),
            ],
            required: [
                "V1.totals.frameOre", "V1.totals.requestedOre", "V1.totals.decidedOre", "V1.totals.disbursedOre",
                "V1.totals.utilisationBp",
                "V1.totals.participatingMunicipalities", "V1.totals.activePartnerships",
                "V3.totals.demandRatioBp", "V3.totals.availableOre", "V3.totals.coverageBp",
                "V4.totals.specialNeedsShareInclusiveBp", "V5.totals.kindergartenShareBp",
                "V6.totals.microShareBp", "V6.totals.fragmentationBp", "V6.totals.lineCount",
                "V11.totals.municipalUnitsParticipating",
            ]
        ),
        PageUnderTest(
            page: .init(name: "kommune-kristiansand", path: "/kommuner/4204?year=2025"),
            expected: { $0.municipality("4204", scheme: .unspecified, year: 2025) },
            sources: [
                "V2": .get("/api/v1/municipalities/4204/profile?year=2025")
            ],
            required: ["V2.population", "V2.children0to19", "V2.decidedPerChildOre"]
        ),
        PageUnderTest(
            page: .init(
                name: "simulator",
                path: "/simulator?region=agder&\(query)",
                submit: true,
                click: ["input[name=method][value=proRataChildrenAndPupils]"]
            ),
            sources: [
                "V12": .post("/api/v1/simulations?draftLinesFromReportedNeeds=true", simulation)
            ],
            required: [
                "V12.result.scenarios.0.totalLinesOre", "V12.result.scenarios.0.remainingOre",
                "V12.result.scenarios.0.failedFindings",
                "V12.result.scenarios.1.totalLinesOre", "V12.result.scenarios.1.remainingOre",
            ]
        ),
        PageUnderTest(
            page: .init(name: "partnerskap-agder", path: "/partnerskap?region=agder&year=2025"),
            expected: { $0.partnershipHealth(office: "agder", scheme: .unspecified) },
            sources: [
                "V7": .get("/api/v1/regions/agder/partnership-health?year=2025")
            ],
            required: ["V7.bandCounts.green", "V7.bandCounts.amber", "V7.bandCounts.red"]
        ),
        PageUnderTest(
            page: .init(name: "henvisninger-agder", path: "/henvisninger?region=agder&year=2025"),
            expected: { $0.referrals(office: "agder", year: 2025) },
            sources: [
                "V13": .get("/api/v1/regions/agder/referral-queue?year=2025"),
                "V8": .get("/api/v1/regions/agder/referral-waiting-times?year=2025&breakdowns=ageDivision"),
                "V9": .get("/api/v1/regions/agder/referral-equity?year=2025"),
            ],
            required: [
                "V8.totals.startupSlaBp", "V8.totals.openCases", "V9.nationalMedianTToServiceDays", "V9.equityGapBp",
                "V8.totals.intervals.tTriage.medianDays",
            ]
        ),
    ]

    /// The independent figures of the demo year (the primary figure check): `ExpectedFigures` computes them from
    /// the entities the services list (Tests/GatewayTests/Figures/), not from the gateway's view code.
    static func figureSource(in stack: TestStack) async throws -> (any PageFigureSource)? {
        try await ExpectedFigures(FigureEntities.read(from: stack, office: "agder", scheme: .ksi, year: 2025))
    }

    /// Where the artifacts go (under .build, so never committed; `.ci/run` copies them out).
    static let artifacts = RepositoryPaths.root.appendingPathComponent(".build/artifacts/dashboard")

    @Test(
        "every page reachable from / loads in Chromium at 1366 and 390 px as the person, passes the accessibility, layout and bokmål checks, shows the expected figures, and is screenshotted",
        arguments: walks
    )
    func dashboardInChromium(_ walk: Walk) async throws {
        let output = try RepositoryPaths.temporaryDirectory("dashboard-\(walk.person)")
        defer { try? FileManager.default.removeItem(at: output) }
        try await TestStack.with(withGateway: true, dashboardPerson: walk.person) { stack in
            _ = try await stack.loadDemoYear()
            var expected: [String: [String: Int64?]] = [:]
            if let source = try await Self.figureSource(in: stack) {
                for page in walk.pages { expected[page.page.name] = page.expected?(source) }
            }
            let api = try await Self.apiAnswers(walk, stack: stack)
            let spec = BrowserCheck.Spec(
                baseURL: "http://127.0.0.1:\(stack.devDashboardPort)",
                outDir: output.path,
                person: walk.person,
                widths: Self.widths,
                pages: walk.pages.map(\.page),
                crawl: .init(
                    maxPages: walk.maxPages,
                    maxSeconds: walk.maxSeconds,
                    prefer: walk.mustReach,
                    skip: Self.notFollowed
                )
            )
            let (report, log) = try await BrowserCheck.run(spec)
            let findings = try Self.saveArtifacts(report, person: walk.person)
            print(
                "DashboardBrowserTests \(walk.person): \(report.pages.count) pages × \(Self.widths) px, \(report.downloads.count) downloads, "
                    + "\(report.browser), axe-core \(report.axeVersion ?? "?"), crawl stopped by \(report.crawl.stoppedBy) "
                    + "(\(report.crawl.unvisited.count) links left); \(findings.count) finding lines in \(Self.artifacts.path)/\(walk.person)/findings.txt"
            )

            #expect(report.axeVersion != nil, "axe-core did not run")
            #expect(Array(report.pages.prefix(walk.pages.count)).map(\.name) == walk.pages.map(\.page.name), "\(log)")
            for page in report.pages {
                let problems = BrowserFindings.problems(of: page, widths: Self.widths)
                #expect(problems.isEmpty, "\(walk.person) \(page.path):\n  \(problems.joined(separator: "\n  "))")
            }
            for download in report.downloads {
                let problems = BrowserFindings.problems(of: download)
                #expect(problems.isEmpty, "\(walk.person): \(problems.joined(separator: "; "))")
            }
            let reached = report.pages.map(\.path) + report.downloads.map(\.path)
            for prefix in walk.mustReach {
                let found = report.crawl.unvisited.contains { $0.hasPrefix(prefix) }
                #expect(
                    reached.contains { $0.hasPrefix(prefix) },
                    "\(walk.person): \(found ? "a link to \(prefix) was found but not visited within the bounds" : "no link from / leads to \(prefix)")"
                )
            }
            for page in walk.pages {
                guard let visited = report.pages.first(where: { $0.name == page.page.name }) else { continue }
                let differences = BrowserFindings.figureDifferences(visited, expected: expected[page.page.name] ?? [:])
                #expect(
                    differences.isEmpty,
                    "\(visited.name), figures computed from the entities:\n  \(differences.joined(separator: "\n  "))"
                )
                if let api { try Self.checkAgainstAPI(visited, page, api: api) }
            }
            if let api, walk.person == DemoPersons.dashboardDefault { try Self.anchors(report, api: api) }
        }
    }

    /// The API's answers for the walk's named pages, as statsforvalter-agder over HTTPS with its client
    /// certificate and the token of the person the dashboard acts as (nil when no page has API sources).
    static func apiAnswers(_ walk: Walk, stack: TestStack) async throws -> JSONAnswers? {
        guard walk.pages.contains(where: { !$0.sources.isEmpty }) else { return nil }
        return try await StackHTTPSClient.with(stack, as: "statsforvalter-agder", personId: walk.person) { https in
            var answers: [String: [String: Any]] = [:]
            for page in walk.pages {
                for (view, call) in page.sources {
                    let reply =
                        switch call {
                        case .get(let uri): try await https.get(uri)
                        case .post(let uri, let body): try await https.post(uri, body: body)
                        }
                    #expect(reply.status == .ok, "\(view): \(reply.text)")
                    let json = try #require(reply.json, "\(view) is not a JSON object")
                    answers[view] = json
                }
            }
            return JSONAnswers(answers)
        }
    }

    /// The secondary check: every figure the page shows (at every width) equals the API's number, and the
    /// required ones are there.
    static func checkAgainstAPI(_ visited: BrowserCheck.Visited, _ expected: PageUnderTest, api: JSONAnswers) throws {
        guard !expected.sources.isEmpty else { return }
        for (width, facts) in visited.widths.sorted(by: { $0.key < $1.key }) {
            let name = "\(visited.name) at \(width) px"
            let figures = facts.figures ?? [:]
            for required in expected.required {
                #expect(figures[required] != nil, "\(name) does not show \(required)")
            }
            for (figure, shown) in figures.sorted(by: { $0.key < $1.key }) {
                let view = String(figure.prefix { $0 != "." })
                guard let json = api.answers[view] else {
                    Issue.record("\(name) shows \(figure) but no API call answers \(view)")
                    continue
                }
                guard let shown else { continue }  // suppressed: no number to compare (PRIV-R5)
                do {
                    let fromAPI = try FigureResolver.value(of: figure, in: json)
                    #expect(fromAPI == shown, "\(name): \(figure) shows \(shown), the API says \(fromAPI)")
                } catch {
                    Issue.record("\(name): \(error)")
                }
            }
        }
    }

    /// Numbers known from the demo year itself, so equal-to-the-API is not equal-to-nothing: the frame
    /// Udir set for Agder (8 000 000 kr), Kristiansand's population in the demo reference data, V1's
    /// utilisation as decided × 10 000 / frame rounded down, partnerships in the V7 bands, the simulator's two
    /// scenarios each accounting for the whole frame, and a V13 queue.
    static func anchors(_ report: BrowserCheck.Report, api: JSONAnswers) throws {
        func shown(_ page: String, _ figure: String) -> Int64? {
            report.pages.first { $0.name == page }?.widths["1366"]?.figures?[figure] ?? nil
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
        #expect(
            shown("simulator", "V12.result.scenarios.0.totalLinesOre")
                == shown("region-agder", "V1.totals.requestedOre")
        )
        let queue =
            report.pages.first { $0.name == "henvisninger-agder" }?.widths["1366"]?.figures?.keys.filter {
                $0.hasPrefix("V13.byStatus.")
            } ?? []
        #expect(!queue.isEmpty, "the referral page shows no V13 queue counts")
    }

    /// Copies the screenshots to `.build/artifacts/dashboard/<person>/`, with `report.json` and
    /// `findings.txt` (every problem per page, and the axe violations below serious); returns the findings.
    static func saveArtifacts(_ report: BrowserCheck.Report, person: String) throws -> [String] {
        let directory = artifacts.appendingPathComponent(person)
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lines: [String] = []
        for page in report.pages {
            for facts in page.widths.values {
                guard let path = facts.screenshot else { continue }
                let source = URL(fileURLWithPath: path)
                try? FileManager.default.copyItem(
                    at: source,
                    to: directory.appendingPathComponent(source.lastPathComponent)
                )
            }
            let problems = BrowserFindings.problems(of: page, widths: widths)
            let minor = BrowserFindings.minorAxe(of: page)
            if !problems.isEmpty || !minor.isEmpty {
                lines.append("\(page.path)")
                lines += problems.map { "  FAIL \($0)" } + minor.map { "  note \($0)" }
            }
        }
        lines += report.downloads.flatMap(BrowserFindings.problems(of:)).map { "FAIL \($0)" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: directory.appendingPathComponent("report.json"))
        let header =
            "\(person): \(report.pages.count) pages at \(report.widths) px, crawl stopped by \(report.crawl.stoppedBy)\n"
        try Data((header + lines.joined(separator: "\n") + "\n").utf8).write(
            to: directory.appendingPathComponent("findings.txt")
        )
        return lines
    }
}

/// The API's JSON answers by view prefix (`V1`, …), handed across the stack's scope.
struct JSONAnswers: @unchecked Sendable {
    // @unchecked: JSONSerialization's values are immutable once parsed and only read afterwards.
    let answers: [String: [String: Any]]
    init(_ answers: [String: [String: Any]]) { self.answers = answers }
}
