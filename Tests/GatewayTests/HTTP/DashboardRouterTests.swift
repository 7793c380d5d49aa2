import Foundation
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Testing

@testable import Gateway

/// The dashboard pages in memory: each renders Norwegian, accessible HTML, and its key figures equal the API's.
@Suite("Gateway dashboard pages")
struct DashboardRouterTests {
    func app() throws -> some ApplicationProtocol {
        Application(
            router: try GatewayRouter.router(
                views: try HTTPFixture.views(),
                commands: nil,
                authentication: .fixed(orgNumber: HTTPFixture.org(.sfCaseworker))
            )
        )
    }

    /// `data-figure` name → value on a page.
    static func figures(_ html: String) -> [String: String] {
        let regex = /data-figure="([^"]+)" value="([^"]*)"/
        var out: [String: String] = [:]
        for match in html.matches(of: regex) { out[String(match.1)] = String(match.2) }
        return out
    }

    @Test("every page answers 200 with lang=nb, an h1 and no external assets; the simulator form posts back to itself")
    func pagesRender() async throws {
        try await app().test(.router) { client in
            for uri in [
                "/", "/regioner/agder?year=2025", "/kommuner/\(TestRegion.kristiansand)?year=2025", "/simulator",
                "/partnerskap?region=agder&year=2025", "/henvisninger?region=agder&year=2025",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    let html = String(buffer: response.body)
                    #expect(html.contains(#"<html lang="nb">"#) && html.contains("<h1>"), "\(uri)")
                    #expect(!html.contains("<script"), "\(uri)")
                    #expect(
                        !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url("),
                        "\(uri)"
                    )
                }
            }
            let session = try await client.execute(uri: "/simulator", method: .get) { try FormSession(response: $0) }
            let form =
                "region=agder&year=2025&scheme=ksi&frameKroner=1000&method=needsBased&method=proRataPerCounty&split=equal&"
                + session.field
            try await client.execute(
                uri: "/simulator",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: session.cookie],
                body: ByteBuffer(string: form)
            ) { response in
                #expect(response.status == .ok)
                let figures = Self.figures(String(buffer: response.body))
                // 1 000 kr = 100 000 øre; the fixture simulator gives half to lines in each of the two scenarios.
                #expect(figures["V12.result.scenarios.0.totalLinesOre"] == "50000")
                #expect(figures["V12.result.scenarios.1.totalLinesOre"] == "50000")
            }
        }
    }

    /// A number of the API's proto3 JSON as text: int64 comes as a decimal string, int32 as a number, and a
    /// zero is omitted.
    static func apiNumber(_ value: Any?) -> String {
        if let text = value as? String { return text }
        if let number = value as? Int { return String(number) }
        return "0"
    }

    @Test("the region page's key figures are the API's numbers for V1, V3 and the unknown amounts of V4 and V5")
    func regionFiguresMatchAPI() async throws {
        try await app().test(.router) { client in
            let page = try await client.execute(uri: "/regioner/agder?year=2025&scheme=ksi", method: .get) {
                Self.figures(String(buffer: $0.body))
            }
            let v1 = try await client.execute(uri: "/api/v1/regions/agder/overview?year=2025&scheme=ksi", method: .get)
            { try HTTPFixture.json($0.body) }
            let v3 = try await client.execute(
                uri: "/api/v1/regions/agder/demand-vs-budget?year=2025&scheme=ksi",
                method: .get
            ) { try HTTPFixture.json($0.body) }
            let totals1 = v1["totals"] as? [String: Any] ?? [:]
            let totals3 = v3["totals"] as? [String: Any] ?? [:]
            for key in ["frameOre", "requestedOre", "decidedOre", "utilisationBp", "totalMunicipalities"] {
                #expect(page["V1.totals.\(key)"] == Self.apiNumber(totals1[key]), "\(key)")
            }
            #expect(page["V3.totals.demandRatioBp"] == Self.apiNumber(totals3["demandRatioBp"]))
            // V4/V5: the amount on lines without a needs snapshot is shown («Ukjent …») as the API gives it.
            for (view, path) in [("V4", "special-needs-share"), ("V5", "kindergarten-share")] {
                let json = try await client.execute(
                    uri: "/api/v1/regions/agder/\(path)?year=2025&scheme=ksi",
                    method: .get
                ) {
                    try HTTPFixture.json($0.body)
                }
                let totals = json["totals"] as? [String: Any] ?? [:]
                #expect(
                    page["\(view).totals.unknownAmountOre"] == Self.apiNumber(totals["unknownAmountOre"]),
                    "\(view)"
                )
            }
        }
    }

    @Test("an organisation without a role sees a Norwegian 403 page, not a stack trace")
    func forbiddenPage() async throws {
        let app = Application(
            router: try GatewayRouter.router(
                views: try HTTPFixture.views(),
                commands: nil,
                authentication: .fixed(orgNumber: HTTPFixture.org(.publicViewer))
            )
        )
        try await app.test(.router) { client in
            try await client.execute(uri: "/regioner/agder", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("Ingen tilgang"))
            }
        }
    }
}
