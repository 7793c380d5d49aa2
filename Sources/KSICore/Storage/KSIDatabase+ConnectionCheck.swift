import Foundation
import Logging

#if PostgreSQL
import NIOSSL
import PostgresNIO
#endif

extension KSIDatabase {
    /// Why a PostgreSQL URL could not be used: the URL without its password and the driver's reason.
    package struct PostgresConnectionFailed: Error, CustomStringConvertible {
        package var location: String
        package var reason: String
        package var description: String { "cannot connect to \(location): \(reason)" }
    }

    /// Connects once to the server at `url` with its `sslmode` and runs `SELECT 1`: no pool, no retry.
    /// `ksi serve` calls it first, so a certificate that fails verification (sslmode verify-ca or
    /// verify-full), a server without TLS or a refused login stops start-up with the reason, where the
    /// pool would retry forever.
    /// Without the `PostgreSQL` package trait it throws `KSIDatabase.postgresNotBuilt`.
    package static func checkPostgres(url: String, logger: Logger = Logger(label: "ksi.storage")) async throws {
        #if !PostgreSQL
        throw postgresNotBuilt
        #else
        let parsed = try PostgresURL(url)
        let tls: PostgresConnection.Configuration.TLS
        if let configuration = parsed.tlsConfiguration() {
            tls = .require(try NIOSSLContext(configuration: configuration))
        } else {
            tls = .disable
        }
        let configuration = PostgresConnection.Configuration(
            host: parsed.host,
            port: parsed.port,
            username: parsed.username,
            password: parsed.password,
            database: parsed.database,
            tls: tls
        )
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            defer { Task { try? await connection.close() } }
            _ = try await connection.query("SELECT 1", logger: logger)
        } catch {
            throw PostgresConnectionFailed(location: PostgresURL.redacted(url), reason: String(reflecting: error))
        }
        #endif
    }
}
