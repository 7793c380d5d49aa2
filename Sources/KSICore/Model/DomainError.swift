/// The one error type of KSICore: a code, a sentence, and every violated rule at once.
public struct DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in the grpc style: a struct wrapping a private enum so codes can be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Kind: Sendable, Hashable {
            case ruleViolation, notFound, notPermitted, illegalTransition, versionConflict, invalidArgument,
                unavailable, alreadyExists
        }
        let kind: Kind

        /// One or more rules were broken; `violations` lists them all.
        public static let ruleViolation = Code(kind: .ruleViolation)
        /// The entity does not exist (or the caller may not know that it does).
        public static let notFound = Code(kind: .notFound)
        /// The caller's organisation or role may not do this.
        public static let notPermitted = Code(kind: .notPermitted)
        /// The entity's state does not allow this command.
        public static let illegalTransition = Code(kind: .illegalTransition)
        /// The caller's `expected_version` is not the stored version.
        public static let versionConflict = Code(kind: .versionConflict)
        /// The request is malformed in a way no rule names (missing id, bad date).
        public static let invalidArgument = Code(kind: .invalidArgument)
        /// A dependency (storage, another service) cannot be reached now; retrying may help.
        public static let unavailable = Code(kind: .unavailable)
        /// The entity the request would create already exists, or the request id was already used for a
        /// different request (gRPC ALREADY_EXISTS, HTTP 409).
        public static let alreadyExists = Code(kind: .alreadyExists)

        /// `code: message`, followed by the violations in brackets when there are any.
        public var description: String { "\(kind)" }
    }

    /// The kind of error, which decides the gRPC status and HTTP code.
    public var code: Code
    /// What went wrong, in English, for the caller.
    public var message: String
    /// The rules the request broke, each with its field path; empty when no rule is named.
    public var violations: [RuleViolation]
    /// The kind of entity the error is about (`needs report`), for `google.rpc.ResourceInfo` /
    /// `PreconditionFailure` subjects (Services/Shared/DomainError+RPC.swift); "" when none.
    public var resourceType: String = ""
    /// The id of that entity; "" when none.
    public var resourceName: String = ""
    /// Facts a client may act on, sent as `google.rpc.ErrorInfo.metadata` (`expected_version`, `state`, `field`).
    public var metadata: [String: String] = [:]

    /// An error of `code` with `message` and the violated rules.
    public init(_ code: Code, _ message: String, violations: [RuleViolation] = []) {
        self.code = code
        self.message = message
        self.violations = violations
    }

    /// Two errors are equal when they say the same: code, sentence and violations. The structured facts
    /// (`resourceType`, `metadata`) restate what the constructors put in the sentence.
    public static func == (lhs: DomainError, rhs: DomainError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.violations == rhs.violations
    }

    /// Hashes what `==` compares: code, message and violations.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
        hasher.combine(violations)
    }

    /// `code: message`, followed by the violations in brackets when there are any.
    public var description: String {
        violations.isEmpty
            ? "\(code): \(message)" : "\(code): \(message) [\(violations.map(\.description).joined(separator: "; "))]"
    }

    /// A rule violation error listing every violation.
    public static func violations(_ violations: [RuleViolation]) -> DomainError {
        let rules = Set(violations.map(\.rule.value)).sorted().joined(separator: ", ")
        return DomainError(
            .ruleViolation,
            "the request breaks \(violations.count == 1 ? "a rule" : "\(violations.count) rules") (\(rules))",
            violations: violations
        )
    }

    /// No entity of kind `what` has `id` (NOT_FOUND, with ResourceInfo).
    public static func notFound(_ what: String, _ id: String) -> DomainError {
        var error = DomainError(.notFound, "no \(what) has the id \(id)")
        error.resourceType = what
        error.resourceName = id
        return error
    }

    /// The caller may not do this (PERMISSION_DENIED).
    public static func notPermitted(_ message: String) -> DomainError {
        DomainError(.notPermitted, message)
    }

    /// The entity's state does not allow the command; `state` (the status the entity is in) goes into the details.
    public static func illegalTransition(
        _ message: String,
        state: String = "",
        what: String = "",
        id: String = ""
    ) -> DomainError {
        var error = DomainError(.illegalTransition, message)
        if !state.isEmpty { error.metadata["state"] = state }
        error.resourceType = what
        error.resourceName = id
        return error
    }

    /// The stored version is not the expected one (ABORTED, PreconditionFailure type VERSION): read again and retry.
    public static func versionConflict(
        expected: Int64,
        actual: Int64,
        what: String = "",
        id: String = ""
    ) -> DomainError {
        var error = DomainError(
            .versionConflict,
            "the request expected version \(expected), but the stored version is \(actual); read it again and retry"
        )
        error.metadata = ["expected_version": String(expected), "actual_version": String(actual)]
        error.resourceType = what
        error.resourceName = id
        return error
    }

    /// The entity a create would make already exists. `field` is the request field that would have named
    /// the existing one (`national_budget_id`), `what` its kind.
    public static func alreadyExists(_ message: String, what: String = "", field: String = "") -> DomainError {
        var error = DomainError(.alreadyExists, message)
        error.resourceType = what
        if !field.isEmpty { error.metadata["field"] = field }
        return error
    }

    /// The pseudo-rule of malformed input that no domain rule names (protos/README.md): an error that breaks
    /// only this one is plain INVALID_ARGUMENT, not a rule violation, on gRPC and HTTPS alike. The same value
    /// as `RuleID.malformedInput` (declared in Kernel/Rules/RuleID+Common.swift), kept for embedders.
    public static let malformedInputRule: RuleID = .malformedInput

    /// A malformed request field (INVALID_ARGUMENT, rule COM-INPUT), named by its path.
    public static func invalidArgument(field: String, _ message: String) -> DomainError {
        DomainError(
            .invalidArgument,
            message,
            violations: [RuleViolation(field: field, rule: malformedInputRule, message: message)]
        )
    }
}
