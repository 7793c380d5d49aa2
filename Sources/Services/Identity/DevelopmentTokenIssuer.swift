import Foundation
import JWTKit
import KSICore

/// The development person-token issuer `ksi dev` creates next to the development CA: an ES256 key
/// (`token-issuer-key.pem`, 0600) and its public key set (`token-issuer-jwks.json`) that the services
/// and the gateway verify against. It mints ID-porten-shaped tokens (`pid`, `acr`) for demo persons.
/// Never for production: there, ID-porten issues the tokens (docs/deploy.md).
public struct DevelopmentTokenIssuer: Sendable {
    /// The `iss` of development tokens.
    public static let issuer = "https://ksi.localhost/dev-token-issuer"
    /// The `aud` development tokens carry and the development stack expects.
    public static let audience = "ksi"

    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public var privateKeyFile: URL { directory.appendingPathComponent("token-issuer-key.pem") }
    public var jwksFile: URL { directory.appendingPathComponent("token-issuer-jwks.json") }

    /// Whether the issuer's key exists here.
    public var exists: Bool { FileManager.default.fileExists(atPath: privateKeyFile.path) }

    /// What the services and the gateway verify development tokens with.
    public func config(leewaySeconds: Int = PersonTokenConfig.defaultLeewaySeconds) -> PersonTokenConfig {
        PersonTokenConfig(
            jwksPath: jwksFile.path,
            issuer: Self.issuer,
            audience: Self.audience,
            leewaySeconds: leewaySeconds
        )
    }

    /// Writes the key (kept when it exists, so tokens minted earlier stay valid) and the JWKS.
    @discardableResult
    public func create() throws -> DevelopmentTokenIssuer {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key: ES256PrivateKey
        if exists {
            key = try loadKey()
        } else {
            key = ES256PrivateKey()
            try PrivateFile.write(Data(key.pemRepresentation.utf8), to: privateKeyFile)
        }
        let jwks = JWKS(keys: [try Self.jwk(for: key.publicKey)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(jwks).write(to: jwksFile)
        return self
    }

    /// A signed token for the person with `pid`, valid from `now` for `lifetime` seconds.
    public func mint(
        pid: String,
        assurance: AssuranceLevel = .substantial,
        lifetime: Int = 3600,
        now: Date = Date(),
        issuer: String = DevelopmentTokenIssuer.issuer,
        audience: String = DevelopmentTokenIssuer.audience
    ) async throws -> String {
        let key = try loadKey()
        let kid = try Self.kid(for: key.publicKey)
        let collection = JWTKeyCollection()
        await collection.add(ecdsa: key, kid: JWKIdentifier(string: kid))
        let claims = DevelopmentClaims(
            iss: IssuerClaim(value: issuer),
            aud: AudienceClaim(value: [audience]),
            sub: SubjectClaim(value: pid),
            exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(lifetime))),
            nbf: NotBeforeClaim(value: now),
            iat: IssuedAtClaim(value: now),
            pid: pid,
            acr: assurance.acr
        )
        return try await collection.sign(claims, kid: JWKIdentifier(string: kid))
    }

    private func loadKey() throws -> ES256PrivateKey {
        try ES256PrivateKey(pem: String(contentsOf: privateKeyFile, encoding: .utf8))
    }

    /// The key id: derived from the public key, so a new key gets a new id.
    static func kid(for key: ES256PublicKey) throws -> String {
        guard let x = key.parameters?.x else {
            throw DomainError.invalidArgument(field: "token_issuer_key", "not a P-256 key")
        }
        return "ksi-dev-\(x.prefix(16))"
    }

    static func jwk(for key: ES256PublicKey) throws -> JWK {
        guard let parameters = key.parameters else {
            throw DomainError.invalidArgument(field: "token_issuer_key", "not a P-256 key")
        }
        let jwk = JWK.ecdsa(
            .es256,
            identifier: JWKIdentifier(string: try kid(for: key)),
            x: parameters.x,
            y: parameters.y,
            curve: .p256
        )
        return jwk
    }

    /// The claims of a development token, shaped as ID-porten's (`pid`, `acr`).
    struct DevelopmentClaims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var nbf: NotBeforeClaim
        var iat: IssuedAtClaim
        var pid: String
        var acr: String

        func verify(using _: some JWTAlgorithm) async throws {}
    }
}

/// Files that hold a private key: created 0600 before any byte is written (as `DevelopmentPKI` does).
enum PrivateFile {
    static func write(_ data: Data, to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: data)
        try handle.close()
    }
}
