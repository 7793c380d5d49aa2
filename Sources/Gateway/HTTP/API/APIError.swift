import Foundation
import GRPCCore
import Hummingbird
import KSICore
import Services

/// An error as the HTTP API returns it: `{ "error": { "code", "message", "violations": [{field, rule, message}] } }`.
///
/// Domain errors keep their meaning across the HTTP boundary (STYLE.md §5): rule violations are 422,
/// malformed input 400, unknown ids 404, refused callers 403, state and version conflicts 409, an
/// unreachable dependency 503. gRPC errors from an upstream service map the same way, with the
/// violations read back from the `ksi-error-detail-bin` trailer.
///
/// A server-side failure (5xx) never shows its cause to the caller: `from` puts a stable sentence in
/// `message` and the original text (hosts, ports, TLS errors, upstream messages) in `detail`, which
/// only the log sees (`ErrorResponder`, with the request id).
public struct APIError: Error, Sendable, Hashable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var violations: [Violation]
    /// The internal cause of a server-side failure: logged, never sent.
    public var detail: String?

    /// One broken rule: the field path, the rule id (DOMAIN.md) and a sentence.
    public struct Violation: Sendable, Hashable, Codable {
        public var field: String
        public var rule: String
        public var message: String
    }

    public init(status: HTTPResponse.Status, code: String, message: String, violations: [Violation] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.violations = violations
    }

    /// The API error for any error a handler threw; a 5xx carries only a stable message (its cause in `detail`).
    public static func from(_ error: any Error) -> APIError {
        var apiError = classify(error)
        if apiError.status.code >= 500 {
            apiError.detail = apiError.detail ?? "\(apiError.message) (\(String(reflecting: error)))"
            apiError.message = stableMessage(apiError.status)
            apiError.violations = []
        }
        return apiError
    }

    /// The sentence a caller sees for a server-side failure; the request id in the same body finds its cause in the log.
    static func stableMessage(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .badGateway: "a service behind the gateway failed; quote the request id when reporting it"
        case .serviceUnavailable: "a service behind the gateway is unavailable; try again later"
        case .gatewayTimeout: "a service behind the gateway did not answer in time; try again later"
        default: "the gateway could not answer; quote the request id when reporting it"
        }
    }

    private static func classify(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as DomainError:
            return from(error)
        case let error as RPCError:
            return from(error)
        case let error as SourceUnavailable:
            return APIError(status: .serviceUnavailable, code: "unavailable", message: error.description)
        case let error as DecodingError:
            return APIError(status: .badRequest, code: "invalidArgument",
                            message: "the request body is not valid JSON for this operation: \(describe(error))",
                            violations: violation(error).map { [$0] } ?? [])
        case let error as HTTPError:
            return APIError(status: error.status, code: error.status == .notFound ? "notFound" : "invalidArgument", message: error.body ?? error.status.reasonPhrase)
        default:
            return APIError(status: .internalServerError, code: "internal", message: "the gateway could not answer")
        }
    }

    static func from(_ error: DomainError) -> APIError {
        let violations = error.violations.map { Violation(field: $0.field, rule: $0.rule.value, message: $0.message) }
        let (status, code): (HTTPResponse.Status, String) = switch error.code {
        case .ruleViolation: (.unprocessableContent, "ruleViolation")
        case .invalidArgument: (.badRequest, "invalidArgument")
        case .notFound: (.notFound, "notFound")
        case .notPermitted: (.forbidden, "notPermitted")
        case .illegalTransition: (.conflict, "illegalTransition")
        case .versionConflict: (.conflict, "versionConflict")
        case .alreadyExists: (.conflict, "alreadyExists")
        case .unavailable: (.serviceUnavailable, "unavailable")
        default: (.internalServerError, "internal")
        }
        return APIError(status: status, code: code, message: error.message, violations: violations)
    }

    static func from(_ error: RPCError) -> APIError {
        let violations = ErrorDetailMetadata.violations(of: error).map { Violation(field: $0.field, rule: $0.ruleId, message: $0.message) }
        let (status, code): (HTTPResponse.Status, String) = switch error.code {
        case .invalidArgument:
            // The services send rule violations and malformed input both as INVALID_ARGUMENT; only
            // malformed input uses the COM-INPUT pseudo-rule (DomainError.invalidArgument).
            violations.contains(where: { $0.rule != "COM-INPUT" }) ? (.unprocessableContent, "ruleViolation") : (.badRequest, "invalidArgument")
        case .notFound: (.notFound, "notFound")
        case .permissionDenied: (.forbidden, "notPermitted")
        case .unauthenticated: (.unauthorized, "unauthenticated")
        case .failedPrecondition: (.conflict, "illegalTransition")
        case .aborted: (.conflict, "versionConflict")
        case .alreadyExists: (.conflict, "alreadyExists")
        case .unavailable, .deadlineExceeded, .resourceExhausted, .cancelled: (.serviceUnavailable, "unavailable")
        default: (.badGateway, "internal")
        }
        return APIError(status: status, code: code, message: error.message, violations: violations)
    }

    /// The field a JSON body failed at, named as the services name fields (`content.uh_contacted_on`): an
    /// impossible date is LIM-R3, anything else malformed input (COM-INPUT).
    private static func violation(_ error: DecodingError) -> Violation? {
        let context: DecodingError.Context
        switch error {
        case .dataCorrupted(let c), .typeMismatch(_, let c), .valueNotFound(_, let c): context = c
        case .keyNotFound(let key, let c): context = DecodingError.Context(codingPath: c.codingPath + [key], debugDescription: "missing")
        @unknown default: return nil
        }
        guard !context.codingPath.isEmpty else { return nil }
        let rule = context.debugDescription == LocalDate.notACalendarDate ? "LIM-R3" : "COM-INPUT"
        return Violation(field: fieldPath(context.codingPath), rule: rule, message: context.debugDescription)
    }

    /// A JSON coding path in the contract's field names: `content.lines[3].amount_ore`.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue {
                out += "[\(index)]"
                continue
            }
            if !out.isEmpty { out += "." }
            for character in key.stringValue {
                if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
            }
        }
        return out
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        case .keyNotFound(let key, _):
            return "missing \(key.stringValue)"
        @unknown default:
            return "\(error)"
        }
    }

    /// The JSON body of the error.
    struct Body: Codable {
        struct Detail: Codable {
            var code: String
            var message: String
            var violations: [Violation]
            var requestId: String
        }
        var error: Detail
    }

    /// The error as an HTTP response carrying the request id (also answered in `x-request-id`).
    public func response(requestId: String) -> Response {
        var response = JSONResponse.make(Body(error: .init(code: code, message: message, violations: violations, requestId: requestId)),
                                         status: status)
        // After a refused body the rest of it is not worth reading: the connection closes once answered.
        if status == .contentTooLarge { response.headers[.connection] = "close" }
        return response
    }
}
