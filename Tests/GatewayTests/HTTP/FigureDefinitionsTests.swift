import Foundation
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Testing

@testable import Gateway

/// /om-statistikken (issue 15): one catalogue of figure definitions, each figure on a page linking to its entry.
@Suite("Figure definitions")
struct FigureDefinitionsTests {
    @Test(
        "a name with an index or status finds its pattern entry; keys are unique; every entry says what, unit, formula and rule"
    )
    func catalogue() {
        #expect(
            FigureDefinitions.definition(for: "V12.result.scenarios.3.totalLinesOre")?.key
                == "V12.result.scenarios.*.totalLinesOre"
        )
        #expect(FigureDefinitions.definition(for: "V13.byStatus.inTriage")?.key == "V13.byStatus.*")
        #expect(FigureDefinitions.definition(for: "V1.totals.frameOre")?.label == "Ramme")
        #expect(FigureDefinitions.definition(for: "V13.byStatus.inTriage.extra") == nil)
        #expect(FigureDefinitions.href("V1.totals.frameOre") == "/om-statistikken#V1.totals.frameOre")
        let keys = FigureDefinitions.all.map(\.key)
        #expect(Set(keys).count == keys.count)
        for entry in FigureDefinitions.all {
            #expect(
                !entry.label.isEmpty && !entry.counts.isEmpty && !entry.unit.isEmpty && !entry.formula.isEmpty,
                "\(entry.key)"
            )
            // The source names the §5 view, or for a figure outside the views (a worklist count) the rules behind it.
            #expect(
                entry.source.hasPrefix("V") || entry.source.contains(/[A-Z]+-R\d+/),
                "\(entry.key): \(entry.source)"
            )
        }
    }

    @Test(
        "on the fixture's pages every figure has an entry and its label links to /om-statistikken#<name>; the page has each anchor"
    )
    func pagesLinkTheirFigures() async throws {
        let app = Application(
            router: try GatewayRouter.router(
                views: try HTTPFixture.views(),
                commands: nil,
                authentication: .fixed(orgNumber: HTTPFixture.org(.sfCaseworker))
            )
        )
        try await app.test(.router) { client in
            let definitions = try await client.execute(uri: "/om-statistikken", method: .get) {
                String(buffer: $0.body)
            }
            #expect(definitions.contains("<h1>Om statistikken</h1>"))
            for uri in [
                "/regioner/agder?year=2025", "/kommuner/\(TestRegion.kristiansand)?year=2025",
                "/partnerskap?region=agder&year=2025",
                "/henvisninger?region=agder&year=2025",
            ] {
                let html = try await client.execute(uri: uri, method: .get) { String(buffer: $0.body) }
                let names = html.matches(of: /data-figure="([^"]+)"/).map { String($0.1) }
                #expect(!names.isEmpty, "\(uri)")
                for name in names {
                    let key = try #require(FigureDefinitions.definition(for: name)?.key, "\(name) on \(uri)")
                    #expect(html.contains(#"href="/om-statistikken#\#(key)""#), "\(name) on \(uri)")
                    #expect(definitions.contains(#"id="\#(key)""#), "\(key)")
                }
            }
        }
    }
}
