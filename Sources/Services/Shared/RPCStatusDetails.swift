import GRPCCore
import KSICore

/// The standard gRPC error model (google.rpc.Status in the `grpc-status-details-bin` trailer, AIP-193):
/// building, packing and reading it back. What goes into it for each KSI error is decided in one place,
/// `DomainError+RPC.swift`; this file is the mechanics shared by the services, the gateway and tests.
public enum RPCStatusDetails {
    /// The binary trailer stock gRPC clients read (grpcio's `grpc_status.rpc_status.from_call`,
    /// grpc-go's `status.FromError`, grpc++'s `Status::error_details()`).
    public static let key = "grpc-status-details-bin"
    /// `google.rpc.ErrorInfo.domain` of every KSI error.
    public static let domain = "ksi.no"

    /// `type.googleapis.com/google.rpc.ErrorInfo` for a message type.
    public static func typeURL<M: WireMessage>(_ type: M.Type) -> String { "type.googleapis.com/" + M.wireName }

    /// A detail packed into `google.protobuf.Any`.
    public static func pack<M: WireMessage>(_ message: M) -> Google_Protobuf_Any {
        Google_Protobuf_Any.with {
            $0.typeUrl = typeURL(M.self)
            $0.value = (try? message.wireEncoded()) ?? []
        }
    }

    /// The stable UPPER_SNAKE name of a status code (google/rpc/code.proto), e.g. `NOT_FOUND`.
    public static func codeName(_ code: RPCError.Code) -> String {
        switch code {
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internalError: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        default: "UNKNOWN"
        }
    }

    /// The name of a numeric status code (`Google_Rpc_Status.code`); 0 is `OK`.
    public static func codeName(rawValue: Int32) -> String {
        guard let status = Status.Code(rawValue: Int(rawValue)) else { return "UNKNOWN" }
        guard let code = RPCError.Code(status) else { return "OK" }
        return codeName(code)
    }

    /// `ErrorInfo` with the KSI domain.
    public static func errorInfo(reason: String, metadata: [String: String] = [:]) -> Google_Rpc_ErrorInfo {
        Google_Rpc_ErrorInfo.with {
            $0.reason = reason
            $0.domain = domain
            $0.metadata = metadata
        }
    }

    /// A status with `ErrorInfo` first and the other details after it.
    public static func status(
        _ code: RPCError.Code,
        _ message: String,
        info: Google_Rpc_ErrorInfo,
        details: [Google_Protobuf_Any] = []
    ) -> Google_Rpc_Status {
        Google_Rpc_Status.with {
            $0.code = Int32(code.rawValue)
            $0.message = message
            $0.details = [pack(info)] + details
        }
    }

    /// The trailer carrying `status`.
    public static func metadata(_ status: Google_Rpc_Status) -> Metadata {
        var metadata: Metadata = [:]
        if let bytes = try? status.wireEncoded() { metadata.addBinary(bytes, forKey: key) }
        return metadata
    }

    /// An `RPCError` whose trailer carries `status` (code and message taken from it).
    public static func error(
        _ status: Google_Rpc_Status,
        code: RPCError.Code,
        adding metadata: Metadata = [:]
    ) -> RPCError {
        var all = metadata
        if let bytes = try? status.wireEncoded() { all.replaceOrAddBinary(bytes, forKey: key) }
        return RPCError(code: code, message: status.message, metadata: all)
    }

    /// The google.rpc.Status an error carries in its trailer, or nil.
    public static func status(of error: RPCError) -> Google_Rpc_Status? {
        for bytes in error.metadata[binaryValues: key] {
            if let status = try? Google_Rpc_Status(wireBytes: bytes) { return status }
        }
        return nil
    }

    /// `error` with a status in its trailer: unchanged when it has one; otherwise one with `ErrorInfo`
    /// (reason = the code's name, `metadata` added) so every error a KSI server sends carries `ErrorInfo`.
    public static func ensuringStatus(_ error: RPCError, metadata extra: [String: String] = [:]) -> RPCError {
        guard status(of: error) == nil else { return error }
        let status = status(error.code, error.message, info: errorInfo(reason: codeName(error.code), metadata: extra))
        return Self.error(status, code: error.code, adding: error.metadata)
    }
}

extension RPCStatusDetails {
    /// One broken rule as a client reads it from the Status: the field (proto path; "" when the rule is
    /// about the caller, not a field) and the rule id.
    public struct Violation: Sendable, Hashable {
        public var field: String
        public var ruleId: String
        public var message: String
    }

    /// The rules an error names: each `BadRequest` field violation (its description starts with the rule
    /// id), or, when it has none, the rules of `ErrorInfo.metadata["rules"]` (a refusal such as AUTH-R5).
    public static func violations(of error: RPCError) -> [Violation] {
        guard let status = status(of: error) else { return [] }
        let fields = (status.badRequest?.fieldViolations ?? []).map { violation in
            Violation(field: violation.field, ruleId: violation.rule.id, message: violation.rule.message)
        }
        if !fields.isEmpty { return fields }
        let rules = status.errorInfo?.metadata["rules"].map { $0.split(separator: ",").map(String.init) } ?? []
        return rules.map { Violation(field: "", ruleId: $0, message: status.message) }
    }
}

extension RPCStatusDetails {
    /// A `BadRequest` detail, one field violation per broken rule, each description `<rule id>: <sentence>`
    /// (what `Google_Rpc_BadRequest_FieldViolation.rule` reads back).
    public static func badRequest(_ violations: [(field: String, rule: String, message: String)]) -> Google_Protobuf_Any
    {
        pack(
            Google_Rpc_BadRequest.with {
                $0.fieldViolations = violations.map { violation in
                    Google_Rpc_BadRequest_FieldViolation.with {
                        $0.field = violation.field
                        $0.description =
                            violation.rule.isEmpty ? violation.message : "\(violation.rule): \(violation.message)"
                    }
                }
            }
        )
    }
}

extension Google_Rpc_BadRequest_FieldViolation {
    /// The rule id and sentence of a KSI field violation (`description` = `<rule id>: <sentence>`); an empty
    /// rule when the description does not start with one.
    public var rule: (id: String, message: String) {
        let parts = description.split(separator: ": ", maxSplits: 1).map(String.init)
        return parts.count == 2 && !parts[0].contains(" ") ? (parts[0], parts[1]) : ("", description)
    }
}

extension Google_Rpc_Status {
    /// The first detail of type `M`, or nil.
    public func detail<M: WireMessage>(_ type: M.Type) -> M? {
        let url = RPCStatusDetails.typeURL(M.self)
        for any in details where any.typeUrl == url {
            if let message = try? M(wireBytes: any.value) { return message }
        }
        return nil
    }

    public var errorInfo: Google_Rpc_ErrorInfo? { detail(Google_Rpc_ErrorInfo.self) }
    public var badRequest: Google_Rpc_BadRequest? { detail(Google_Rpc_BadRequest.self) }
    public var preconditionFailure: Google_Rpc_PreconditionFailure? { detail(Google_Rpc_PreconditionFailure.self) }
    public var resourceInfo: Google_Rpc_ResourceInfo? { detail(Google_Rpc_ResourceInfo.self) }
}
