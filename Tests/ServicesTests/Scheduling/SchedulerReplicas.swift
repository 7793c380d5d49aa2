import Foundation
import KSICore
import KSITestSupport
import Logging

/// Two replicas of one service: two `KSIDatabase` handles (two connection pools) on one database, a
/// file for SQLite and one PostgreSQL database, migrated once; as two processes would share it.
enum SchedulerReplicas {
    static func with<R: Sendable>(
        _ engine: TestDatabase.Engine,
        _ body: @Sendable (KSIDatabase, KSIDatabase) async throws -> R
    ) async throws -> R {
        let logger = Logger(label: "ksi.test.scheduler")
        switch engine {
        case .sqlite:
            let dir = try RepositoryPaths.temporaryDirectory("scheduler")
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("service.sqlite").path
            let first = try await KSIDatabase.openSQLite(path: path, logger: logger)
            let second = try await KSIDatabase.openSQLite(path: path, logger: logger)
            return try await first.withRunning { first in
                try await CoreSchema.migrate(first)
                return try await second.withRunning { second in try await body(first, second) }
            }
        case .postgres:
            let (name, url) = try await TestDatabase.createPostgresDatabase()
            let result: Result<R, any Error>
            do {
                let first = try KSIDatabase.postgres(url: url, logger: logger)
                let second = try KSIDatabase.postgres(url: url, logger: logger)
                result = .success(
                    try await first.withRunning { first in
                        try await CoreSchema.migrate(first)
                        return try await second.withRunning { second in try await body(first, second) }
                    }
                )
            } catch {
                result = .failure(error)
            }
            try? await TestDatabase.dropPostgresDatabase(name)
            return try result.get()
        }
    }
}

/// Counts how often a test job ran: the effect that must happen once per due time.
actor RunCounter {
    private(set) var count = 0
    func increment() { count += 1 }
}
