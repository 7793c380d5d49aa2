import HTTPTypes
import Hummingbird
import KSICore
import NIOCore
import NIOSSL
import Services
import X509

/// How an HTTP request becomes a `Caller`.
public enum CallerAuthentication: Sendable {
    /// Mutual TLS: the organisation number in the client certificate's subject (as the services do,
    /// `CallerIdentity.orgNumber(in:)`), resolved in the organisation registry; optional `ksi-person-id` header.
    case clientCertificate
    /// Every request acts as this organisation. Only for the loopback development dashboard and in-memory
    /// router tests; `GatewayHTTPServer` refuses to bind it to a non-loopback address.
    case fixed(orgNumber: String)

    /// The header naming the acting person (audited by the services).
    public static let personHeader = HTTPField.Name("ksi-person-id")!

    /// The caller of `request`, or an `HTTPError`-like `APIError` (401/403).
    func caller(for request: Request, context: GatewayRequestContext, reference: ReferenceData, time: any TimeSource) async throws -> Caller {
        let person = request.headers[Self.personHeader] ?? ""
        let orgNumber: String
        switch self {
        case .fixed(let fixed):
            orgNumber = fixed
        case .clientCertificate:
            let peer = try? await context.channel.nioSSL_peerCertificate().get()
            guard let peer else {
                throw APIError(status: .unauthorized, code: "unauthenticated", message: "a client certificate is required")
            }
            let certificate = try X509.Certificate(derEncoded: try peer.toDERBytes())
            guard let number = CallerIdentity.orgNumber(in: certificate) else {
                throw APIError(status: .unauthorized, code: "unauthenticated",
                               message: "the client certificate carries no Norwegian organisation number")
            }
            orgNumber = number
        }
        return try reference.caller(orgNumber: orgNumber, personId: person, on: time.today())
    }
}
