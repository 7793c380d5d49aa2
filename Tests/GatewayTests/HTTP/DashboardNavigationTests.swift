import Foundation
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Testing

@testable import Gateway

/// Navigation people expect (issue 15): the selection kept on every link, the viewer's own embete and the
/// latest year with data by default, the embeter of the year in Norwegian order, breadcrumbs, and error
/// pages in bokmål with the field and rule of a refused input.
@Suite("Dashboard navigation")
struct DashboardNavigationTests {
    func app(_ actor: TestRegion.Actor = .sfCaseworker) throws -> some ApplicationProtocol {
        Application(
            router: try GatewayRouter.router(
                views: try HTTPFixture.views(),
                commands: nil,
                authentication: .fixed(orgNumber: HTTPFixture.org(actor))
            )
        )
    }

    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// Every `href` on a page (HTML-unescaped).
    static func hrefs(_ html: String) -> [String] {
        html.matches(of: /href="([^"]*)"/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
    }

    @Test("menu, breadcrumb and municipality links keep region, year and scheme; the breadcrumbs are a named nav")
    func linksKeepTheSelection() async throws {
        try await app().test(.router) { client in
            let html = try await client.execute(uri: "/regioner/agder?year=2025&scheme=ksi", method: .get) {
                Self.body($0)
            }
            let hrefs = Self.hrefs(html)
            let selection = "?region=agder&year=2025&scheme=ksi"
            for path in ["/", "/simulator", "/partnerskap", "/henvisninger", "/kommuner/\(TestRegion.kristiansand)"] {
                #expect(hrefs.contains(path + selection), "\(path)")
            }
            // No page link (outside the stylesheet and the definitions) drops the selection.
            let pageLinks = hrefs.filter {
                $0.hasPrefix("/") && !$0.hasPrefix("/stil.css") && !$0.hasPrefix("/om-statistikken")
            }
            #expect(!pageLinks.isEmpty && pageLinks.allSatisfy { $0.hasSuffix(selection) }, "\(pageLinks)")
            #expect(html.contains(#"<nav class="breadcrumbs" aria-label="Brødsmulesti">"#))
            let municipality = try await client.execute(
                uri: "/kommuner/\(TestRegion.kristiansand)?year=2025&scheme=ksi",
                method: .get
            ) { Self.body($0) }
            let crumbs = try #require(
                municipality.firstMatch(of: /aria-label="Brødsmulesti">(.*?)<\/nav>/.dotMatchesNewlines())
            )
            let trail = String(crumbs.1)
            #expect(trail.contains(#"<a href="/?region=agder&amp;year=2025&amp;scheme=ksi">Oversikt</a>"#))
            #expect(
                trail.contains(
                    #"<a href="/regioner/agder?region=agder&amp;year=2025&amp;scheme=ksi">Statsforvalteren i Agder</a>"#
                )
            )
            #expect(trail.contains(#"<span aria-current="page">Kristiansand</span>"#))
        }
    }

    @Test(
        "the shared filters are on every data page; choosing another embete on a region page goes to that embete's page"
    )
    func filtersOnEveryPage() async throws {
        try await app().test(.router) { client in
            for uri in [
                "/", "/regioner/agder?year=2025", "/kommuner/\(TestRegion.kristiansand)?year=2025",
                "/partnerskap?region=agder&year=2025",
                "/henvisninger?region=agder&year=2025",
            ] {
                let html = try await client.execute(uri: uri, method: .get) { Self.body($0) }
                #expect(html.components(separatedBy: #"<form class="filters""#).count == 2, "one filter form on \(uri)")
                for name in ["region", "year", "scheme"] {
                    #expect(html.contains(#"name="\#(name)""#), "\(name) on \(uri)")
                }
            }
            try await client.execute(uri: "/regioner/agder?region=rogaland&year=2025&scheme=ksi", method: .get) {
                response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/regioner/rogaland?region=rogaland&year=2025&scheme=ksi")
            }
        }
    }

    @Test("without a choice a page shows the viewer's own embete and the latest year with data, not today's year")
    func defaults() async throws {
        // The fixture's only data is Agder's KSI frame for 2025; its clock says 2 June 2025, so make the clock
        // say 2027 to tell "latest year with data" from "this year".
        let views = GatewayViews(
            source: FixtureViewDataSource(),
            simulator: FixtureSimulator(),
            reference: try TestRegion.reference(),
            time: FixedTimeSource(date: LocalDate(year: 2027, month: 3, day: 1))
        )
        let app = Application(
            router: try GatewayRouter.router(
                views: views,
                commands: nil,
                authentication: .fixed(orgNumber: HTTPFixture.org(.sfCaseworker))
            )
        )
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/partnerskap", method: .get) { Self.body($0) }
            #expect(html.contains("<h1>Partnerskapshelse: Statsforvalteren i Agder per "))
            #expect(html.contains(#"<option value="2025" selected>"#))
            #expect(html.contains(#"<option value="agder" selected>"#))
            // An explicit "Hele landet" (region=) stays national.
            let national = try await client.execute(uri: "/partnerskap?region=", method: .get) { Self.body($0) }
            #expect(
                national.contains("<h1>Partnerskapshelse: Hele landet per ")
                    && national.contains(#"<option value="2025" selected>"#)
            )
        }
        // A viewer who is not a statsforvalter sees the whole country by default.
        let statped = Application(
            router: try GatewayRouter.router(
                views: views,
                commands: nil,
                authentication: .fixed(orgNumber: HTTPFixture.org(.statpedIntake))
            )
        )
        try await statped.test(.router) { client in
            let html = try await client.execute(uri: "/henvisninger", method: .get) { Self.body($0) }
            #expect(html.contains("<h1>Henvisninger og ventetider: Hele landet 2025</h1>"))
        }
    }

    @Test("the embete list has only the embeter valid on the year's date, in Norwegian order by the distinctive name")
    func embeteList() async throws {
        // Expected from the bundled reference data file, not from the list code: the records in force on 1 January.
        let set = try ReferenceDataFiles.loadBundled()
        let offices = set.governorOffices
        let valid: @Sendable (Int32) -> Int = { year in
            let date = LocalDate(year: year, month: 1, day: 1)
            return Set(
                offices.filter { ($0.validFrom.map { $0 <= date } ?? true) && ($0.validTo.map { date <= $0 } ?? true) }
                    .map(\.id)
            ).count
        }
        #expect(set.governorOffices.count == 13)
        try await app().test(.router) { client in
            let html = try await client.execute(uri: "/?year=2025", method: .get) { Self.body($0) }
            let select = try #require(
                html.firstMatch(of: /<select id="utvalg-embete" name="region">(.*?)<\/select>/.dotMatchesNewlines())
            )
            let names = String(select.1).matches(of: /<option value="[^"]+"[^>]*>([^<]+)<\/option>/).map {
                String($0.1)
            }
            #expect(names.count == valid(2025))
            #expect(
                names == [
                    "Statsforvalteren i Agder", "Statsforvalteren i Innlandet", "Statsforvaltaren i Møre og Romsdal",
                    "Statsforvalteren i Nordland",
                    "Statsforvalteren i Rogaland", "Statsforvalteren i Troms og Finnmark",
                    "Statsforvalteren i Trøndelag",
                    "Statsforvalteren i Vestfold og Telemark", "Statsforvaltaren i Vestland",
                    "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
                ]
            )
            // The index lists the same embeter, each linking to its region page with the selection.
            let index = try #require(
                html.firstMatch(of: /<h2 id="regioner">.*?<ul class="links">(.*?)<\/ul>/.dotMatchesNewlines())
            )
            #expect(String(index.1).matches(of: /<li>/).count == valid(2025))
            #expect(html.contains(#"href="/regioner/more-og-romsdal?region=more-og-romsdal&amp;year=2025""#))
            // 2023: the historical "Oslo og Viken" instead of today's merged name.
            let old = try await client.execute(uri: "/?year=2023", method: .get) { Self.body($0) }
            #expect(
                old.contains("Statsforvalteren i Oslo og Viken") && !old.contains("Østfold, Buskerud, Oslo og Akershus")
            )
        }
        #expect(
            NorwegianOrder.precedes("Aa", "Zz") && NorwegianOrder.precedes("Zz", "Æ")
                && NorwegianOrder.precedes("Æ", "Ø")
                && NorwegianOrder.precedes("Ø", "Å") && NorwegianOrder.precedes("Troms", "Trøndelag")
        )
    }

    @Test("the header says whom the page is seen as: the organisation when no person acts")
    func viewerInHeader() async throws {
        try await app().test(.router) { client in
            let html = try await client.execute(uri: "/", method: .get) { Self.body($0) }
            let organisation = try #require(
                try TestRegion.reference().organisation(orgNumber: HTTPFixture.org(.sfCaseworker))?.name
            )
            #expect(html.contains("Du ser som <strong>\(organisation)</strong>"))
        }
    }

    @Test(
        "unknown pages, embeter and kommuner are a 404 page in bokmål with a link home; a refused input names its field and rule"
    )
    func errorPages() async throws {
        let english = [
            "Not Found", "not found", "is not a year", "governor office", "municipality", "Bad Request", "Forbidden",
        ]
        try await app().test(.router) { client in
            for uri in ["/finnes-ikke", "/regioner/ukjent-embete", "/kommuner/0000", "/regioner/agder/mer"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    let html = Self.body(response)
                    #expect(
                        html.contains("<h1>Siden finnes ikke</h1>")
                            && html.contains(#"<a href="/">Til oversikten</a>"#),
                        "\(uri)"
                    )
                    #expect(html.contains(#"<html lang="nb">"#))
                    for word in english { #expect(!html.contains(word), "\(word) on \(uri)") }
                }
            }
            try await client.execute(uri: "/regioner/agder?year=abc", method: .get) { response in
                #expect(response.status == .badRequest)
                let html = Self.body(response)
                #expect(html.contains("<h1>Ugyldig forespørsel</h1>"))
                #expect(html.contains("Felt: År (year). Regel: <code>\(DomainError.malformedInputRule.value)</code>"))
                for word in english { #expect(!html.contains(word), "\(word)") }
            }
        }
        // 403: an organisation without a role.
        try await app(.publicViewer).test(.router) { client in
            try await client.execute(uri: "/regioner/agder?year=2025", method: .get) { response in
                #expect(response.status == .forbidden)
                let html = Self.body(response)
                #expect(html.contains("<h1>Ingen tilgang</h1>") && html.contains("Statuskode 403"))
                #expect(!html.contains(" may ") && !html.contains("only "), "no English refusal text")
            }
        }
    }

    @Test("every error page is bokmål whatever the error's own message; pages without a selection link without one")
    func errorPagesNeverShowTheMessage() async throws {
        let statuses: [HTTPResponse.Status] = [
            .badRequest, .unauthorized, .forbidden, .notFound, .methodNotAllowed, .contentTooLarge,
            .unsupportedMediaType, .misdirectedRequest, .unprocessableContent, .internalServerError,
            .badGateway, .serviceUnavailable, .gatewayTimeout,
        ]
        for status in statuses {
            let error = APIError(
                status: status,
                code: "someCode",
                message: "the request was refused because of an error"
            )
            let page = ErrorPage.page(error, requestId: "req-1")
            let html = DashboardTemplates.shared.html(page)
            #expect(html.contains("Statuskode \(status.code)"), "\(status)")
            #expect(PageLanguageCheck.findings(html).isEmpty, "\(status): \(PageLanguageCheck.findings(html))")
            #expect(html.contains(#"<a href="/">Til oversikten</a>"#))
        }
        try await app().test(.router) { client in
            let html = try await client.execute(uri: "/om-statistikken", method: .get) { Self.body($0) }
            #expect(html.contains(#"<li><a href="/">Oversikt</a></li>"#) && html.contains(#"<a href="/partnerskap">"#))
        }
    }
}
