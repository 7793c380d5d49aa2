#if PostgreSQL
import Foundation
import NIOSSL
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=…&sslrootcert=…` URL.
///
/// `sslmode` never falls back silently (issue 12; docs/storage.md):
/// - `disable`: no TLS;
/// - `require`: TLS or no connection, the server certificate not checked (libpq's meaning) — unless
///   `sslrootcert` is given, which makes it `verify-ca` (as libpq does);
/// - `verify-ca`: TLS, the server certificate must chain to `sslrootcert` (else the system trust roots);
/// - `verify-full` (the default when `sslmode` is absent): `verify-ca` plus the host name (or IP
///   address) of the URL must be in the certificate.
/// `prefer`, `allow` (which connect in plain text when TLS fails), any other value and any other
/// parameter are refused with the rule, so a typo cannot turn verification off.
struct PostgresURL {
    enum SSLMode: String, CaseIterable {
        case disable, require, verifyCA = "verify-ca", verifyFull = "verify-full"
    }

    static let parameters: Set<String> = ["sslmode", "sslrootcert"]

    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String?
    var sslMode: SSLMode
    var sslRootCert: String?

    init(_ text: String) throws {
        guard let components = URLComponents(string: text),
            ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw DomainError.invalidArgument(field: "postgres_url", "expected postgres://user@host:port/database")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = components.user ?? "postgres"
        self.password = components.password
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.database = path.isEmpty ? nil : path
        let items = components.queryItems ?? []
        if let unknown = items.first(where: { !Self.parameters.contains($0.name) }) {
            throw DomainError.invalidArgument(
                field: "postgres_url",
                "unknown parameter '\(unknown.name)': KSI understands sslmode and sslrootcert only"
            )
        }
        let mode = items.last(where: { $0.name == "sslmode" })?.value ?? SSLMode.verifyFull.rawValue
        guard let sslMode = SSLMode(rawValue: mode) else {
            throw DomainError.invalidArgument(
                field: "postgres_url.sslmode",
                "'\(mode)' is not supported: use disable, require, verify-ca or verify-full (prefer and allow would fall back to plain text)"
            )
        }
        self.sslMode = sslMode
        self.sslRootCert = items.last(where: { $0.name == "sslrootcert" })?.value.flatMap { $0.isEmpty ? nil : $0 }
        if let sslRootCert, !FileManager.default.isReadableFile(atPath: sslRootCert) {
            throw DomainError.invalidArgument(
                field: "postgres_url.sslrootcert",
                "cannot read the CA file '\(sslRootCert)'"
            )
        }
    }

    /// The TLS configuration `sslmode` and `sslrootcert` ask for; nil for `disable`.
    func tlsConfiguration() -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let sslRootCert { tls.trustRoots = .file(sslRootCert) }
        switch sslMode {
        case .disable: return nil
        case .require: tls.certificateVerification = sslRootCert == nil ? .none : .noHostnameVerification
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        return tls
    }

    func clientConfiguration() throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = tlsConfiguration().map { .require($0) } ?? .disable
        var configuration = PostgresClient.Configuration(
            host: host,
            port: port,
            username: username,
            password: password,
            database: database,
            tls: tls
        )
        configuration.options.maximumConnections = 16
        return configuration
    }

    /// The URL without its password, for logs.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return "postgres" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "postgres"
    }
}
#endif
