import Foundation
import JWTKit
import KSICore
import Synchronization

/// Where person tokens come from: the issuer's key set (JWKS, a JSON file), the issuer (`iss`), the
/// audience KSI is (`aud` must contain it), and the clock skew allowed on `exp`/`nbf`/`iat`.
/// Production: ID-porten's JWKS, issuer and KSI's client id (docs/deploy.md); `ksi dev`: the
/// development issuer (`DevelopmentTokenIssuer`).
public struct PersonTokenConfig: Sendable, Hashable {
    public static let defaultLeewaySeconds = 60

    public var jwksPath: String
    public var issuer: String
    public var audience: String
    public var leewaySeconds: Int

    public init(
        jwksPath: String,
        issuer: String,
        audience: String,
        leewaySeconds: Int = PersonTokenConfig.defaultLeewaySeconds
    ) {
        self.jwksPath = jwksPath
        self.issuer = issuer
        self.audience = audience
        self.leewaySeconds = leewaySeconds
    }
}

/// The person a verified token names: ID-porten's `pid` and the `acr` level of assurance.
public struct VerifiedPersonToken: Sendable, Hashable {
    public var pid: String
    public var assurance: AssuranceLevel
}

/// Why a token was refused (AUTH-R1); the message is safe to return to the caller.
public struct PersonTokenRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "the bearer token was refused (AUTH-R1): \(reason)" }
}

/// Verifies bearer JWTs (AUTH-R1): the signature against the configured JWKS (ES256 and RS256 keys,
/// chosen by `kid`; `alg: none`, an unknown `kid` and an algorithm other than the key's are refused),
/// then `iss`, `aud`, `exp` (required), `nbf` and `iat` with the configured leeway, and a `pid`.
/// Signature checking is jwt-kit's; the claim checks are here so they use KSI's leeway and clock.
public final class PersonTokenVerifier: Sendable {
    /// Longer tokens are refused before any decoding (ID-porten's tokens are about 1–2 KB).
    public static let maximumTokenBytes = 8 * 1024
    /// The least time between two reads of the JWKS file for an unknown key id: an issuer's key rotation
    /// is picked up without a restart, and tokens with made-up key ids cost at most one read a minute.
    public static let defaultReloadInterval: TimeInterval = 60

    public let issuer: String
    public let audience: String
    public let leeway: TimeInterval
    /// Where the key set is re-read from when a token names a key id it does not hold (nil: never).
    let jwksPath: String?
    let reloadInterval: TimeInterval
    /// The key set, when it was read, and the tokens whose signature it has verified with their claims.
    private let state: Mutex<(keys: KeySet, readAt: Date, verified: [String: Claims])>
    /// Verified tokens remembered at most (the map is emptied when full): a token's size is bounded by
    /// `maximumTokenBytes`, so the memory is too, and only a token the issuer signed gets in.
    public static let verifiedTokensKept = 512
    private let now: @Sendable () -> Date

    /// A verifier for the key set `jwksJSON`; throws when the set holds no usable key or a key it cannot use.
    /// With `jwksPath`, an unknown key id makes it read the set again from that file (at most once per
    /// `reloadInterval`), so a rotated key set is used without a restart.
    public init(
        jwksJSON: Data,
        issuer: String,
        audience: String,
        leewaySeconds: Int = PersonTokenConfig.defaultLeewaySeconds,
        jwksPath: String? = nil,
        reloadInterval: TimeInterval = PersonTokenVerifier.defaultReloadInterval,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        guard !issuer.isEmpty, !audience.isEmpty else {
            throw DomainError.invalidArgument(
                field: "token_issuer",
                "a token issuer and audience are required with a JWKS"
            )
        }
        let keys = try KeySet(jwksJSON: jwksJSON)
        self.issuer = issuer
        self.audience = audience
        self.leeway = TimeInterval(max(0, leewaySeconds))
        self.jwksPath = jwksPath
        self.reloadInterval = reloadInterval
        self.now = now
        self.state = Mutex((keys, now(), [:]))
    }

    /// A verifier from configuration (the JWKS read from its file, and read again on an unknown key id).
    public convenience init(
        _ config: PersonTokenConfig,
        reloadInterval: TimeInterval = PersonTokenVerifier.defaultReloadInterval,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: config.jwksPath))
        } catch {
            throw DomainError.invalidArgument(
                field: "token_jwks_file",
                "cannot read the token issuer's JWKS at \(config.jwksPath)"
            )
        }
        try self.init(
            jwksJSON: data,
            issuer: config.issuer,
            audience: config.audience,
            leewaySeconds: config.leewaySeconds,
            jwksPath: config.jwksPath,
            reloadInterval: reloadInterval,
            now: now
        )
    }

    /// The key set that knows `kid`: the current one, or the file's again when the interval allows a read.
    /// A file that cannot be read or parsed leaves the current set in force.
    private func keys(knowing kid: String) -> KeySet {
        let (current, readAt) = state.withLock { ($0.keys, $0.readAt) }
        let time = now()
        guard current.algorithms[kid] == nil, let jwksPath, time.timeIntervalSince(readAt) >= reloadInterval else {
            return current
        }
        let reread = (try? Data(contentsOf: URL(fileURLWithPath: jwksPath))).flatMap { try? KeySet(jwksJSON: $0) }
        return state.withLock { state in
            state.readAt = time
            if let reread {
                state.keys = reread
                // A token verified by a key the new set no longer holds must be checked again.
                state.verified.removeAll()
            }
            return state.keys
        }
    }

    /// The keys of one JWKS: the algorithm each key id verifies with ("ES256" or "RS256") and jwt-kit's collection.
    struct KeySet: Sendable {
        let algorithms: [String: String]
        let collection: Task<JWTKeyCollection, Never>

        init(jwksJSON: Data) throws {
            let set = try JSONDecoder().decode(JWKS.self, from: jwksJSON)
            var algorithms: [String: String] = [:]
            var ecdsa: [(String, ES256PublicKey)] = []
            var rsa: [(String, Insecure.RSA.PublicKey)] = []
            for key in set.keys {
                guard let kid = key.keyIdentifier?.string, !kid.isEmpty else {
                    throw DomainError.invalidArgument(field: "jwks", "every key needs a kid")
                }
                switch key.keyType {
                case .ecdsa:
                    guard key.curve?.rawValue == "P-256", key.algorithm == nil || key.algorithm == .es256,
                        let x = key.x, let y = key.y
                    else {
                        throw DomainError.invalidArgument(
                            field: "jwks",
                            "key \(kid): only P-256 (ES256) elliptic-curve keys are supported"
                        )
                    }
                    ecdsa.append((kid, try ES256PublicKey(parameters: (x, y))))
                    algorithms[kid] = "ES256"
                case .rsa:
                    guard key.algorithm == nil || key.algorithm == .rs256, let n = key.modulus, let e = key.exponent
                    else {
                        throw DomainError.invalidArgument(
                            field: "jwks",
                            "key \(kid): only RS256 RSA keys are supported"
                        )
                    }
                    rsa.append((kid, try Insecure.RSA.PublicKey(modulus: n, exponent: e)))
                    algorithms[kid] = "RS256"
                default:
                    continue  // other key types (e.g. encryption keys in the same set) verify nothing here
                }
            }
            guard !algorithms.isEmpty else {
                throw DomainError.invalidArgument(field: "jwks", "the key set has no ES256 or RS256 key")
            }
            self.algorithms = algorithms
            self.collection = Task {
                let collection = JWTKeyCollection()
                for (kid, key) in ecdsa { await collection.add(ecdsa: key, kid: JWKIdentifier(string: kid)) }
                for (kid, key) in rsa {
                    await collection.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
                }
                return collection
            }
        }
    }

    /// The person `token` names, or a `PersonTokenRefusal` saying why not (AUTH-R1).
    public func verify(_ token: String) async throws(PersonTokenRefusal) -> VerifiedPersonToken {
        guard token.utf8.count <= Self.maximumTokenBytes else {
            throw PersonTokenRefusal("longer than \(Self.maximumTokenBytes) bytes")
        }
        // A token whose signature verified before (issue 17 item 2: the same caller's calls carry the same
        // token): the signature and the decoding are skipped, the claims are checked against the clock again.
        // The key is the whole token, so only the very bytes the issuer signed match.
        if let claims = state.withLock({ $0.verified[token] }) { return try person(claims) }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Base64URL.decode(parts[0]),
            let header = try? JSONDecoder().decode(Header.self, from: headerData)
        else {
            throw PersonTokenRefusal("not a signed JWT")
        }
        guard let alg = header.alg, alg.lowercased() != "none", !parts[2].isEmpty else {
            throw PersonTokenRefusal("unsigned tokens (alg none) are not accepted")
        }
        guard let kid = header.kid else { throw PersonTokenRefusal("the key id is not in the issuer's key set") }
        let keys = keys(knowing: kid)
        guard let expected = keys.algorithms[kid] else {
            throw PersonTokenRefusal("the key id is not in the issuer's key set")
        }
        guard alg == expected else { throw PersonTokenRefusal("key \(kid) verifies \(expected), not \(alg)") }
        let claims: Claims
        do {
            claims = try await keys.collection.value.verify(token, as: Claims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw PersonTokenRefusal("the signature does not verify")
        } catch {
            throw PersonTokenRefusal("the signature or the claims cannot be read")
        }
        let person = try person(claims)
        state.withLock { state in
            // Only while the key set that verified it is in force (a reload empties the map).
            guard state.keys.collection == keys.collection else { return }
            if state.verified.count >= Self.verifiedTokensKept { state.verified.removeAll(keepingCapacity: true) }
            state.verified[token] = claims
        }
        return person
    }

    /// The person of claims whose signature verified: the claim checks, then the `pid`.
    private func person(_ claims: Claims) throws(PersonTokenRefusal) -> VerifiedPersonToken {
        try check(claims)
        guard let pid = claims.pid, !pid.isEmpty else {
            throw PersonTokenRefusal("the token names no person (pid claim)")
        }
        return VerifiedPersonToken(pid: pid, assurance: AssuranceLevel(acr: claims.acr ?? ""))
    }

    /// `iss`, `aud`, `exp`, `nbf` and `iat` against the configuration and the clock, with the leeway.
    private func check(_ claims: Claims) throws(PersonTokenRefusal) {
        let now = now()
        guard claims.iss?.value == issuer else { throw PersonTokenRefusal("the issuer is not \(issuer)") }
        guard claims.aud?.value.contains(audience) == true else {
            throw PersonTokenRefusal("the audience does not include \(audience)")
        }
        guard let exp = claims.exp?.value else { throw PersonTokenRefusal("the token has no expiry (exp)") }
        guard now.timeIntervalSince(exp) <= leeway else { throw PersonTokenRefusal("the token has expired") }
        if let nbf = claims.nbf?.value, nbf.timeIntervalSince(now) > leeway {
            throw PersonTokenRefusal("the token is not valid yet (nbf)")
        }
        if let iat = claims.iat?.value, iat.timeIntervalSince(now) > leeway {
            throw PersonTokenRefusal("the token was issued in the future (iat)")
        }
    }

    /// The header fields read before the signature check picks a key.
    struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    /// The claims KSI reads; their checks are `check(_:)`'s, not jwt-kit's, so the leeway applies.
    struct Claims: JWTPayload {
        var iss: IssuerClaim?
        var aud: AudienceClaim?
        var exp: ExpirationClaim?
        var nbf: NotBeforeClaim?
        var iat: IssuedAtClaim?
        var pid: String?
        var acr: String?

        func verify(using _: some JWTAlgorithm) async throws {}
    }
}

/// Base64url without padding (RFC 7515 §2).
enum Base64URL {
    static func decode(_ text: Substring) -> Data? {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
