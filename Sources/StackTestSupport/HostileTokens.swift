import Foundation
import JWTKit
import KSICore
import Services

/// Tokens that must never make anyone a person (AUTH-R1), made against a stack's development issuer:
/// the over-the-wire tests send each on gRPC and HTTPS and expect UNAUTHENTICATED / 401.
public enum HostileTokens {
    /// One refused token and what is wrong with it.
    public struct Case: Sendable {
        public var name: String
        public var token: String
    }

    /// Every refusal case; `pid` is a registered person's pid (so only the named defect refuses it),
    /// `otherPid` another registered person's.
    public static func cases(_ issuer: DevelopmentTokenIssuer, pid: String, otherPid: String) async throws -> [Case] {
        let key = try ES256PrivateKey(pem: String(contentsOf: issuer.privateKeyFile, encoding: .utf8))
        let kid = try developmentKid(issuer)
        let now = Date()
        let valid = try await issuer.mint(pid: pid)
        let other = try await issuer.mint(pid: otherPid)
        let validParts = valid.split(separator: ".")
        let otherParts = other.split(separator: ".")
        func claims(pid: String?) -> Claims {
            Claims(
                iss: DevelopmentTokenIssuer.issuer,
                aud: [DevelopmentTokenIssuer.audience],
                exp: now.addingTimeInterval(600),
                nbf: now,
                iat: now,
                pid: pid,
                acr: AssuranceLevel.substantial.acr
            )
        }
        return [
            // The other person's claims under this person's signature: a forged payload.
            Case(name: "forged payload", token: "\(validParts[0]).\(otherParts[1]).\(validParts[2])"),
            Case(
                name: "signed by another key under the issuer's kid",
                token: try await sign(claims(pid: pid), with: ES256PrivateKey(), kid: kid)
            ),
            Case(
                name: "unsigned (alg none)",
                token: "\(encode(["alg": "none", "typ": "JWT", "kid": kid])).\(try encode(claims(pid: pid)))."
            ),
            Case(
                name: "alg none with the kid and a signature copied",
                token: "\(encode(["alg": "none", "kid": kid])).\(validParts[1]).\(validParts[2])"
            ),
            Case(
                name: "HS256 under an ES256 kid",
                token: "\(encode(["alg": "HS256", "kid": kid])).\(validParts[1]).\(validParts[2])"
            ),
            Case(
                name: "expired beyond the leeway",
                token: try await issuer.mint(pid: pid, lifetime: 3600, now: now.addingTimeInterval(-3600 - 120))
            ),
            Case(
                name: "not yet valid (nbf and iat in 10 minutes)",
                token: try await issuer.mint(pid: pid, now: now.addingTimeInterval(600))
            ),
            Case(
                name: "wrong issuer",
                token: try await issuer.mint(pid: pid, issuer: "https://idporten.example.invalid")
            ),
            Case(name: "wrong audience", token: try await issuer.mint(pid: pid, audience: "another-service")),
            Case(
                name: "unknown kid",
                token: try await sign(claims(pid: pid), with: ES256PrivateKey(), kid: "unknown-kid")
            ),
            Case(name: "no kid", token: try await sign(claims(pid: pid), with: key, kid: nil)),
            Case(name: "garbage", token: "not-a-jwt"),
            Case(name: "garbage with dots", token: "a.b.c"),
            Case(name: "missing pid", token: try await sign(claims(pid: nil), with: key, kid: kid)),
            Case(
                name: "pid not in the registry",
                token: try await issuer.mint(pid: SyntheticPid.make("nobody-registered"))
            ),
            Case(
                name: "longer than the limit",
                token: valid + String(repeating: "A", count: PersonTokenVerifier.maximumTokenBytes)
            ),
        ]
    }

    /// The kid of the issuer's key, read from its JWKS file.
    public static func developmentKid(_ issuer: DevelopmentTokenIssuer) throws -> String {
        let set = try JSONDecoder().decode(JWKS.self, from: Data(contentsOf: issuer.jwksFile))
        guard let kid = set.keys.first?.keyIdentifier?.string else {
            throw DomainError.notFound("kid", issuer.jwksFile.path)
        }
        return kid
    }

    static func sign(_ claims: Claims, with key: ES256PrivateKey, kid: String?) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: kid.map { JWKIdentifier(string: $0) })
        var header = JWTHeader()
        header.alg = "ES256"
        if let kid { header.kid = kid }
        return try await keys.sign(claims, header: header)
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return base64URL(try encoder.encode(value))
    }

    static func encode(_ header: [String: String]) -> String {
        base64URL((try? JSONEncoder().encode(header)) ?? Data())
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    struct Claims: JWTPayload {
        var iss: String
        var aud: [String]
        var exp: Date
        var nbf: Date
        var iat: Date
        var pid: String?
        var acr: String

        func verify(using _: some JWTAlgorithm) async throws {}
    }
}
