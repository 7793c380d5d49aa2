import ArgumentParser
import Services

/// Where person tokens come from (AUTH-R1): the issuer's JWKS file, its `iss`, the audience KSI is,
/// and the clock skew allowed. Without a JWKS file no call acts as a person (organisations keep only
/// their system and public roles). Production values: docs/deploy.md. Each flag falls back to a
/// `KSI_TOKEN_*` variable.
struct TokenOptions: ParsableArguments {
    @Option(
        help: "JWKS (JSON) of the person-token issuer, e.g. ID-porten's; ES256 and RS256 keys (KSI_TOKEN_JWKS_FILE)."
    )
    var tokenJwksFile: String? = Environment.string("KSI_TOKEN_JWKS_FILE")

    @Option(help: "The issuer (iss) person tokens must carry (KSI_TOKEN_ISSUER).")
    var tokenIssuer: String? = Environment.string("KSI_TOKEN_ISSUER")

    @Option(help: "The audience KSI is; a token's aud must contain it (KSI_TOKEN_AUDIENCE).")
    var tokenAudience: String? = Environment.string("KSI_TOKEN_AUDIENCE")

    @Option(help: "Clock skew allowed on exp/nbf/iat, in seconds (KSI_TOKEN_LEEWAY_SECONDS).")
    var tokenLeewaySeconds: Int = Environment.int("KSI_TOKEN_LEEWAY_SECONDS") ?? PersonTokenConfig.defaultLeewaySeconds

    /// The configuration, nil without a JWKS file; a JWKS without issuer and audience is refused.
    func config() throws -> PersonTokenConfig? {
        guard let tokenJwksFile else {
            if tokenIssuer != nil || tokenAudience != nil {
                throw ValidationError("--token-issuer/--token-audience need --token-jwks-file (KSI_TOKEN_JWKS_FILE)")
            }
            return nil
        }
        guard let tokenIssuer, let tokenAudience else {
            throw ValidationError(
                "--token-jwks-file needs --token-issuer and --token-audience (KSI_TOKEN_ISSUER, KSI_TOKEN_AUDIENCE)"
            )
        }
        guard tokenLeewaySeconds >= 0, tokenLeewaySeconds <= 600 else {
            throw ValidationError("--token-leeway-seconds must be 0…600")
        }
        return PersonTokenConfig(
            jwksPath: tokenJwksFile,
            issuer: tokenIssuer,
            audience: tokenAudience,
            leewaySeconds: tokenLeewaySeconds
        )
    }
}
