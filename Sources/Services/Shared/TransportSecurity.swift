import GRPCNIOTransportHTTP2

/// Mutual TLS for KSI's gRPC servers and clients: PEM files, one development or production CA.
public enum TransportSecurity {
    /// Server side: present our certificate, require a client certificate that chains to the CA.
    public static func server(_ tls: ServiceConfig.TLS) -> HTTP2ServerTransport.Posix.TransportSecurity {
        .mTLS(
            certificateChain: [.file(path: tls.certificatePath, format: .pem)],
            privateKey: .file(path: tls.privateKeyPath, format: .pem)
        ) { config in
            config.trustRoots = .certificates([.file(path: tls.trustRootsPath, format: .pem)])
            config.clientCertificateVerification = .noHostnameVerification
        }
    }

    /// Client side: present our certificate, verify the server's against the CA and the target's
    /// host name or IP address (the server certificates carry SANs for both).
    public static func client(_ tls: ServiceConfig.TLS) -> HTTP2ClientTransport.Posix.TransportSecurity {
        .mTLS(
            certificateChain: [.file(path: tls.certificatePath, format: .pem)],
            privateKey: .file(path: tls.privateKeyPath, format: .pem)
        ) { config in
            config.trustRoots = .certificates([.file(path: tls.trustRootsPath, format: .pem)])
            config.serverCertificateVerification = .fullVerification
        }
    }
}
