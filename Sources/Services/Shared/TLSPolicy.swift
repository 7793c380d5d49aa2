import NIOSSL

/// KSI's one TLS policy, applied to every gRPC server (`GRPCConnectionGuard`), the gRPC clients' peers
/// and the gateway's HTTPS listener (`GatewayHTTPServer.tlsConfiguration`): TLS 1.2 or 1.3 only, and at
/// TLS 1.2 only ECDHE key exchange with an AEAD cipher (AES-GCM, CHACHA20-POLY1305) — no CBC, no static
/// RSA key exchange. TLS 1.3 suites are all AEAD and not configurable in BoringSSL.
///
/// Server cipher order: swift-nio-ssl 2.37 exposes no switch for SSL_OP_CIPHER_SERVER_PREFERENCE. With
/// this list every suite a client can pick is ECDHE + AEAD, so the client's choice cannot weaken the
/// connection; the list itself is in the order we prefer (docs/security.md, "TLS").
public enum TLSPolicy {
    public static let minimumVersion: TLSVersion = .tlsv12

    /// TLS 1.2 suites, most preferred first.
    public static let tls12CipherSuites: [NIOTLSCipher] = [
        .TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        .TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        .TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        .TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        .TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    ]

    /// Applies the policy to a configuration built elsewhere (certificates, trust, ALPN stay as they are).
    public static func harden(_ configuration: inout TLSConfiguration) {
        configuration.minimumTLSVersion = minimumVersion
        configuration.cipherSuiteValues = tls12CipherSuites
    }

    /// The server configuration of a KSI gRPC listener: our certificate, a client certificate required and
    /// verified against the CA, gRPC's ALPN names, and the policy above.
    public static func grpcServerConfiguration(_ tls: ServiceConfig.TLS) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map {
            NIOSSLCertificateSource.certificate($0)
        }
        let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain,
            privateKey: .privateKey(key)
        )
        configuration.trustRoots = .file(tls.trustRootsPath)
        configuration.certificateVerification = .noHostnameVerification
        configuration.applicationProtocols = ["grpc-exp", "h2"]
        harden(&configuration)
        return configuration
    }
}
