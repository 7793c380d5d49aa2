import GRPCCore
import KSICore

/// The one place where KSI errors become gRPC statuses (STYLE.md §5) and their google.rpc.Status
/// details (AIP-193; docs/services.md "Errors"). The gateway renders the same Status as its HTTP JSON
/// (`APIError`), so both surfaces say the same thing.
///
/// Every error carries `ErrorInfo` (domain `ksi.no`; `reason` = the rule id when the error names one, else
/// the stable reason of its kind: `INVALID_ARGUMENT`, `NOT_FOUND`, `NOT_PERMITTED`, `ILLEGAL_TRANSITION`,
/// `VERSION_CONFLICT`, `ALREADY_EXISTS`, `UNAVAILABLE`). Then, by kind: `BadRequest` (one field violation
/// per broken rule, proto field path, description starting with the rule id) for INVALID_ARGUMENT;
/// `ResourceInfo` for NOT_FOUND and ALREADY_EXISTS; `PreconditionFailure` (type `STATE` or `VERSION`) for
/// FAILED_PRECONDITION and ABORTED.
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

    public var rpcErrorMetadata: Metadata { RPCStatusDetails.metadata(rpcStatus) }

    /// The error as a google.rpc.Status.
    public var rpcStatus: Google_Rpc_Status {
        RPCStatusDetails.status(rpcErrorCode, description, info: errorInfo, details: details)
    }

    /// The rules the error names, in order, once each (COM-INPUT last: it is not a domain rule).
    var namedRules: [RuleID] {
        var seen = Set<RuleID>()
        let rules = violations.map(\.rule).filter { seen.insert($0).inserted }
        return rules.filter { $0 != .malformedInput } + rules.filter { $0 == .malformedInput }
    }

    var reason: String {
        switch code {
        case .ruleViolation, .invalidArgument:
            // A domain or limit rule names itself; input that only breaks COM-INPUT is plain INVALID_ARGUMENT.
            namedRules.first.flatMap { $0 == .malformedInput ? nil : $0.value } ?? "INVALID_ARGUMENT"
        case .notFound: "NOT_FOUND"
        case .notPermitted: namedRules.first?.value ?? "NOT_PERMITTED"
        case .illegalTransition: "ILLEGAL_TRANSITION"
        case .versionConflict: "VERSION_CONFLICT"
        case .alreadyExists: "ALREADY_EXISTS"
        case .unavailable: "UNAVAILABLE"
        default: "INTERNAL"
        }
    }

    var errorInfo: Google_Rpc_ErrorInfo {
        var metadata = self.metadata
        if !resourceType.isEmpty { metadata["resource_type"] = resourceType }
        if !resourceName.isEmpty { metadata["resource_name"] = resourceName }
        let rules = namedRules
        if !rules.isEmpty { metadata["rules"] = rules.map(\.value).joined(separator: ",") }
        return RPCStatusDetails.errorInfo(reason: reason, metadata: metadata)
    }

    /// The resource an error is about, as `needs report/1b2c…` (the PreconditionFailure subject).
    var subject: String {
        resourceName.isEmpty ? resourceType : "\(resourceType)/\(resourceName)"
    }

    var details: [Google_Protobuf_Any] {
        switch code {
        case .ruleViolation, .invalidArgument:
            return [RPCStatusDetails.badRequest(violations.map { ($0.field, $0.rule.value, $0.message) })]
        case .notFound, .alreadyExists:
            return [
                RPCStatusDetails.pack(
                    Google_Rpc_ResourceInfo.with {
                        $0.resourceType = resourceType
                        $0.resourceName = resourceName
                        $0.description = message
                    }
                )
            ]
        case .illegalTransition, .versionConflict:
            return [
                RPCStatusDetails.pack(
                    Google_Rpc_PreconditionFailure.with {
                        $0.violations = [
                            .with {
                                $0.type = code == .versionConflict ? "VERSION" : "STATE"
                                $0.subject = subject
                                $0.description = message
                            }
                        ]
                    }
                )
            ]
        default:
            return []
        }
    }
}

extension WireError {
    /// A wire decode or encode failure as google.rpc.Status: `reason` LIM-R1 for a message over its decode
    /// budget, the code's name otherwise; the field at fault (when one is) in `BadRequest`.
    func rpcStatus(code: RPCError.Code) -> Google_Rpc_Status {
        let rule: RuleID? =
            self.code == .overBudget ? .decodeBudget : code == .invalidArgument ? .malformedInput : nil
        var info = RPCStatusDetails.errorInfo(
            reason: rule == .decodeBudget ? RuleID.decodeBudget.value : RPCStatusDetails.codeName(code),
            metadata: ["message_type": messageName]
        )
        if let rule { info.metadata["rules"] = rule.value }
        var details: [Google_Protobuf_Any] = []
        if let field, !field.isEmpty {
            details.append(RPCStatusDetails.badRequest([(field, rule?.value ?? "", message)]))
        }
        return RPCStatusDetails.status(code, description, info: info, details: details)
    }
}
