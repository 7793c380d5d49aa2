import GRPCCore
import KSICore

/// The one place where domain errors become gRPC statuses (STYLE.md §5).
///
/// The status message names every violated rule; the trailer `ksi-error-detail-bin` carries an
/// `ErrorDetail` (field path, rule id, message per violation) for machines.
extension DomainError: RPCErrorConvertible {
    public var rpcErrorCode: RPCError.Code {
        switch code {
        case .ruleViolation, .invalidArgument: .invalidArgument
        case .notFound: .notFound
        case .notPermitted: .permissionDenied
        case .illegalTransition: .failedPrecondition
        case .versionConflict: .aborted
        case .unavailable: .unavailable
        case .alreadyExists: .alreadyExists
        default: .internalError
        }
    }

    public var rpcErrorMessage: String { description }

    public var rpcErrorMetadata: Metadata {
        guard !violations.isEmpty else { return [:] }
        let detail = ErrorDetail.with {
            $0.violations = violations.map { violation in
                FieldViolation.with {
                    $0.field = violation.field
                    $0.ruleId = violation.rule.value
                    $0.message = violation.message
                }
            }
        }
        var metadata: Metadata = [:]
        if let bytes = try? detail.wireEncoded() {
            metadata.addBinary(bytes, forKey: ErrorDetailMetadata.key)
        }
        return metadata
    }
}

/// Reading the machine-readable error detail back on the client side.
public enum ErrorDetailMetadata {
    /// The binary trailer that carries an `ErrorDetail`.
    public static let key = "ksi-error-detail-bin"

    /// The violations an error carries, or none.
    public static func violations(of error: RPCError) -> [FieldViolation] {
        for bytes in error.metadata[binaryValues: key] {
            if let detail = try? ErrorDetail(wireBytes: bytes) { return detail.violations }
        }
        return []
    }
}
