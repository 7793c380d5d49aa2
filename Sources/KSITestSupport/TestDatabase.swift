import Foundation
import KSICore
import Logging
import SQLKit

/// A throwaway database for a test: a temporary SQLite file, or a fresh database on the PostgreSQL
/// server that `scripts/with-postgres` started (its URL in `KSI_TEST_POSTGRES_URL`).
public enum TestDatabase {
    public enum Engine: String, CaseIterable, Sendable, CustomStringConvertible {
        case sqlite, postgres
        public var description: String { rawValue }
    }

    public struct MissingPostgres: Error, CustomStringConvertible {
        public init() {}
        public var description: String {
            "KSI_TEST_POSTGRES_URL is not set: run the tests with `make test`, which starts a throwaway PostgreSQL server (scripts/with-postgres)"
        }
    }

    /// Runs `body` with a new, migrated, empty database of `engine`, removed afterwards.
    public static func with<R: Sendable>(
        _ engine: Engine,
        migrate: Bool = true,
        _ body: @Sendable (KSIDatabase) async throws -> R
    ) async throws -> R {
        let logger = Logger(label: "ksi.test.storage")
        switch engine {
        case .sqlite:
            let dir = try RepositoryPaths.temporaryDirectory("sqlite")
            defer { try? FileManager.default.removeItem(at: dir) }
            let database = try await KSIDatabase.openSQLite(
                path: dir.appendingPathComponent("test.sqlite").path,
                logger: logger
            )
            return try await database.withRunning { database in
                if migrate { try await CoreSchema.migrate(database) }
                return try await body(database)
            }
        case .postgres:
            let (name, databaseURL) = try await createPostgresDatabase()
            let database = try KSIDatabase.postgres(url: databaseURL, logger: logger)
            let result: Result<R, any Error>
            do {
                result = .success(
                    try await database.withRunning { database in
                        if migrate { try await CoreSchema.migrate(database) }
                        return try await body(database)
                    }
                )
            } catch {
                result = .failure(error)
            }
            try? await dropPostgresDatabase(name)
            return try result.get()
        }
    }

    /// Runs `body` with four new, migrated, empty databases of `engine`, one per bounded context.
    package static func withContexts<R: Sendable>(
        _ engine: Engine = .sqlite,
        _ body: @Sendable (ContextDatabases) async throws -> R
    ) async throws -> R {
        try await with(engine) { needs in
            try await with(engine) { partnerships in
                try await with(engine) { allocation in
                    try await with(engine) { referral in
                        try await body(
                            ContextDatabases(
                                needs: needs,
                                partnerships: partnerships,
                                allocation: allocation,
                                referral: referral
                            )
                        )
                    }
                }
            }
        }
    }

    /// A new, empty database on the test PostgreSQL server: its name and URL.
    public static func createPostgresDatabase() async throws -> (name: String, url: String) {
        guard let url = ProcessInfo.processInfo.environment["KSI_TEST_POSTGRES_URL"] else { throw MissingPostgres() }
        let name = "ksi_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try KSIDatabase.postgres(url: url, logger: Logger(label: "ksi.test.storage"))
        try await admin.withRunning { admin in
            try await admin.outsideTransaction { sql in
                try await sql.raw("CREATE DATABASE \(unsafeRaw: String(name))").run()
            }
        }
        return (String(name), url.replacingOccurrences(of: "/ksi_test", with: "/\(name)"))
    }

    /// Drops a database made by `createPostgresDatabase`.
    public static func dropPostgresDatabase(_ name: String) async throws {
        guard let url = ProcessInfo.processInfo.environment["KSI_TEST_POSTGRES_URL"] else { throw MissingPostgres() }
        let admin = try KSIDatabase.postgres(url: url, logger: Logger(label: "ksi.test.storage"))
        try await admin.withRunning { admin in
            try await admin.outsideTransaction { sql in
                try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
            }
        }
    }
}
