import Foundation
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Testing

@testable import Gateway

/// Phones and accessibility (issue 15): tables scroll in a named, focusable box, chart text at least 12 CSS
/// px on a 390 px screen, touch targets of 44 px, health bands in their own colours.
@Suite("Dashboard layout on phones")
struct DashboardLayoutTests {
    func app() throws -> some ApplicationProtocol {
        Application(
            router: try GatewayRouter.router(
                views: try HTTPFixture.views(),
                commands: nil,
                authentication: .fixed(orgNumber: HTTPFixture.org(.sfCaseworker))
            )
        )
    }

    static let css = String(buffer: DashboardRoutes.stylesheet)

    @Test("every table sits in a focusable scroll region named by its caption, and the region scrolls sideways")
    func tablesScroll() async throws {
        try await app().test(.router) { client in
            for uri in ["/kommuner/\(TestRegion.kristiansand)?year=2025", "/henvisninger?region=agder&year=2025"] {
                let html = try await client.execute(uri: uri, method: .get) { String(buffer: $0.body) }
                let tables = html.components(separatedBy: "<table").count - 1
                let wrapped = html.matches(
                    of:
                        /<div class="table-scroll" role="region" tabindex="0" aria-label="([^"]+)"><table>\s*<caption>([^<]+)<\/caption>/
                )
                #expect(tables > 0 && wrapped.count == tables, "\(uri)")
                for match in wrapped { #expect(match.1 == match.2, "\(uri)") }
            }
        }
        #expect(Self.css.contains(".table-scroll{overflow-x:auto"))
    }

    @Test("chart text is at least 12 CSS px on a 390 px wide screen and the CSS draws the chart as BarChart assumes")
    func chartsLegible() {
        // 390 px screen minus main's 1rem (16 px) padding on each side.
        let contentWidth = 390.0 - 2 * 16
        #expect(BarChart.minimumTextPixels(contentWidth: contentWidth) >= 12)
        #expect(Self.css.contains("header,main,footer,nav.breadcrumbs{max-width:68rem;margin:0 auto;padding:0 1rem}"))
        #expect(Self.css.contains("svg.chart{display:block;max-width:\(BarChart.maxCSSWidth / 16)rem"))
        #expect(Self.css.contains("svg.chart text{font-size:\(BarChart.fontSize)px"))
        let svg = BarChart(title: "T", bars: [.init(label: "A", value: 1, text: "1")]).svg
        #expect(svg.contains(#"viewBox="0 0 \#(BarChart.width) "#))
    }

    @Test("on narrow screens nav links, buttons, selects and inputs are at least 44 × 44 px")
    func touchTargets() throws {
        let media = try #require(Self.css.firstMatch(of: /@media \(max-width:40rem\)\{(.*)\}/.dotMatchesNewlines()))
        let rules = String(media.1)
        #expect(
            rules.contains("nav a,ul.links a,button,select,input,label.choice,.viewer a{min-height:44px;min-width:44px")
        )
        #expect(rules.contains(#"input[type="checkbox"],input[type="radio"]{width:44px;height:44px"#))
        // A select with a long embete name must not widen the page past a 390 px screen.
        #expect(Self.css.contains("select,input,textarea{max-width:100%;box-sizing:border-box}"))
    }

    /// WCAG relative luminance of "#rrggbb".
    static func luminance(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        func channel(_ shift: Int) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }

    static func contrast(_ a: String, _ b: String) -> Double {
        let x = luminance(a)
        let y = luminance(b)
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test("the band chart draws Grønn green, Gul amber with an outline of 3:1 contrast, Rød red")
    func bandColours() async throws {
        try await app().test(.router) { client in
            let html = try await client.execute(uri: "/partnerskap?region=agder&year=2025", method: .get) {
                String(buffer: $0.body)
            }
            let bars = html.matches(of: /<text[^>]*class="label">([^<]+)<\/text><rect[^>]*class="bar (tone-[a-z]+)"/)
                .map { (String($0.1), String($0.2)) }
            #expect(bars.map(\.1) == ["tone-green", "tone-amber", "tone-red"], "\(bars)")
            #expect(bars.map(\.0).map { $0.prefix(3) } == ["Grø", "Gul", "Rød"])
        }
        func rule(_ name: String) throws -> String {
            String(
                try #require(Self.css.firstMatch(of: Regex("svg\\.chart \\.\(name)\\{([^}]*)\\}"))).output[1].substring
                    ?? ""
            )
        }
        func colour(_ text: String, _ property: String) throws -> String {
            String(try #require(text.firstMatch(of: Regex("\(property):(#[0-9a-f]{6})"))).output[1].substring ?? "")
        }
        let background = "#ffffff"
        let green = try colour(try rule("tone-green"), "fill")
        let red = try colour(try rule("tone-red"), "fill")
        let amber = try rule("tone-amber")
        // Hue by channel: green has G dominant, red R dominant, amber R and G high with little B.
        func rgb(_ hex: String) -> (Int, Int, Int) {
            let v = Int(hex.dropFirst(), radix: 16) ?? 0
            return ((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF)
        }
        let (gr, gg, gb) = rgb(green)
        let (rr, rg, rb) = rgb(red)
        let (ar, ag, ab) = rgb(try colour(amber, "fill"))
        #expect(gg > gr && gg > gb)
        #expect(rr > 2 * rg && rr > 2 * rb)
        #expect(ar > 200 && ag > 150 && ab < 80 && ar >= ag)
        #expect(Self.contrast(green, background) >= 3 && Self.contrast(red, background) >= 3)
        #expect(Self.contrast(try colour(amber, "stroke"), background) >= 3, "the amber bar's outline")
    }
}
