import Crypto
import Foundation
import Hummingbird
import KSICore

/// The development dashboard's choice of whom to act as (`/logg-inn`, only on the certificate-free
/// loopback listener of `ksi dev`, `CallerAuthentication.developmentPerson`). The chosen person's id is
/// kept in an HttpOnly, SameSite=Strict cookie signed with HMAC-SHA256 under a key drawn at random when
/// the process starts: a cookie the browser did not get from this process — forged, altered, or from an
/// earlier run — fails the check and the dashboard acts as its default person, never as the one named.
enum PersonSwitch {
    static let cookieName = "ksi_person"
    /// The form field naming the chosen person.
    static let fieldName = "person"
    /// Longest cookie value read (a person id is a short slug; the MAC is 64 hex digits).
    static let maxCookieLength = 256

    /// Per process: a restart forgets every choice.
    static let key = SymmetricKey(size: .bits256)

    /// "<person id>.<hex HMAC-SHA256 of the id>".
    static func cookieValue(personId: String) -> String {
        personId + "." + mac(personId)
    }

    /// The person id a cookie value carries, when its MAC is this process's; nil otherwise.
    static func verifiedPersonId(_ value: String) -> String? {
        guard value.utf8.count <= maxCookieLength, let dot = value.lastIndex(of: ".") else { return nil }
        let personId = String(value[..<dot])
        let given = String(value[value.index(after: dot)...])
        guard !personId.isEmpty, FormProtection.constantTimeEqual(given, mac(personId)) else { return nil }
        return personId
    }

    private static func mac(_ personId: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(personId.utf8), using: key).map { String(format: "%02x", $0) }
            .joined()
    }

    /// The registered person a request's cookie chooses, with the organisation that person acts for;
    /// nil without a cookie, with a cookie that fails the check, or for a person no longer registered.
    static func chosen(
        _ request: Request,
        reference: ReferenceData,
        on date: LocalDate
    ) -> (person: Person, orgNumber: String)? {
        guard let value = request.cookies[cookieName]?.value, let personId = verifiedPersonId(value),
            let person = reference.person(id: personId, on: date),
            let role = person.roles.first(where: { $0.isValid(on: date) })
        else { return nil }
        return (person, role.orgNumber)
    }

    /// The cookie that keeps the choice (loopback listener only: plain HTTP, so not `Secure`).
    static func cookie(personId: String) -> Cookie {
        Cookie(name: cookieName, value: cookieValue(personId: personId), path: "/", httpOnly: true, sameSite: .strict)
    }

    /// The cookie that forgets the choice (back to the default person).
    static func clearingCookie() -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)
    }
}
