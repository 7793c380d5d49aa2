import Foundation
import Hummingbird
import KSICore

/// A posted case-action form (`/soknader/{id}`, `/inntak/{id}`): its fields, the CSRF check
/// (`FormProtection`: token cookie + hidden field + same origin) and the hidden facts every action form
/// carries: the action, the request id minted when the form was rendered (IDEM-R1: a double submit sends
/// the same id and request, which the service replays instead of acting twice) and the entity version
/// the page showed (`expected_version`: a stale form is refused as VERSION_CONFLICT).
struct CaseForm {
    static let actionField = "handling"
    static let requestIdField = "foresporsel"
    static let versionField = "versjon"

    var fields: [String: [String]]

    /// Reads the body (at most `RequestBodyLimit.form`, LIM-R8).
    static func read(_ request: Request) async throws -> CaseForm {
        let buffer = try await RequestBodyLimit.collect(request, limit: RequestBodyLimit.form)
        return CaseForm(fields: FormData.parse(String(buffer: buffer)))
    }

    func value(_ key: String) -> String { fields[key]?.first ?? "" }

    /// The text of a field, trimmed.
    func text(_ key: String) -> String { value(key).trimmingCharacters(in: .whitespacesAndNewlines) }

    var action: String { value(Self.actionField) }
    var requestId: String { value(Self.requestIdField) }

    /// The version the page showed; a missing or malformed one is malformed input (COM-INPUT), not version 0.
    func expectedVersion() throws -> Int64 {
        guard let version = Int64(value(Self.versionField)), version > 0 else {
            throw ActionRefusal.rule(.malformedInput, field: "expected_version")
        }
        return version
    }

    /// The person's own input to show again on a refused form (never the hidden facts).
    var input: [String: String] {
        var kept: [String: String] = [:]
        for (key, values) in fields
        where ![FormProtection.fieldName, Self.requestIdField, Self.versionField].contains(key) {
            kept[key] = values.first ?? ""
        }
        return kept
    }

    /// A fresh request id for a rendered form (LIM-R4: 1–128 printable characters).
    static func newRequestId() -> String { "web-\(UUID().uuidString.lowercased())" }
}

/// What a case route answers: a page, or a 303 to the case page after an action.
enum CaseAnswer {
    case page(DashboardPage)
    case seeOther(String)
}
