import KSICore

/// The one step from an `authorization` value to a caller, shared by the services' gRPC
/// (`CallerIdentity`) and the gateway's HTTPS API: the person comes only from a verified bearer
/// token (AUTH-R1) whose `pid` is a registered person, and acts only in the roles the registry gives
/// that person for the organisation (AUTH-R4, `ReferenceData.caller(orgNumber:person:assurance:on:)`).
public struct PersonAuthentication: Sendable {
    /// The live registry (issue 12): each call resolves the person against the data in force then.
    public let registry: ReferenceRegistry
    public var reference: ReferenceData { registry.current }
    /// Nil: no issuer is configured, so any bearer token is refused (a caller acts without a person).
    public let tokens: PersonTokenVerifier?

    public init(registry: ReferenceRegistry, tokens: PersonTokenVerifier?) {
        self.registry = registry
        self.tokens = tokens
    }

    public init(reference: ReferenceData, tokens: PersonTokenVerifier?) {
        self.init(registry: ReferenceRegistry(reference), tokens: tokens)
    }

    /// The caller for `orgNumber` and the `authorization` values of the request (none: no person).
    /// A token that does not verify, or names no registered person, is a `PersonTokenRefusal`.
    public func caller(orgNumber: String, authorization: [String], on date: LocalDate) async throws -> Caller {
        let reference = self.reference
        guard let value = authorization.first else {
            return try reference.caller(orgNumber: orgNumber, person: nil, assurance: .none, on: date)
        }
        guard authorization.count == 1 else { throw PersonTokenRefusal("more than one authorization value") }
        guard let bearer = BearerToken.fromAuthorization(value) else {
            throw PersonTokenRefusal("expected 'Bearer <token>'")
        }
        guard let tokens else { throw PersonTokenRefusal("no token issuer is configured") }
        let verified = try await tokens.verify(bearer.value)
        guard let person = reference.person(pid: verified.pid, on: date) else {
            throw PersonTokenRefusal("the token's person is not in the person registry")
        }
        var caller = try reference.caller(orgNumber: orgNumber, person: person, assurance: verified.assurance, on: date)
        caller.bearer = bearer
        return caller
    }
}
