/// Whether this deployment is a test environment or production (`KSI_ENVIRONMENT`; issue 14). `ksi dev`
/// and the test stack are test environments; the server default, and the compose stack, is production.
public enum DeploymentEnvironment: String, Sendable, Hashable, CaseIterable {
    /// A test environment (`ksi dev`, the test stack): synthetic identity numbers are accepted (ID-R1).
    case test
    /// Production (the default): synthetic identity numbers are refused (ID-R1).
    case production
}

/// The one check of a national identity number (fødselsnummer, D-number) in a request: every context
/// that takes one asks its validator, which knows the deployment (issue 14).
///
/// - A number with a wrong length, a non-digit, a wrong check digit or an impossible date is refused
///   (`COM-INPUT`), in every environment.
/// - ID-R1: a synthetic test number (Tenor: month + 80, also on D-numbers) is accepted in a test
///   environment and refused in production: there it can only be a mistake or a test leaking into real data.
public struct NationalIdentityValidator: Sendable, Hashable {
    /// The rule that refuses a synthetic number in production.
    public static let syntheticRule: RuleID = .syntheticIdentity
    /// The environment the validator is for: synthetic numbers pass only outside production.
    public let environment: DeploymentEnvironment

    /// A validator for `environment`.
    public init(environment: DeploymentEnvironment) {
        self.environment = environment
    }

    /// The kind of `text`, or a `DomainError.invalidArgument` naming `field` (and ID-R1 for a synthetic
    /// number in production). The value is child data or a person's id: no message repeats it.
    @discardableResult
    public func check(_ text: String, field: String) throws -> NationalIdentityNumber.Kind {
        if let violation = violation(text, field: field) {
            throw DomainError(.invalidArgument, violation.message, violations: [violation])
        }
        return NationalIdentityNumber.parse(text)!.kind
    }

    /// What is wrong with `text` as the number in `field`, or nil when this deployment accepts it.
    public func violation(_ text: String, field: String) -> RuleViolation? {
        guard let parsed = NationalIdentityNumber.parse(text) else {
            return RuleViolation(
                field: field,
                rule: .malformedInput,
                message:
                    "the national identity number is not a valid fødselsnummer or D-number (11 digits, valid check digits and date)"
            )
        }
        if parsed.synthetic && environment != .test {
            return RuleViolation(
                field: field,
                rule: Self.syntheticRule,
                message:
                    "the national identity number is a synthetic test number (month + 80); this deployment is production, which accepts only real numbers"
            )
        }
        return nil
    }
}
