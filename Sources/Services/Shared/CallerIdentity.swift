import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import SwiftASN1
import X509

/// Turns the authenticated peer of a call into a `Caller`.
///
/// The organisation number comes from the client certificate's subject, as in enterprise
/// certificates (virksomhetssertifikat): `organizationIdentifier=NTRNO-<orgnr>` or
/// `serialNumber=<orgnr>`. A principal forwarded in metadata (the gateway acting for a user
/// organisation) is accepted only when the peer certificate is a trusted gateway identity.
/// The person comes only from `authorization: Bearer <jwt>`, verified here (AUTH-R1) — also when the
/// gateway forwards the caller's token: every service verifies it itself.
public struct CallerIdentity: Sendable {
    /// Metadata key: the organisation number the gateway acts for.
    public static let principalKey = "ksi-principal-org"
    /// Metadata key of the person's token: `Bearer <jwt>` (AUTH-R1).
    public static let authorizationKey = "authorization"

    /// The live registry (issue 12): each call resolves its caller against the data in force at that moment.
    public let registry: ReferenceRegistry
    public var reference: ReferenceData { registry.current }
    public let time: any TimeSource
    /// Organisation numbers of gateway service identities allowed to forward a principal.
    public let trustedGateways: Set<String>
    /// How a bearer token becomes a person (nil verifier: no issuer configured, every token refused).
    public let persons: PersonAuthentication

    public init(
        reference: ReferenceData,
        time: any TimeSource,
        trustedGateways: Set<String>,
        tokens: PersonTokenVerifier? = nil
    ) {
        self.init(registry: ReferenceRegistry(reference), time: time, trustedGateways: trustedGateways, tokens: tokens)
    }

    public init(
        registry: ReferenceRegistry,
        time: any TimeSource,
        trustedGateways: Set<String>,
        tokens: PersonTokenVerifier? = nil
    ) {
        self.registry = registry
        self.time = time
        self.trustedGateways = trustedGateways
        self.persons = PersonAuthentication(registry: registry, tokens: tokens)
    }

    /// The caller of this request, or `PERMISSION_DENIED`/`UNAUTHENTICATED` (a refused token, AUTH-R1).
    public func caller(for context: RPCRequestContext) async throws -> Caller {
        guard let certificate = Self.peerCertificate(context.server) else {
            throw RPCError(code: .unauthenticated, message: "a client certificate is required")
        }
        guard let peerOrg = Self.orgNumber(in: certificate) else {
            throw RPCError(
                code: .unauthenticated,
                message: "the client certificate carries no Norwegian organisation number"
            )
        }
        let forwarded = context.metadata[stringValues: Self.principalKey].first(where: { _ in true })
        let acting: String
        if let forwarded, forwarded != peerOrg {
            guard trustedGateways.contains(peerOrg) else {
                throw RPCError(code: .permissionDenied, message: "only the gateway may act for another organisation")
            }
            acting = forwarded
        } else {
            acting = peerOrg
        }
        let authorization = Array(context.metadata[stringValues: Self.authorizationKey])
        do {
            return try await persons.caller(orgNumber: acting, authorization: authorization, on: time.today())
        } catch let refusal as PersonTokenRefusal {
            throw Self.unauthenticated(refusal)
        }
    }

    /// UNAUTHENTICATED for a refused token: `ErrorInfo` reason AUTH-R1 and a `BadRequest` violation on the
    /// `authorization` metadata (the credential the call must carry).
    static func unauthenticated(_ refusal: PersonTokenRefusal) -> RPCError {
        let status = RPCStatusDetails.status(
            .unauthenticated,
            refusal.description,
            info: RPCStatusDetails.errorInfo(
                reason: RuleID.verifiedToken.value,
                metadata: ["rules": RuleID.verifiedToken.value, "metadata_key": authorizationKey]
            ),
            details: [
                RPCStatusDetails.pack(
                    Google_Rpc_BadRequest.with {
                        $0.fieldViolations = [
                            .with {
                                $0.field = "authorization"
                                $0.description = "AUTH-R1: \(refusal.reason)"
                            }
                        ]
                    }
                )
            ]
        )
        return RPCStatusDetails.error(status, code: .unauthenticated)
    }

    /// The validated client certificate of the connection, when there is one.
    static func peerCertificate(_ context: ServerContext) -> Certificate? {
        (context.transportSpecific as? HTTP2ServerTransport.Posix.Context)?.peerCertificate
    }

    /// The organisation number in a certificate subject, or nil.
    public static func orgNumber(in certificate: Certificate) -> String? {
        let organizationIdentifier: ASN1ObjectIdentifier = [2, 5, 4, 97]
        let serialNumber: ASN1ObjectIdentifier = [2, 5, 4, 5]
        var fromSerial: String?
        for rdn in certificate.subject {
            for attribute in rdn {
                guard let text = String(attribute.value) else { continue }
                if attribute.type == organizationIdentifier, text.hasPrefix("NTRNO-") {
                    let number = String(text.dropFirst("NTRNO-".count))
                    if OrgNumber.isValid(number) { return number }
                } else if attribute.type == serialNumber, OrgNumber.isValid(text) {
                    fromSerial = text
                }
            }
        }
        return fromSerial
    }
}
