import Foundation
import KSICore
import Logging

/// The four context databases of one benchmark run: temporary SQLite files, or four fresh databases
/// on a PostgreSQL server (created from `--postgres-url`, dropped afterwards) — one per service, as deployed.
enum NationalDatabases {
    enum Engine: String, CaseIterable, Sendable { case sqlite, postgres }

    static let logger = Logger(label: "ksi.bench.storage")

    /// Runs `body` with four migrated, empty databases of `engine`.
    static func with<R: Sendable>(
        _ engine: Engine,
        postgresURL: String?,
        _ body: @Sendable (ContextDatabases) async throws -> R
    ) async throws -> R {
        switch engine {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ksi-bench-\(UUID().uuidString.prefix(8))"
            )
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            var opened: [KSIDatabase] = []
            for name in ContextDatabases.contextNames {
                opened.append(
                    try await KSIDatabase.openSQLite(
                        path: dir.appendingPathComponent("\(name).sqlite").path,
                        logger: logger
                    )
                )
            }
            return try await ContextDatabases.running(opened, body)
        case .postgres:
            guard let postgresURL else { throw BenchError("--postgres-url is needed for PostgreSQL") }
            let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(8)
            let names = ContextDatabases.contextNames.map { "ksi_bench_\($0)_\(suffix)" }
            let admin = try KSIDatabase.postgres(url: postgresURL, logger: logger)
            try await admin.withRunning { admin in
                for name in names {
                    try await admin.outsideTransaction { sql in
                        try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
                    }
                }
            }
            let result: Result<R, any Error>
            do {
                let opened = try names.map {
                    try KSIDatabase.postgres(url: Self.url(postgresURL, database: $0), logger: logger)
                }
                result = .success(try await ContextDatabases.running(opened, body))
            } catch {
                result = .failure(error)
            }
            // A PostgresClient runs once: a second connection drops the databases.
            let dropper = try KSIDatabase.postgres(url: postgresURL, logger: logger)
            try? await dropper.withRunning { admin in
                for name in names {
                    try await admin.outsideTransaction { sql in
                        try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
                    }
                }
            }
            return try result.get()
        }
    }

    /// `url` with its database name (the path) replaced by `database`.
    static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw BenchError("not a URL: \(url)") }
        components.path = "/\(database)"
        guard let result = components.string else { throw BenchError("not a URL: \(url)") }
        return result
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
