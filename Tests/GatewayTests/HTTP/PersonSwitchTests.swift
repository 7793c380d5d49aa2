import Foundation
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Testing

@testable import Gateway

/// The development dashboard's person switcher (`/logg-inn`, `PersonSwitch`): only on the loopback listener,
/// CSRF-protected, the choice in an HMAC-signed cookie; a forged or altered cookie acts as the default person.
@Suite("Dashboard person switcher")
struct PersonSwitchTests {
    static func name(_ actor: TestRegion.Actor) throws -> String {
        let reference = try TestRegion.reference()
        let organisation = try #require(reference.organisation(orgNumber: HTTPFixture.org(actor))?.name)
        return "\(TestRegion.person(actor).name), \(organisation)"
    }

    @Test(
        "/logg-inn lists the persons by organisation with bokmål roles; choosing one acts as that person for that person's organisation"
    )
    func switching() async throws {
        try await ListeningServer.with { server in
            let port = server.loopbackPort
            let start = try await PlainHTTP.get(port: port, "/")
            #expect(start.body.contains("Du ser som <strong>\(try Self.name(.sfCaseworker))</strong>"))
            #expect(start.body.contains(#"<a href="/logg-inn">Bytt person</a>"#))

            let page = try await PlainHTTP.get(port: port, "/logg-inn")
            #expect(page.status == 200)
            let session = try FormSession(setCookie: page.headers["set-cookie"], html: page.body)
            let statped = try #require(
                try TestRegion.reference().organisation(orgNumber: HTTPFixture.org(.statpedIntake))?.name
            )
            #expect(page.body.contains("<legend>\(statped)</legend>"))
            #expect(
                page.body.contains(
                    #"value="\#(TestRegion.personId(.statpedIntake))"> \#(TestRegion.person(.statpedIntake).name) – Inntakskoordinator i Statped"#
                )
            )
            #expect(!page.body.contains("statpedIntake<") && !page.body.contains("STATPED"), "no raw role names")

            let chosen = try await PlainHTTP.post(
                port: port,
                "/logg-inn",
                form: "person=\(TestRegion.personId(.statpedIntake))&\(session.field)",
                cookie: session.cookie
            )
            #expect(chosen.status == 303 && chosen.headers["location"] == "/")
            let setCookie = try #require(chosen.headers["set-cookie"])
            #expect(
                setCookie.hasPrefix("\(PersonSwitch.cookieName)=") && setCookie.contains("HttpOnly")
                    && setCookie.contains("SameSite=Strict")
            )
            let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))

            let asIntake = try await PlainHTTP.get(port: port, "/henvisninger", cookie: cookie)
            #expect(asIntake.status == 200)
            #expect(asIntake.body.contains("Du ser som <strong>\(try Self.name(.statpedIntake))</strong>"))
            // The statsforvalter's default embete does not follow a Statped person: the whole country.
            #expect(asIntake.body.contains("Henvisninger og ventetider: Hele landet"))

            // Back to the default person.
            let back = try await PlainHTTP.post(
                port: port,
                "/logg-inn",
                form: "person=&\(session.field)",
                cookie: "\(session.cookie); \(cookie)"
            )
            #expect(back.status == 303 && back.headers["set-cookie"]?.contains("Max-Age=0") == true)
        }
    }

    @Test(
        "a forged or altered person cookie is refused: the dashboard acts as its default person, never as the one named"
    )
    func forgedCookie() async throws {
        try await ListeningServer.with { server in
            let port = server.loopbackPort
            let page = try await PlainHTTP.get(port: port, "/logg-inn")
            let session = try FormSession(setCookie: page.headers["set-cookie"], html: page.body)
            let chosen = try await PlainHTTP.post(
                port: port,
                "/logg-inn",
                form: "person=\(TestRegion.personId(.statpedIntake))&\(session.field)",
                cookie: session.cookie
            )
            let value = try #require(
                chosen.headers["set-cookie"]?.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last.map(
                    String.init
                )
            )
            let mac = try #require(value.split(separator: ".").last.map(String.init))
            let flipped = String(mac.dropLast()) + (mac.last == "0" ? "1" : "0")
            let forgeries = [
                "\(TestRegion.personId(.udirAdmin)).\(mac)",  // another person under the intake person's MAC
                "\(TestRegion.personId(.statpedIntake)).\(flipped)",  // the MAC altered
                TestRegion.personId(.udirAdmin),  // no MAC
                "\(TestRegion.personId(.udirAdmin)).\(String(repeating: "0", count: 64))",
            ]
            for forged in forgeries {
                let answer = try await PlainHTTP.get(port: port, "/", cookie: "\(PersonSwitch.cookieName)=\(forged)")
                #expect(answer.status == 200, "\(forged)")
                #expect(
                    answer.body.contains("Du ser som <strong>\(try Self.name(.sfCaseworker))</strong>"),
                    "\(forged)"
                )
            }
            // The genuine cookie still works (the refusals above were the forgeries, not the mechanism).
            let genuine = try await PlainHTTP.get(port: port, "/", cookie: "\(PersonSwitch.cookieName)=\(value)")
            #expect(genuine.body.contains("Du ser som <strong>\(try Self.name(.statpedIntake))</strong>"))
        }
    }

    @Test("a choice without the form token, or from another site, is refused (403, bokmål) and sets no person cookie")
    func csrf() async throws {
        try await ListeningServer.with { server in
            let port = server.loopbackPort
            let refused = try await PlainHTTP.post(
                port: port,
                "/logg-inn",
                form: "person=\(TestRegion.personId(.udirAdmin))"
            )
            #expect(refused.status == 403)
            #expect(refused.body.contains(LoginPage.refusedText))
            #expect(refused.headers["set-cookie"]?.contains(PersonSwitch.cookieName) != true)
        }
    }

    @Test("the HTTPS listener has no /logg-inn, and a person cookie there changes nothing")
    func notOnHTTPS() async throws {
        try await ListeningServer.with { server in
            let client = try server.httpsClient()
            let response = try await client.get("/logg-inn", headers: server.authorization)
            #expect(response.status == .notFound)
            let post = try await client.post(
                "/logg-inn",
                headers: server.authorization,
                body: ByteBuffer(string: "person=x")
            )
            #expect(post.status == .notFound)
            try await client.shutdown()
        }
        // A development router reached through the HTTPS listener kind (never bound so, but checked per request).
        let identity = try await HTTPFixture.persons(in: try RepositoryPaths.temporaryDirectory("person-switch-https"))
        let app = Application(
            router: try GatewayRouter.router(
                views: try HTTPFixture.views(),
                commands: nil,
                authentication: .developmentPerson(
                    orgNumber: HTTPFixture.org(.sfCaseworker),
                    person: identity.caseworker,
                    persons: identity.persons
                ),
                api: false,
                listener: .mutualTLS
            )
        )
        try await app.test(.router) { client in
            try await client.execute(uri: "/logg-inn", method: .get) { #expect($0.status == .notFound) }
        }
    }
}
