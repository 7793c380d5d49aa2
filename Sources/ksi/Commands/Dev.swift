import ArgumentParser
import Foundation
import KSICore
import Logging

/// `ksi dev`: the product on one machine, with SQLite under a data directory.
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run KSI on this machine with SQLite databases under a data directory."
    )

    @Option(name: .long, help: "Where the databases, certificates and keys live.")
    var dataDir: String = ProcessInfo.processInfo.environment["KSI_DATA_DIR"] ?? ".ksi-data"

    func run() async throws {
        let logger = Logger(label: "ksi.dev")
        let databases = try await openContextDatabases(dataDir: dataDir, logger: logger)
        logger.info("Databases ready", metadata: ["ksi.data_dir": "\(dataDir)", "ksi.databases": "\(databases.count)"])
        print("""
            KSI dev: databases migrated under \(dataDir) (\(databases.map(\.location).joined(separator: ", "))).
            The gRPC services and the gateway are not part of this build yet; nothing listens on the network.
            """)
        for database in databases { try await database.close() }
    }
}

/// The four bounded contexts' SQLite databases, migrated.
func openContextDatabases(dataDir: String, logger: Logger) async throws -> [KSIDatabase] {
    var opened: [KSIDatabase] = []
    for context in ["needs", "partnerships", "allocation", "referral"] {
        let database = try await KSIDatabase.openSQLite(path: "\(dataDir)/\(context).sqlite", logger: logger)
        try await CoreSchema.migrate(database)
        opened.append(database)
    }
    return opened
}
