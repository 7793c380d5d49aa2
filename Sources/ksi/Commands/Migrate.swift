import ArgumentParser
import KSICore
import Logging

/// `ksi migrate`: brings a database up to the current schema and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run pending schema migrations on a database.")

    @Option(help: "An SQLite file path.")
    var sqlite: String?

    @Option(help: "A PostgreSQL URL (postgres://user@host:port/db).")
    var postgres: String?

    func validate() throws {
        guard (sqlite == nil) != (postgres == nil) else {
            throw ValidationError("give exactly one of --sqlite or --postgres")
        }
    }

    func run() async throws {
        let logger = Logger(label: "ksi.migrate")
        let database = try await sqlite.asyncMap { try await KSIDatabase.openSQLite(path: $0, logger: logger) }
            ?? KSIDatabase.postgres(url: postgres ?? "", logger: logger)
        try await database.withRunning { database in
            try await CoreSchema.migrate(database)
        }
        print("migrated \(database.location)")
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
