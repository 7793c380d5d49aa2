import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The CSRF pair a dashboard form page hands a browser (FormProtection): the `ksi_skjema` cookie and the
/// hidden `skjemanokkel` field, read from the page's response as a browser would.
struct FormSession {
    /// `ksi_skjema=<token>`, for a Cookie header.
    var cookie: String
    /// The hidden field's value.
    var token: String
    /// `skjemanokkel=<token>`, for a form body.
    var field: String { "skjemanokkel=\(token)" }

    init(response: TestResponse) throws {
        try self.init(setCookie: response.headers[.setCookie], html: String(buffer: response.body))
    }

    init(setCookie: String?, html: String) throws {
        let header = try #require(setCookie, "the form page sets the token cookie")
        cookie = try #require(header.split(separator: ";").first.map(String.init))
        #expect(cookie.hasPrefix("ksi_skjema="))
        #expect(header.contains("HttpOnly") && header.contains("SameSite=Strict"))
        let match = try #require(html.firstMatch(of: /name="skjemanokkel" value="([0-9a-f]{64})"/))
        token = String(match.1)
        #expect(cookie == "ksi_skjema=\(token)", "the hidden field repeats the cookie")
    }
}
