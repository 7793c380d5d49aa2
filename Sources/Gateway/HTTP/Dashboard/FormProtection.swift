import Foundation
import Hummingbird

/// CSRF protection of every state-changing dashboard form (the simulator and the case actions; docs/security.md,
/// "Browser safety"), on both listeners: a double-submit token. The form page sets a random 256-bit token in an HttpOnly,
/// SameSite=Strict cookie and repeats it in a hidden field; a POST is accepted only when the two are
/// equal and the request is same-origin (`Origin` absent or this listener's own, `Sec-Fetch-Site` not
/// cross-site). A page on another origin can neither read the token nor make the browser send the
/// cookie, so it cannot forge the pair. A refused form is shown again with the user's input and a
/// Norwegian explanation (403).
enum FormProtection {
    static let cookieName = "ksi_skjema"
    static let fieldName = "skjemanokkel"

    /// Why a form post was refused, in bokmål for the page.
    enum Refusal: Error, Equatable {
        case crossOrigin
        case badToken

        var explanation: String {
            switch self {
            case .crossOrigin:
                "Skjemaet ble ikke sendt fordi forespørselen kom fra en annen nettside enn dashbordet. Verdiene dine står under; kontroller dem og send skjemaet på nytt herfra."
            case .badToken:
                "Skjemaet ble ikke sendt fordi skjemanøkkelen manglet eller var utløpt (for eksempel etter en omstart). Verdiene dine står under; send skjemaet på nytt."
            }
        }
    }

    /// The token of this browser: its cookie when well-formed, else a new one (with the cookie to set).
    static func token(for request: Request, listener: ListenerKind) -> (token: String, cookie: Cookie?) {
        if let value = request.cookies[cookieName]?.value, isWellFormed(value) { return (value, nil) }
        let token = newToken()
        return (
            token,
            Cookie(
                name: cookieName,
                value: token,
                path: "/",
                secure: listener == .mutualTLS,
                httpOnly: true,
                sameSite: .strict
            )
        )
    }

    /// Nil when the post may proceed, else why not.
    static func check(_ request: Request, form: [String: [String]], listener: ListenerKind) -> Refusal? {
        guard EdgeMiddleware.isSameOrigin(request, listener: listener) else { return .crossOrigin }
        guard let cookie = request.cookies[cookieName]?.value, isWellFormed(cookie),
            let field = form[fieldName]?.first, constantTimeEqual(cookie, field)
        else { return .badToken }
        return nil
    }

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 64
            && token.utf8.allSatisfy {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
