import ArgumentParser
import KSICore
import Logging

/// `ksi migrate`: brings a database up to the current schema and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run pending schema migrations on a database.")

    @Option(help: "An SQLite file path.")
    var sqlite: String?

    @Option(
        help:
            "A PostgreSQL URL (postgres://user@host:port/db?sslmode=verify-full&sslrootcert=ca.pem), of the role that owns the tables."
    )
    var postgres: String?

    @Option(
        help:
            "A PostgreSQL role to grant row access only (no DELETE, no DDL; audit and access logs append-only) after migrating."
    )
    var serviceRole: String?

    func validate() throws {
        guard (sqlite == nil) != (postgres == nil) else {
            throw ValidationError("give exactly one of --sqlite or --postgres")
        }
    }

    func run() async throws {
        let logger = Logger(label: "ksi.migrate")
        let database =
            try await sqlite.asyncMap { try await KSIDatabase.openSQLite(path: $0, logger: logger) }
            ?? KSIDatabase.postgres(url: postgres ?? "", logger: logger)
        try await database.withRunning { database in
            try await CoreSchema.migrate(database)
            if let serviceRole { try await ServiceRole.grant(serviceRole, on: database) }
        }
        print("migrated \(database.location)\(serviceRole.map { "; granted \($0) row access" } ?? "")")
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
