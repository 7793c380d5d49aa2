import Foundation
import Logging
import SQLKit

/// PostgreSQL least privilege (issue 12, item 5): an owner role runs the migrations; the service role
/// a running service connects as may only read and write rows:
///
/// - SELECT, INSERT, UPDATE on every KSI table (the store never deletes: removal and retention write
///   tombstones), so no DELETE, TRUNCATE or DDL anywhere — except DELETE on `idempotency`, whose records
///   expire (IDEM-R2, the `idempotency-expiry` job; issue 14);
/// - `audit_log` and `access_log`: SELECT and INSERT only (COM-R4, PRIV-R8: append-only);
/// - `ksi_migrations`: SELECT only (a service checks that its schema is current).
///
/// Granting is idempotent and runs after every migration, so tables added later are covered.
package enum ServiceRole {
    /// Gives `role` exactly the privileges above on `database` (whose connection must own the tables).
    package static func grant(_ role: String, on database: KSIDatabase) async throws {
        guard role.range(of: #"^[a-z_][a-z0-9_]{0,62}$"#, options: .regularExpression) != nil else {
            throw DomainError.invalidArgument(
                field: "service_role",
                "'\(role)' is not a plain PostgreSQL role name ([a-z_][a-z0-9_]*)"
            )
        }
        guard database.engine == .postgres else { return }
        let readOnly = ["ksi_migrations"]
        let expiring = ["idempotency"]  // IDEM-R2: the expiry job deletes old records
        try await database.transaction(movingDataVersion: false) { sql in
            try await sql.raw("GRANT USAGE ON SCHEMA public TO \(ident: role)").run()
            try await sql.raw("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO \(ident: role)").run()
            try await sql.raw(
                "REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM \(ident: role)"
            ).run()
            for table in AppendOnlyLogs.tables {
                try await sql.raw("REVOKE UPDATE ON \(ident: table) FROM \(ident: role)").run()
            }
            for table in expiring {
                try await sql.raw("GRANT DELETE ON \(ident: table) TO \(ident: role)").run()
            }
            for table in readOnly {
                try await sql.raw("REVOKE INSERT, UPDATE ON \(ident: table) FROM \(ident: role)").run()
            }
            try await sql.raw("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \(ident: role)").run()
        }
    }

    /// Migrates the database at `migrationURL` (the owner role) and grants the role of `serviceURL`
    /// its privileges there, unless both URLs name the same role (then there is one role, as in
    /// development). Used by `ksi serve` before it opens `serviceURL`.
    package static func prepare(migrationURL: String, serviceURL: String, logger: Logger) async throws {
        #if PostgreSQL
        let owner = try PostgresURL(migrationURL)
        let service = try PostgresURL(serviceURL)
        let database = try KSIDatabase.postgres(url: migrationURL, logger: logger)
        try await database.withRunning { database in
            try await CoreSchema.migrate(database)
            if service.username != owner.username {
                try await grant(service.username, on: database)
            }
        }
        #else
        throw KSIDatabase.postgresNotBuilt
        #endif
    }
}
