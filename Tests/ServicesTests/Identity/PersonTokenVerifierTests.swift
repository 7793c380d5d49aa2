import Foundation
import JWTKit
import KSICore
import KSITestSupport
import Services
import Synchronization
import Testing

/// The verifier on its own (AUTH-R1): an ES256 development issuer and an RS256 key set (as ID-porten
/// publishes), the claim checks with their leeway, and the refusals that must never become a person.
@Suite("PersonTokenVerifier (AUTH-R1)")
struct PersonTokenVerifierTests {
    /// A 2048-bit RSA test key made for this suite with `openssl genrsa`; its modulus below was
    /// extracted with `openssl rsa -modulus`, independently of jwt-kit.
    static let rsaPrivateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCXxP44722DWfvR
        VodgO7eZS+LhXRrqkTimdy801X/Cu/qYVEC5lufFJCSjhyw/kZy/lRVYnwe9L8uH
        yeMbI1WnIyxnD6e1stfUYlLlk/7WtJX5M0Htl36theKGG6bsKdMfI3p8q0oDI+Uh
        6hRxdq31z2YuqOP6KlBI3NfYh24Q5/VhotkUH8AkiINk2bnwgQ5gDyiWNhDks0s8
        qdgw59Ptj1kQevYDiTdSmr2L/+UttOUnvWwgU8LX316R79e1MKmKtMkX/MkXPunk
        f3sG76SBMp0rHBS9IqGSOTOgKbC8McQ67mQ+pp+g44uL4ELa1jLj6PmcibBxJqEu
        NZJ36I2TAgMBAAECggEAE+Ocf0CdROvrbMUeq5VX266OtoL5jojmeCZBWParrgzt
        a74K12d3yyWP6aBCw7fk51R1vi3lGT1kulBSQ1GvnV4mKQFrtIuR7kLOY0iwSlnT
        F5vIhYbncn0LsRB5oRRgFwISwLi/08aF9hpTgIURiheaZ/35FmUqLUpHvRgObAeO
        O25LxCnwD5j2ax7JbfQHKhrP7upUOloq17lhJatab0OzASq1kojbceGLkdpFARHn
        Fhs7EyQ9BUUbCgsh6KdUIrsgl/bLEPncWqu58H/P6YNDCAxDyQDGSrKlhdY8ruvv
        2DsxfpDz1x5DWsRivdy/C4j6Vmvy6UA0sL7gvRzk1QKBgQDJYs1KwOQmpm3RSFw0
        P7YfCPZYl21qtTAkPfe9tNQDjt4wojUm61UlIE22m/qSH2jlLGvk1bfO6xcnep7/
        qKS491HouNjwzYaw1FHmOUofzgs5HA/E1GrlYFsLfOOIZPsUdWoPazFvjsCnBugM
        bdpNlFqig4XsTYuDWNsGu1gzXwKBgQDA7ZMvIv+e3yvKLZ+XKlkgjFGMrv8ple7u
        Aa9KXl/ZabOrK2iWQnjlkV8fIRahwHzZdJwdqH4rpkEW6N7zoIw23AxwxTfvIJKk
        Fdqb/rtPZQnlLL4DamCwZFVZf8nFZ9ANWLgZk4XO4cz5UvId4w0RSHYQ472TMIYe
        ecicGd8mTQKBgC2wue0M6HaQafgCl9DO564Q5XtiF9QO+bYvTQcAgN2xy11zX+XN
        nMrIknks2GPQtobQVkZb6tEKa31sh6hvhbflfPL1BVtU9gsmkNJQCy4+HDO/1yAM
        JZiXDPEFS8ZFSuXwYbjP1C6AT9tVaM5xGgdh8lJOztK3IUESptbXKIK3AoGAaXDu
        ojJ0lnXOTv9EW6/PalSGNWdnGWlSXk4ZaYHOzNpSUdi1nnnR7VXYMQE6h0jWc1qi
        ACuYWW7R4B2BzJEQUONPAUsoWM7qljdDdUJxSOEl2VTsvJ0lHwKXCwUmV3d3Y/P7
        Gi9gUENkbVeB8AepmqqJrI1rjMhWZM2WcIpLRXkCgYEAhYYeqmWRlN2/DXKwpFyP
        aeRNNnMzjgn1ck8YS2pWWDzCrLq4ZrIfmOcOXoEPnZv2sLBHZ0K3bUZ/ymID+Utv
        njFNWcM9HtCtCTr0OVZcy+zDTkCUOoPX1cGZ+USrEl+AEl9JnKaM9ZuXMOsSEYio
        qitPrJIACS9X0oeXvoXIAUM=
        -----END PRIVATE KEY-----
        """
    static let rsaModulus =
        "l8T-OO9tg1n70VaHYDu3mUvi4V0a6pE4pncvNNV_wrv6mFRAuZbnxSQko4csP5Gcv5UVWJ8HvS_Lh8njGyNVpyMsZw-ntbLX1GJS5ZP-1rSV-TNB7Zd-rYXihhum7CnTHyN6fKtKAyPlIeoUcXat9c9mLqjj-ipQSNzX2IduEOf1YaLZFB_AJIiDZNm58IEOYA8oljYQ5LNLPKnYMOfT7Y9ZEHr2A4k3Upq9i__lLbTlJ71sIFPC199eke_XtTCpirTJF_zJFz7p5H97Bu-kgTKdKxwUvSKhkjkzoCmwvDHEOu5kPqafoOOLi-BC2tYy4-j5nImwcSahLjWSd-iNkw"

    static func rsaJWKS(kid: String = "idporten-test-rs256") -> Data {
        Data(
            #"{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"\#(kid)","n":"\#(rsaModulus)","e":"AQAB"}]}"#.utf8
        )
    }

    struct Claims: JWTPayload {
        var iss: String
        var aud: [String]
        var exp: Date
        var iat: Date
        var pid: String?
        var acr: String?
        func verify(using _: some JWTAlgorithm) async throws {}
    }

    static func rs256(_ claims: Claims, kid: String = "idporten-test-rs256") async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(
            rsa: try Insecure.RSA.PrivateKey(pem: rsaPrivateKeyPEM),
            digestAlgorithm: .sha256,
            kid: JWKIdentifier(string: kid)
        )
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }

    static let issuer = "https://test.idporten.no"
    static let audience = "ksi-test"

    @Test("an RS256 token from an ID-porten-shaped key set verifies: pid and acr (idporten-loa-high) come out")
    func rs256Verifies() async throws {
        let verifier = try PersonTokenVerifier(jwksJSON: Self.rsaJWKS(), issuer: Self.issuer, audience: Self.audience)
        let now = Date()
        let token = try await Self.rs256(
            Claims(
                iss: Self.issuer,
                aud: ["other", Self.audience],
                exp: now.addingTimeInterval(120),
                iat: now,
                pid: "24816512345",
                acr: "idporten-loa-high"
            )
        )
        let verified = try await verifier.verify(token)
        #expect(verified.pid == "24816512345")
        #expect(verified.assurance == .high)
    }

    @Test(
        "RS256 refusals: wrong audience, wrong issuer, no exp-worthy lifetime left, an RS256 token under an ES256-only set"
    )
    func rs256Refusals() async throws {
        let verifier = try PersonTokenVerifier(
            jwksJSON: Self.rsaJWKS(),
            issuer: Self.issuer,
            audience: Self.audience,
            leewaySeconds: 0
        )
        let now = Date()
        let wrongAudience = try await Self.rs256(
            Claims(iss: Self.issuer, aud: ["other"], exp: now.addingTimeInterval(120), iat: now, pid: "1", acr: nil)
        )
        let wrongIssuer = try await Self.rs256(
            Claims(
                iss: "https://evil.example",
                aud: [Self.audience],
                exp: now.addingTimeInterval(120),
                iat: now,
                pid: "1",
                acr: nil
            )
        )
        let expired = try await Self.rs256(
            Claims(
                iss: Self.issuer,
                aud: [Self.audience],
                exp: now.addingTimeInterval(-2),
                iat: now.addingTimeInterval(-60),
                pid: "1",
                acr: nil
            )
        )
        let noPid = try await Self.rs256(
            Claims(
                iss: Self.issuer,
                aud: [Self.audience],
                exp: now.addingTimeInterval(120),
                iat: now,
                pid: nil,
                acr: nil
            )
        )
        for (name, token, reason) in [
            ("audience", wrongAudience, "audience"), ("issuer", wrongIssuer, "issuer"),
            ("expired", expired, "expired"), ("no pid", noPid, "pid"),
        ] {
            let refusal = await #expect(throws: PersonTokenRefusal.self, "\(name)") {
                _ = try await verifier.verify(token)
            }
            #expect(refusal?.reason.contains(reason) == true, "\(name): \(String(describing: refusal))")
            #expect(refusal?.description.contains("AUTH-R1") == true)
        }
        // The development issuer's ES256 set does not know the RSA kid.
        let directory = try RepositoryPaths.temporaryDirectory("tokens")
        defer { try? FileManager.default.removeItem(at: directory) }
        let issuer = try DevelopmentTokenIssuer(directory: directory).create()
        let development = try PersonTokenVerifier(issuer.config())
        let good = try await Self.rs256(
            Claims(
                iss: DevelopmentTokenIssuer.issuer,
                aud: [DevelopmentTokenIssuer.audience],
                exp: now.addingTimeInterval(120),
                iat: now,
                pid: "1",
                acr: nil
            )
        )
        let refusal = await #expect(throws: PersonTokenRefusal.self) { _ = try await development.verify(good) }
        #expect(refusal?.reason.contains("key id") == true)
    }

    @Test(
        "the development issuer keeps its key: a token minted before a second create() still verifies; the key file is 0600"
    )
    func developmentIssuerReusesItsKey() async throws {
        let directory = try RepositoryPaths.temporaryDirectory("tokens")
        defer { try? FileManager.default.removeItem(at: directory) }
        let issuer = try DevelopmentTokenIssuer(directory: directory).create()
        let token = try await issuer.mint(pid: "01818012345", assurance: .low)
        try issuer.create()
        let verified = try await PersonTokenVerifier(issuer.config()).verify(token)
        #expect(verified.pid == "01818012345")
        #expect(verified.assurance == .low)
        let attributes = try FileManager.default.attributesOfItem(atPath: issuer.privateKeyFile.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("a key set without usable keys, or issuer/audience missing, is refused at start-up")
    func badConfiguration() throws {
        #expect(throws: (any Error).self) {
            _ = try PersonTokenVerifier(jwksJSON: Data(#"{"keys":[]}"#.utf8), issuer: "i", audience: "a")
        }
        #expect(throws: (any Error).self) {
            _ = try PersonTokenVerifier(
                jwksJSON: Data(#"{"keys":[{"kty":"oct","kid":"h","k":"c2VjcmV0"}]}"#.utf8),
                issuer: "i",
                audience: "a"
            )
        }
        #expect(throws: (any Error).self) {
            _ = try PersonTokenVerifier(jwksJSON: Self.rsaJWKS(), issuer: "", audience: "a")
        }
        #expect(throws: (any Error).self) {
            _ = try PersonTokenVerifier(jwksJSON: Data("not json".utf8), issuer: "i", audience: "a")
        }
    }

    @Test("the Bearer scheme is read case-insensitively; anything else is no token")
    func bearerParsing() {
        #expect(BearerToken.fromAuthorization("Bearer abc")?.value == "abc")
        #expect(BearerToken.fromAuthorization("bearer  abc ")?.value == "abc")
        #expect(BearerToken.fromAuthorization("Basic abc") == nil)
        #expect(BearerToken.fromAuthorization("Bearer ") == nil)
        #expect(BearerToken.fromAuthorization("\t BEARER \u{00A0}x.y.z \u{2003}\t")?.value == "x.y.z")
        #expect(BearerToken.fromAuthorization("Bearer\u{00A0}x") == nil)
        #expect(BearerToken.fromAuthorization("  Bearer \t ") == nil)
        #expect(BearerToken.fromAuthorization("") == nil)
        #expect(BearerToken.fromAuthorization("Bearer a b")?.value == "a b")
        #expect("\(BearerToken("secret"))" == "<bearer token>")
    }

    @Test(
        "AUTH-R1 key rotation: a token under a key id the verifier does not hold makes it read the JWKS file again (at most once per interval); a broken file keeps the keys in force"
    )
    func rotatedKeySetIsReadAgain() async throws {
        let old = try RepositoryPaths.temporaryDirectory("tokens-old")
        let rotated = try RepositoryPaths.temporaryDirectory("tokens-rotated")
        defer {
            try? FileManager.default.removeItem(at: old)
            try? FileManager.default.removeItem(at: rotated)
        }
        let oldIssuer = try DevelopmentTokenIssuer(directory: old).create()
        let newIssuer = try DevelopmentTokenIssuer(directory: rotated).create()
        let oldToken = try await oldIssuer.mint(pid: "24816512345")
        let newToken = try await newIssuer.mint(pid: "24816512345")
        let patient = try PersonTokenVerifier(oldIssuer.config(), reloadInterval: 3600)
        let eager = try PersonTokenVerifier(oldIssuer.config(), reloadInterval: 0)
        #expect(try await eager.verify(oldToken).pid == "24816512345")
        // A broken file in place of the key set: the unknown key id is refused and the old key still verifies.
        try Data("{ not a key set".utf8).write(to: oldIssuer.jwksFile)
        await #expect(throws: PersonTokenRefusal.self) { _ = try await eager.verify(newToken) }
        #expect(try await eager.verify(oldToken).pid == "24816512345")
        // The issuer rotates: the file now holds the new key set.
        try? FileManager.default.removeItem(at: oldIssuer.jwksFile)
        try FileManager.default.copyItem(at: newIssuer.jwksFile, to: oldIssuer.jwksFile)
        #expect(try await eager.verify(newToken).pid == "24816512345")
        // Within its interval a verifier does not read the file again: the new key id stays unknown to it.
        let refused = await #expect(throws: PersonTokenRefusal.self) { _ = try await patient.verify(newToken) }
        #expect(refused?.reason.contains("key id") == true)
    }

    /// A clock a test moves.
    final class TestClock: Sendable {
        let date: Mutex<Date>
        init(_ date: Date) { self.date = Mutex(date) }
        var now: Date { date.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { date.withLock { $0 += seconds } }
    }

    @Test(
        "AUTH-R1 with remembered tokens (issue 17): a token verified once is remembered by its exact bytes only — the clock still expires it, another signature or payload is refused, a rotated key set forgets it"
    )
    func rememberedTokensStayVerified() async throws {
        let clock = TestClock(Date())
        let verifier = try PersonTokenVerifier(
            jwksJSON: Self.rsaJWKS(),
            issuer: Self.issuer,
            audience: Self.audience,
            now: { clock.now }
        )
        let claims = Claims(
            iss: Self.issuer,
            aud: [Self.audience],
            exp: clock.now.addingTimeInterval(120),
            iat: clock.now,
            pid: "24816512345",
            acr: "idporten-loa-high"
        )
        let token = try await Self.rs256(claims)
        #expect(try await verifier.verify(token).pid == "24816512345")
        #expect(try await verifier.verify(token).pid == "24816512345")
        // The same header and payload under another signature, and another payload under the real signature.
        let parts = token.split(separator: ".").map(String.init)
        var signature = Array(parts[2])
        signature[signature.count / 2] = signature[signature.count / 2] == "A" ? "B" : "A"
        let forgedSignature = [parts[0], parts[1], String(signature)].joined(separator: ".")
        await #expect(throws: PersonTokenRefusal.self) { _ = try await verifier.verify(forgedSignature) }
        var other = claims
        other.pid = "01818012345"
        let otherPayload = try await Self.rs256(other).split(separator: ".")[1]
        let forgedPayload = [parts[0], String(otherPayload), parts[2]].joined(separator: ".")
        await #expect(throws: PersonTokenRefusal.self) { _ = try await verifier.verify(forgedPayload) }
        // Past exp and the 60 s leeway the remembered token is refused like any other.
        clock.advance(120 + 61)
        let expired = await #expect(throws: PersonTokenRefusal.self) { _ = try await verifier.verify(token) }
        #expect(expired?.reason.contains("expired") == true)

        // Key rotation: once the file's new set is read, a token of the old key is no longer remembered.
        let old = try RepositoryPaths.temporaryDirectory("tokens-remembered-old")
        let rotated = try RepositoryPaths.temporaryDirectory("tokens-remembered-new")
        defer {
            try? FileManager.default.removeItem(at: old)
            try? FileManager.default.removeItem(at: rotated)
        }
        let oldIssuer = try DevelopmentTokenIssuer(directory: old).create()
        let newIssuer = try DevelopmentTokenIssuer(directory: rotated).create()
        let oldToken = try await oldIssuer.mint(pid: "24816512345")
        let newToken = try await newIssuer.mint(pid: "24816512345")
        let eager = try PersonTokenVerifier(oldIssuer.config(), reloadInterval: 0)
        #expect(try await eager.verify(oldToken).pid == "24816512345")
        try? FileManager.default.removeItem(at: oldIssuer.jwksFile)
        try FileManager.default.copyItem(at: newIssuer.jwksFile, to: oldIssuer.jwksFile)
        #expect(try await eager.verify(newToken).pid == "24816512345")
        let forgotten = await #expect(throws: PersonTokenRefusal.self) { _ = try await eager.verify(oldToken) }
        #expect(forgotten?.reason.contains("key id") == true)
    }
}
