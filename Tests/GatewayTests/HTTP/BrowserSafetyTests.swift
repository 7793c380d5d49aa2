import Foundation
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Testing

@testable import Gateway

/// Browser-facing safety (docs/security.md, "Browser safety"): security headers on every answer, the
/// loopback listener's Host check (DNS rebinding), the simulator form's CSRF token and Origin check on
/// both listeners, and `application/json` for API writes.
@Suite("Gateway browser safety")
struct BrowserSafetyTests {
    func app() throws -> some ApplicationProtocol {
        Application(
            router: try GatewayRouter.router(
                views: try HTTPFixture.views(),
                commands: nil,
                authentication: .fixed(orgNumber: HTTPFixture.org(.sfCaseworker))
            )
        )
    }

    static let form =
        "region=agder&year=2025&scheme=ksi&frameKroner=1234567&method=proRataPerCounty&split=fixed70&useReportedNeeds=on"

    @Test(
        "pages, API answers, API errors and not-found all carry CSP, nosniff, referrer policy, X-Frame-Options, no-store and HSTS (HTTPS)"
    )
    func securityHeaders() async throws {
        try await app().test(.router) { client in
            for uri in [
                "/", "/simulator", "/regioner/agder?year=2025", "/api/v1/regions/agder/overview?year=2025",
                "/api/v1/regions/agder/overview?year=notayear", "/finnes-ikke", "/api/v1/finnes-ikke",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    let csp = try #require(response.headers[.contentSecurityPolicy], "\(uri)")
                    #expect(
                        csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'")
                            && !csp.contains("unsafe-inline"),
                        "\(uri)"
                    )
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                    #expect(response.headers[.referrerPolicy] == "no-referrer", "\(uri)")
                    #expect(response.headers[.xFrameOptions] == "DENY", "\(uri)")
                    #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
                    #expect(response.headers[.strictTransportSecurity]?.hasPrefix("max-age=") == true, "\(uri)")
                    #expect(response.headers[RequestID.header] != nil, "\(uri)")
                }
            }
        }
    }

    @Test("pages have no inline style or script (the CSP allows none); the stylesheet is served from /stil.css")
    func noInlineStyles() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/regioner/agder?year=2025", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains("<style") && !html.contains("style=") && !html.contains("<script"))
                #expect(html.contains(#"<link rel="stylesheet" href="/stil.css">"#))
                #expect(html.contains("<svg"), "the charts are inline SVG, styled by class from the stylesheet")
            }
            try await client.execute(uri: "/stil.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(String(buffer: response.body).contains("svg.chart .bar0"))
            }
        }
    }

    @Test(
        "the loopback listener answers Host 127.0.0.1, localhost and [::1] with or without port, 421 to any other; no HSTS on plain HTTP"
    )
    func loopbackHostCheck() async throws {
        try await ListeningServer.with { server in
            let port = server.loopbackPort
            for host in [
                "127.0.0.1", "127.0.0.1:\(port)", "localhost", "localhost:\(port)", "LOCALHOST", "[::1]",
                "[::1]:\(port)",
            ] {
                let page = try await server.loopbackGet("/", host: host)
                #expect(page.status == 200, "\(host)")
                #expect(page.headers["strict-transport-security"] == nil, "\(host)")
                #expect(page.headers["content-security-policy"] != nil, "\(host)")
            }
            for host in [
                "evil.example", "evil.example:\(port)", "127.0.0.1.evil.example", "localhost.evil.example", "127.0.0.2",
                "[::2]", "localhost:80x", "[::1]x",
            ] {
                let refused = try await server.loopbackGet("/", host: host)
                #expect(refused.status == 421, "\(host)")
                #expect(refused.body.contains("Feil vertsnavn"), "\(host)")
            }
        }
    }

    @Test(
        "the simulator form carries a token; a post without it, with another token, or from another origin is 403, keeps the input and explains in bokmål"
    )
    func formCSRF() async throws {
        try await app().test(.router) { client in
            let session = try await client.execute(uri: "/simulator", method: .get) { try FormSession(response: $0) }
            let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: session.cookie]
            // Accepted: cookie and field agree, no Origin (as a same-origin form post from an older browser).
            try await client.execute(
                uri: "/simulator",
                method: .post,
                headers: formHeaders,
                body: ByteBuffer(string: Self.form + "&" + session.field)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Scenarioer"))
            }
            var crossOrigin = formHeaders
            var crossSite = formHeaders
            crossOrigin[.origin] = "https://evil.example"
            crossSite[.secFetchSite] = "cross-site"
            let refusals: [(String, HTTPFields, String)] = [
                ("no token", formHeaders, Self.form),
                ("no cookie", [.contentType: "application/x-www-form-urlencoded"], Self.form + "&" + session.field),
                ("another token", formHeaders, Self.form + "&skjemanokkel=" + String(repeating: "0", count: 64)),
                ("cross-origin", crossOrigin, Self.form + "&" + session.field),
                ("cross-site fetch", crossSite, Self.form + "&" + session.field),
            ]
            for (name, headers, body) in refusals {
                try await client.execute(
                    uri: "/simulator",
                    method: .post,
                    headers: headers,
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .forbidden, "\(name)")
                    let html = String(buffer: response.body)
                    #expect(html.contains("Skjemaet ble ikke sendt"), "\(name)")
                    #expect(html.contains(#"value="1234567""#), "\(name): the frame the user typed is kept")
                    #expect(
                        html.contains(#"value="proRataPerCounty" checked"#)
                            && !html.contains(#"value="needsBased" checked"#),
                        "\(name)"
                    )
                    #expect(html.contains(#"value="fixed70" checked"#), "\(name)")
                    #expect(!html.contains("Scenarioer"), "\(name): nothing was simulated")
                    #expect(html.contains(#"name="skjemanokkel" value=""#), "\(name): the form can be sent again")
                }
            }
        }
    }

    @Test("on the loopback listener the form post is accepted from its own origin and refused from another")
    func loopbackFormOrigin() async throws {
        try await ListeningServer.with { server in
            let host = "127.0.0.1:\(server.loopbackPort)"
            let page = try await server.loopbackGet("/simulator", host: host)
            let session = try FormSession(setCookie: page.headers["set-cookie"], html: page.body)
            #expect(
                page.headers["set-cookie"]?.contains("Secure") == false,
                "plain HTTP: no Secure flag, or the browser drops it"
            )
            // A browser under Referrer-Policy: no-referrer sends `Origin: null` on its own form posts, with Sec-Fetch-Site.
            for (origin, status) in [
                ("http://\(host)", 200), ("null\r\nSec-Fetch-Site: same-origin", 200), ("http://evil.example", 403),
                ("null", 403), ("null\r\nSec-Fetch-Site: cross-site", 403), ("https://\(host)", 403),
            ] {
                let body = Self.form + "&" + session.field
                let connection = try await RawConnection.open(port: server.loopbackPort)
                try await connection.send(
                    "POST /simulator HTTP/1.1\r\nHost: \(host)\r\nOrigin: \(origin)\r\nCookie: \(session.cookie)\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
                )
                _ = await connection.closed(within: .seconds(10))
                let response = try #require(RawConnection.parse(connection.text))
                #expect(response.status == status, "\(origin)")
                await connection.close()
            }
        }
    }

    @Test("API writes need application/json (415 otherwise, in the API's error shape) and are refused cross-origin")
    func apiContentType() async throws {
        try await app().test(.router) { client in
            let body = ByteBuffer(
                string:
                    #"{"governorOfficeId":"agder","scheme":"SCHEME_KSI","year":2025,"frameOre":100000,"methods":[{"method":"ALLOCATION_METHOD_NEEDS_BASED"}],"splitRules":[{"kind":"OWNER_UH_SPLIT_RULE_KIND_EQUAL"}]}"#
            )
            for contentType in [
                "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", nil,
            ] {
                let headers: HTTPFields = contentType.map { [.contentType: $0] } ?? [:]
                try await client.execute(uri: "/api/v1/simulations", method: .post, headers: headers, body: body) {
                    response in
                    #expect(response.status == .unsupportedMediaType, "\(contentType ?? "none")")
                    let error = try HTTPFixture.json(response.body)["error"] as? [String: Any]
                    #expect(
                        error?["status"] as? String == "INVALID_ARGUMENT" && HTTPFixture.reason(error) == "HTTP-JSON"
                    )
                }
            }
            try await client.execute(
                uri: "/api/v1/simulations",
                method: .post,
                headers: [.contentType: "Application/JSON; charset=utf-8"],
                body: body
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/simulations",
                method: .post,
                headers: [.contentType: "application/json", .origin: "https://evil.example"],
                body: body
            ) { response in
                #expect(response.status == .forbidden)
                let error = try HTTPFixture.json(response.body)["error"] as? [String: Any]
                #expect(
                    error?["status"] as? String == "PERMISSION_DENIED" && HTTPFixture.reason(error) == "HTTP-ORIGIN"
                )
            }
        }
    }
}
