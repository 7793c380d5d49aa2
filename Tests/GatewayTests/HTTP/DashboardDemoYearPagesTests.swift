import Foundation
import KSICore
import KSIDemoData
import StackTestSupport
import Testing

@testable import Gateway

/// Every page of the demo year (Agder, KSI 2025) over plain HTTP on the loopback dashboard of a real stack,
/// as `demo-saksbehandler-ein`: bokmål only (`PageLanguageCheck`), every figure defined and linked
/// (`FigureDefinitions`), the acting person and "Sist oppdatert" shown, and the defaults (own embete, the
/// latest year with data) without any query.
@Suite("Dashboard pages of the demo year", .serialized)
struct DashboardDemoYearPagesTests {
    /// The pages walked, by path (with the demo year's selection). Add new pages here.
    static func pages(municipality: String) -> [String] {
        let selection = "?region=agder&year=2025&scheme=ksi"
        return [
            "/", "/" + selection, "/regioner/agder" + selection, "/kommuner/\(municipality)" + selection,
            "/partnerskap" + selection,
            "/henvisninger" + selection, "/simulator" + selection, "/arbeidslister/soknader" + selection,
            "/arbeidslister/oppfolging" + selection,
            "/om-statistikken", "/logg-inn", "/finnes-ikke", "/regioner/agder?year=abc",
        ]
    }

    /// Findings that come from text owned by other parts of issue 15 and are fixed there (listed in the report
    /// to the integrator): a pattern of the offending text (whole visible text piece) and who fixes it.
    /// Remove an entry when its fix is merged; the test then holds the page to the full check.
    static let pendingElsewhere: [(pattern: String, owner: String)] = [
        // RegionPage's labels (figures): "søkt delt på ramme", "vedtatt delt på søkt", "private delt på kommunale".
        (
            #"^(Overtegning \(søkt ÷ ramme\)|Dekningsgrad \(vedtatt ÷ søkt\)|Paritet private ÷ kommunale)$"#,
            "figures: RegionPage labels"
        ),
        // ReferralPage's label (figures): "Forskjell mellom høyeste og laveste region".
        (#"^Forskjell høyeste ÷ laveste region$"#, "figures: ReferralPage label"),
        // The demo year's report titles and partnership names are built from theme codes (KSICore DemoYear data,
        // not a label lookup): "languageAndCommunication i Arendal (demo)", "Partnerskap readingWriting i Birkenes (demo)".
        (
            #"^(Partnerskap )?[a-z][A-Za-z]* i [^()]+ \(demo\)$"#,
            "KSICore DemoYear titles (theme names from the reference data)"
        ),
    ]

    @Test(
        "every page of the demo year is bokmål, defines and links each figure, and names the acting person; the start page defaults to Agder 2025"
    )
    func walk() async throws {
        try await TestStack.with(withGateway: true) { stack in
            _ = try await stack.loadDemoYear()
            let port = stack.devDashboardPort
            let region = try await PlainHTTP.get(port: port, "/regioner/agder?region=agder&year=2025&scheme=ksi")
            let municipality = try #require(
                region.body.firstMatch(of: /href="\/kommuner\/([0-9]+)\?/).map { String($0.1) }
            )
            var pages: [(String, String)] = []
            for path in Self.pages(municipality: municipality) {
                let answer = try await PlainHTTP.get(port: port, path)
                #expect([200, 400, 404].contains(answer.status), "\(path)")
                pages.append((path, answer.body))
            }
            // The simulator's result page (a form post with its token).
            let form = try await PlainHTTP.get(port: port, "/simulator?region=agder&year=2025&scheme=ksi")
            let session = try FormSession(setCookie: form.headers["set-cookie"], html: form.body)
            let result = try await PlainHTTP.post(
                port: port,
                "/simulator",
                form: "region=agder&year=2025&scheme=ksi&frameKroner=6000000"
                    + "&method=needsBased&method=proRataPerCounty&split=equal&split=fixed70&useReportedNeeds=on&\(session.field)",
                cookie: session.cookie
            )
            #expect(result.status == 200)
            pages.append(("POST /simulator", result.body))

            var allFindings: [String] = []
            for (path, html) in pages {
                let findings = PageLanguageCheck.findings(html).filter { finding in
                    !Self.pendingElsewhere.contains {
                        (try? Regex($0.pattern)).map { finding.context.wholeMatch(of: $0) != nil } ?? false
                    }
                }
                allFindings += findings.map { "\(path): \($0)" }
                #expect(html.contains(#"<html lang="nb">"#), "\(path)")
                #expect(html.components(separatedBy: "<h1").count == 2, "one h1 on \(path)")
            }
            #expect(allFindings.isEmpty, "\(allFindings.joined(separator: "\n"))")

            // Every figure any page shows has a definition, and the page links to it.
            let definitions = pages.first { $0.0 == "/om-statistikken" }?.1 ?? ""
            for (path, html) in pages {
                for match in html.matches(of: /data-figure="([^"]+)"/) {
                    let name = String(match.1)
                    let definition = FigureDefinitions.definition(for: name)
                    #expect(definition != nil, "\(name) on \(path) has no definition")
                    if let definition {
                        #expect(
                            html.contains(#"href="/om-statistikken#\#(definition.key)""#),
                            "\(name) on \(path) links to its definition"
                        )
                        #expect(
                            definitions.contains(#"id="\#(definition.key)""#),
                            "\(definition.key) on /om-statistikken"
                        )
                    }
                }
            }
            for term in ["helsebaand", "paritet", "fragmentering", "overtegning", "smaatilskudd", "dekningsgrad"] {
                #expect(definitions.contains(#"id="begrep-\#(term)""#), "\(term)")
            }

            // The acting person and organisation, and when the figures were read, on the data pages.
            for (path, html) in pages
            where path.hasPrefix("/regioner/agder?region") || path.hasPrefix("/kommuner")
                || path.hasPrefix("/partnerskap")
                || path.hasPrefix("/henvisninger")
            {
                #expect(
                    html.contains("Du ser som <strong>Saksbehandler Ein (demo), Statsforvalteren i Agder</strong>"),
                    "\(path)"
                )
                #expect(html.contains("Sist oppdatert: tallene ble hentet fra tjenestene "), "\(path)")
            }
            // No query: the viewer's own embete and the demo year (the latest with data), not the clock's year.
            let start = pages[0].1
            #expect(start.contains("<h1>KSI – oversikt 2025</h1>"))
            #expect(
                start.contains(#"<option value="agder" selected>"#)
                    && start.contains(#"<option value="2025" selected>"#)
            )
            #expect(start.contains(#"Ditt embete: <a href="/regioner/agder?region=agder&amp;year=2025">"#))
        }
    }

    @Test("the checker finds what it looks for (codes, English, ids, ÷) and leaves bokmål and <code> alone")
    func checkerFinds() {
        let page = """
            <html lang="nb"><head><title>x</title></head><body><p>Størrelsesgruppe: large</p><td>statped-division-compulsory</td>
            <p>fundedAsRequested</p><p>Søkt ÷ ramme</p><p>Page not found</p><svg aria-label="Status: inTriage"></svg>
            <p>Innvilget som omsøkt, 1,34 ganger rammen, 12,3 %</p><code>COM-INPUT requestId</code></body></html>
            """
        let kinds = PageLanguageCheck.findings(page).map { "\($0.kind):\($0.text)" }
        for expected in [
            "English:large", "record id:statped-division-compulsory", "camelCase:fundedAsRequested",
            "enum value:fundedAsRequested",
            "symbol:÷", "English:not found", "camelCase:inTriage",
        ] {
            #expect(kinds.contains(expected), "\(expected) in \(kinds)")
        }
        #expect(!kinds.contains { $0.contains("Innvilget") || $0.contains("requestId") || $0.contains("ganger") })
    }
}
