import Foundation
import GRPCCore
import Hummingbird
import KSICore
import Services

/// An error as the HTTP API returns it: the JSON form of google.rpc.Status (AIP-193), the same Status the
/// services send in `grpc-status-details-bin` (Services/Shared/DomainError+RPC.swift):
/// `{"error": {"code": 404, "message": …, "status": "NOT_FOUND", "details": [{"@type":
/// "type.googleapis.com/google.rpc.ErrorInfo", "reason": …, "domain": "ksi.no", "metadata": {…}}, …]}}`.
///
/// The HTTP status follows the standard mapping of google/rpc/code.proto (`httpStatus(for:)`): rule
/// violations and malformed input are INVALID_ARGUMENT → 400, the rule id in `ErrorInfo.reason` and each
/// `BadRequest` description telling the two apart (docs/gateway-http.md "Errors"). Field paths are the JSON
/// names the client sent (`content.lines[3].amountOre`; `jsonFieldPath`). The gateway's own refusals
/// (bad query parameter, 413, 415, cross-origin 403, undecodable body) go through the same renderer.
///
/// A server-side failure (5xx) never shows its cause to the caller: `from` puts a stable sentence in
/// `message`, keeps only `ErrorInfo`, and the original text (hosts, ports, TLS errors, upstream messages)
/// in `detail`, which only the log sees (`ErrorResponder`, with the request id).
public struct APIError: Error, Sendable, Hashable {
    public var status: HTTPResponse.Status
    /// The google.rpc.Status the body renders; its `code` is the gRPC code, its field paths proto names.
    public var rpcStatus: Google_Rpc_Status
    /// The internal cause of a server-side failure: logged, never sent.
    public var detail: String?

    /// One broken rule: the field path, the rule id (DOMAIN.md, docs/security.md) and a sentence.
    public struct Violation: Sendable, Hashable, Codable {
        public var field: String
        public var rule: String
        public var message: String
    }

    public init(status: HTTPResponse.Status, rpcStatus: Google_Rpc_Status) {
        self.status = status
        self.rpcStatus = rpcStatus
    }

    /// A refusal of the gateway's own: `reason` is the ErrorInfo reason when no violation names a rule.
    public init(status: HTTPResponse.Status, code reason: String, message: String, violations: [Violation] = []) {
        let rpcCode = Self.rpcCode(forGatewayStatus: status)
        let rules = violations.map(\.rule)
        // COM-INPUT is not a rule but the mark of malformed input: such errors keep the reason INVALID_ARGUMENT,
        // as the services' do (DomainError+RPC).
        var info = RPCStatusDetails.errorInfo(
            reason: rules.first { $0 != RuleID.malformedInput.value } ?? Self.upperSnake(reason)
        )
        if !rules.isEmpty { info.metadata["rules"] = rules.joined(separator: ",") }
        let details =
            violations.isEmpty ? [] : [RPCStatusDetails.badRequest(violations.map { ($0.field, $0.rule, $0.message) })]
        self.init(status: status, rpcStatus: RPCStatusDetails.status(rpcCode, message, info: info, details: details))
    }

    /// The message the body carries.
    public var message: String {
        get { rpcStatus.message }
        set { rpcStatus.message = newValue }
    }

    /// The ErrorInfo reason (the rule id, or the stable reason of the error's kind).
    public var reason: String { rpcStatus.errorInfo?.reason ?? "" }

    /// The field violations, with proto field paths and the rule id split off the description.
    public var violations: [Violation] {
        (rpcStatus.badRequest?.fieldViolations ?? []).map {
            Violation(field: $0.field, rule: $0.rule.id, message: $0.rule.message)
        }
    }

    /// The API error for any error a handler threw; a 5xx carries only a stable message (its cause in `detail`).
    public static func from(_ error: any Error) -> APIError {
        var apiError = classify(error)
        if apiError.status.code >= 500 {
            apiError.detail = apiError.detail ?? "\(apiError.message) (\(String(reflecting: error)))"
            apiError.rpcStatus.message = stableMessage(apiError.status)
            apiError.rpcStatus.details = apiError.rpcStatus.details.filter {
                $0.typeUrl == RPCStatusDetails.typeURL(Google_Rpc_ErrorInfo.self)
            }
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
            return from(RPCError(code: .unavailable, message: error.description))
        case let error as DecodingError:
            return APIError(
                status: .badRequest,
                code: "invalidArgument",
                message: "the request body is not valid JSON for this operation: \(describe(error))",
                violations: violation(error).map { [$0] } ?? []
            )
        case let error as HTTPError:
            return APIError(
                status: error.status,
                code: error.status == .notFound ? "notFound" : "invalidArgument",
                message: error.body ?? error.status.reasonPhrase
            )
        default:
            return APIError(status: .internalServerError, code: "internal", message: "the gateway could not answer")
        }
    }

    /// A domain error raised in the gateway: the same Status the services would send for it.
    static func from(_ error: DomainError) -> APIError {
        var status = error.rpcStatus
        status.message = error.message
        return APIError(status: httpStatus(for: error.rpcErrorCode), rpcStatus: status)
    }

    /// An upstream gRPC error: its google.rpc.Status from the trailer (or one with `ErrorInfo` from its code).
    static func from(_ error: RPCError) -> APIError {
        let status =
            RPCStatusDetails.status(of: error)
            ?? RPCStatusDetails.status(
                error.code,
                error.message,
                info: RPCStatusDetails.errorInfo(reason: RPCStatusDetails.codeName(error.code))
            )
        return APIError(status: httpStatus(for: error.code), rpcStatus: status)
    }

    /// The HTTP status of a gRPC code (google/rpc/code.proto, AIP-193).
    public static func httpStatus(for code: RPCError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidArgument, .failedPrecondition, .outOfRange: .badRequest
        case .unauthenticated: .unauthorized
        case .permissionDenied: .forbidden
        case .notFound: .notFound
        case .alreadyExists, .aborted: .conflict
        case .resourceExhausted: .tooManyRequests
        case .cancelled: HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")
        case .unimplemented: .notImplemented
        case .unavailable: .serviceUnavailable
        case .deadlineExceeded: .gatewayTimeout
        default: .internalServerError
        }
    }

    /// The gRPC code of a refusal the gateway makes itself, by its HTTP status.
    static func rpcCode(forGatewayStatus status: HTTPResponse.Status) -> RPCError.Code {
        switch status.code {
        case 401: .unauthenticated
        case 403: .permissionDenied
        case 404: .notFound
        case 409: .aborted
        case 413, 429: .resourceExhausted
        case 501: .unimplemented
        case 503: .unavailable
        case 504: .deadlineExceeded
        case 400..<500: .invalidArgument
        default: .internalError
        }
    }

    /// `payloadTooLarge` → `PAYLOAD_TOO_LARGE`.
    static func upperSnake(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase, !out.isEmpty { out += "_" }
            out += character.uppercased()
        }
        return out
    }

    /// A proto field path (`content.lines[3].amount_ore`) as the JSON names a client sends
    /// (`content.lines[3].amountOre`): each segment lowerCamelCased as protobuf's JSON mapping names fields.
    /// Names without underscores (`trendYears`, `Content-Type`) pass as they are.
    public static func jsonFieldPath(_ path: String) -> String {
        var out = ""
        var upperNext = false
        var quoted = false  // inside `["…"]`: a key as the client wrote it (ProtoJSON.path), kept verbatim
        var escaped = false
        for character in path {
            if quoted {
                out.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    quoted = false
                }
                continue
            }
            if character == "\"" {
                quoted = true
                out.append(character)
                continue
            }
            if character == "_" {
                upperNext = !out.isEmpty && out.last != "." && out.last != "]"
                if !upperNext { out.append(character) }
                continue
            }
            if upperNext { out += character.uppercased() } else { out.append(character) }
            upperNext = false
        }
        return out
    }

    /// The field a JSON body failed at, named as the services name fields (`content.uh_contacted_on`): an
    /// impossible date is LIM-R3, anything else malformed input (COM-INPUT).
    private static func violation(_ error: DecodingError) -> Violation? {
        let context: DecodingError.Context
        switch error {
        case .dataCorrupted(let c), .typeMismatch(_, let c), .valueNotFound(_, let c): context = c
        case .keyNotFound(let key, let c):
            context = DecodingError.Context(codingPath: c.codingPath + [key], debugDescription: "missing")
        @unknown default: return nil
        }
        guard !context.codingPath.isEmpty else { return nil }
        let rule =
            context.debugDescription == LocalDate.notACalendarDate
            ? RuleID.calendarDate.value : RuleID.malformedInput.value
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

    /// The error as an HTTP response: the AIP-193 JSON body, with the request id as a `RequestInfo` detail
    /// (also answered in `x-request-id`).
    public func response(requestId: String) -> Response {
        var status = rpcStatus
        if !requestId.isEmpty {
            status.details.append(RPCStatusDetails.pack(Google_Rpc_RequestInfo.with { $0.requestId = requestId }))
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        // After a refused body the rest of it is not worth reading: the connection closes once answered.
        if self.status == .contentTooLarge { headers[.connection] = "close" }
        let data = APIErrorJSON.body(status, httpStatus: self.status)
        return Response(status: self.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension APIError.Violation {
    /// A violation of a typed rule (issue 16); the body carries the rule's id.
    init(field: String, rule: RuleID, message: String) {
        self.init(field: field, rule: rule.value, message: message)
    }
}
