import Foundation
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
    /// `CallerIdentity.orgNumber(in:)`); the person only from `Authorization: Bearer <jwt>`, verified
    /// (AUTH-R1) and matched to the person registry (AUTH-R4). The gateway forwards the token upstream.
    case clientCertificate(PersonAuthentication)
    /// Every request acts as this organisation with all its grants and no person. Only for in-memory
    /// router tests; never bound to a listener.
    case fixed(orgNumber: String)
    /// The certificate-free loopback dashboard of `ksi dev`: every request acts as one demo person of
    /// one organisation through a development token minted for it and verified like any other token.
    /// `GatewayHTTPServer` refuses to bind it to a non-loopback address.
    case developmentPerson(orgNumber: String, person: DevelopmentPerson?, persons: PersonAuthentication)

    /// Whether a dashboard with this authentication offers `/logg-inn` (the person switcher): only the
    /// certificate-free development dashboard, which `GatewayHTTPServer` binds to loopback only (and each
    /// request is checked to come through that listener).
    var offersPersonSwitch: Bool {
        if case .developmentPerson(_, let person, _) = self, person != nil { return true }
        return false
    }

    /// The header carrying the person's token.
    public static let authorizationHeader = HTTPField.Name.authorization

    /// The caller of `request`, or an `APIError` (401/403).
    func caller(
        for request: Request,
        context: GatewayRequestContext,
        reference: ReferenceData,
        time: any TimeSource
    ) async throws -> Caller {
        switch self {
        case .fixed(let orgNumber):
            return try reference.organisationCaller(orgNumber: orgNumber, on: time.today())
        case .developmentPerson(let orgNumber, let person, let persons):
            // `/logg-inn` (`PersonSwitch`): a verified choice acts as that person for that person's
            // organisation, with a token minted for them; anything else acts as the default person.
            if let person, context.listener == .loopback,
                let chosen = PersonSwitch.chosen(request, reference: reference, on: time.today())
            {
                let token = try await person.issuer.mint(
                    pid: chosen.person.pid,
                    assurance: person.assurance,
                    lifetime: 300
                )
                return try await Self.resolve(
                    persons,
                    orgNumber: chosen.orgNumber,
                    authorization: ["Bearer \(token)"],
                    on: time.today()
                )
            }
            var authorization: [String] = []
            if let person { authorization = ["Bearer \(try await person.token())"] }
            return try await Self.resolve(persons, orgNumber: orgNumber, authorization: authorization, on: time.today())
        case .clientCertificate(let persons):
            let peer = try? await context.channel.nioSSL_peerCertificate().get()
            guard let peer else {
                throw APIError(
                    status: .unauthorized,
                    code: "unauthenticated",
                    message: "a client certificate is required"
                )
            }
            let certificate = try X509.Certificate(derEncoded: try peer.toDERBytes())
            guard let orgNumber = CallerIdentity.orgNumber(in: certificate) else {
                throw APIError(
                    status: .unauthorized,
                    code: "unauthenticated",
                    message: "the client certificate carries no Norwegian organisation number"
                )
            }
            let authorization = request.headers[values: Self.authorizationHeader]
            return try await Self.resolve(persons, orgNumber: orgNumber, authorization: authorization, on: time.today())
        }
    }

    private static func resolve(
        _ persons: PersonAuthentication,
        orgNumber: String,
        authorization: [String],
        on date: LocalDate
    ) async throws -> Caller {
        do {
            return try await persons.caller(orgNumber: orgNumber, authorization: authorization, on: date)
        } catch let refusal as PersonTokenRefusal {
            throw APIError(
                status: .unauthorized,
                code: "unauthenticated",
                message: refusal.description,
                violations: [.init(field: "authorization", rule: .verifiedToken, message: refusal.reason)]
            )
        }
    }
}

/// The demo person the `ksi dev` dashboard acts as: a development token is minted for its `pid`.
public struct DevelopmentPerson: Sendable {
    public var issuer: DevelopmentTokenIssuer
    public var pid: String
    public var assurance: AssuranceLevel

    public init(issuer: DevelopmentTokenIssuer, pid: String, assurance: AssuranceLevel = .substantial) {
        self.issuer = issuer
        self.pid = pid
        self.assurance = assurance
    }

    /// A fresh short-lived token (five minutes) for the person.
    func token() async throws -> String {
        try await issuer.mint(pid: pid, assurance: assurance, lifetime: 300)
    }
}
