import Foundation
import KSICore
import KSITestSupport
import Logging
import SQLKit
import Testing

/// The compose stack's PostgreSQL set-up without Docker, on the test server: `deploy/postgres-init.sh`
/// creates the databases and the owner and service roles; `ksi serve needs` with compose's variables
/// (service role URL, owner migration URL, sslmode=verify-full against the server's CA) migrates as
/// the owner, grants the service role and serves; the service role then cannot change the logs.
@Suite("compose's PostgreSQL roles on a real server", .serialized)
struct PostgresRolesTests {
    static let ksi = RepositoryPaths.root.appendingPathComponent(".build/debug/ksi")
    static let databases = ["needs", "partnerships", "allocation", "referral"]

    @Test(
        "postgres-init.sh roles: ksi serve migrates as <svc>_owner over verify-full, serves as <svc>_service, which may not UPDATE or DELETE audit or access-log rows; ksi migrate --service-role grants the same"
    )
    func initScriptRolesAndServe() async throws {
        guard let plain = ProcessInfo.processInfo.environment["KSI_TEST_POSTGRES_URL"],
            let ca = ProcessInfo.processInfo.environment["KSI_TEST_POSTGRES_CA"]
        else { throw TestDatabase.MissingPostgres() }
        let server = try #require(URLComponents(string: plain))
        let port = try #require(server.port)
        var env = ProcessInfo.processInfo.environment
        env["PGHOST"] = "127.0.0.1"
        env["PGPORT"] = String(port)
        env["POSTGRES_USER"] = server.user ?? "ksi"
        env["KSI_POSTGRES_OWNER_PASSWORD"] = "owner-pw"
        env["KSI_POSTGRES_SERVICE_PASSWORD"] = "service-pw"
        defer { Self.dropRolesAndDatabases(env) }
        let initScript = RepositoryPaths.root.appendingPathComponent("deploy/postgres-init.sh").path
        let created = try runProgram(URL(fileURLWithPath: "/bin/sh"), [initScript], environment: env)
        try #require(created.status == 0, "\(created.output)")

        let dir = try RepositoryPaths.temporaryDirectory("pg-roles")
        defer { try? FileManager.default.removeItem(at: dir) }
        let certs = try runProgram(Self.ksi, ["certs", "--out", dir.appendingPathComponent("pki").path])
        try #require(certs.status == 0, "\(certs.output)")
        // The test server trusts loopback logins; the passwords are what compose would send.
        let serviceURL =
            "postgres://needs_service:service-pw@localhost:\(port)/needs?sslmode=verify-full&sslrootcert=\(ca)"
        let ownerURL = "postgres://needs_owner:owner-pw@localhost:\(port)/needs?sslmode=verify-full&sslrootcert=\(ca)"
        let grpcPort = try freeLoopbackPort()
        var serveEnv = env
        serveEnv["KSI_POSTGRES_URL"] = serviceURL
        serveEnv["KSI_POSTGRES_MIGRATION_URL"] = ownerURL
        serveEnv["KSI_SYSTEM_IDENTITIES"] = "990001006"
        serveEnv["KSI_TRUSTED_GATEWAYS"] = "990001006"
        let log = dir.appendingPathComponent("serve.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let serve = try ChildProcess.spawn(
            Self.ksi.path,
            ["serve", "needs", "--port", String(grpcPort), "--cert-dir", dir.appendingPathComponent("pki").path],
            environment: serveEnv,
            output: handle.fileDescriptor
        )
        try handle.close()
        defer {
            serve.terminate()
            serve.waitUntilExit()
        }
        var healthy = false
        for _ in 0..<100 where !healthy && serve.isRunning {
            let health = try runProgram(
                Self.ksi,
                [
                    "health", "localhost:\(grpcPort)", "--cert-dir", dir.appendingPathComponent("pki").path,
                    "--identity", "needs-client",
                ]
            )
            healthy = health.status == 0
            if !healthy { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(healthy, "\((try? String(contentsOf: log, encoding: .utf8))?.suffix(1500) ?? "")")

        // The service role sees the migrated tables and may append, not rewrite.
        let service = try KSIDatabase.postgres(url: serviceURL, logger: Logger(label: "ksi.test.roles"))
        try await service.withRunning { service in
            let migrations = try await service.read { sql in
                try #require(try await sql.raw("SELECT count(*) AS n FROM ksi_migrations").first()).decode(
                    column: "n",
                    as: Int.self
                )
            }
            #expect(migrations >= 4)
            try await service.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs").logAccess(
                    at: 1,
                    actorOrg: "990001006",
                    actorPerson: nil,
                    role: "system",
                    entityId: "x",
                    purpose: "test"
                )
            }
            for statement in [
                "DELETE FROM audit_log", "UPDATE access_log SET purpose = 'rewritten'", "DELETE FROM access_log",
                "DROP TABLE entities",
            ] {
                await #expect {
                    try await service.transaction { sql in try await sql.raw(SQLQueryString(statement)).run() }
                } throws: { error in
                    let text = String(reflecting: error)
                    return text.contains("permission denied") || text.contains("must be owner")
                }
            }
        }
        // `ksi migrate --service-role` does the same as a separate step (no owner password in the service).
        let partnershipsOwner =
            "postgres://partnerships_owner@localhost:\(port)/partnerships?sslmode=verify-full&sslrootcert=\(ca)"
        let migrated = try runProgram(
            Self.ksi,
            ["migrate", "--postgres", partnershipsOwner, "--service-role", "partnerships_service"]
        )
        #expect(migrated.status == 0, "\(migrated.output)")
        #expect(migrated.output.contains("granted partnerships_service row access"), "\(migrated.output)")
        let partnerships = try KSIDatabase.postgres(
            url: "postgres://partnerships_service@localhost:\(port)/partnerships?sslmode=verify-full&sslrootcert=\(ca)",
            logger: Logger(label: "ksi.test.roles")
        )
        try await partnerships.withRunning { service in
            try await CoreSchema.migrate(service)  // current: no DDL needed
            await #expect {
                try await service.transaction { sql in try await sql.raw("DELETE FROM audit_log").run() }
            } throws: { String(reflecting: $0).contains("permission denied") }
        }
        let refused = try runProgram(
            Self.ksi,
            ["migrate", "--postgres", partnershipsOwner, "--service-role", "Robert'); DROP TABLE"]
        )
        #expect(refused.status != 0)
        #expect(refused.output.contains("not a plain PostgreSQL role name"), "\(refused.output)")

        // The owner role cannot rewrite the logs either (the append-only triggers).
        let owner = try KSIDatabase.postgres(url: ownerURL, logger: Logger(label: "ksi.test.roles"))
        try await owner.withRunning { owner in
            await #expect {
                try await owner.transaction { sql in try await sql.raw("DELETE FROM access_log").run() }
            } throws: { String(reflecting: $0).contains("append-only") }
        }
    }

    /// Removes what the init script created, so the test can run again on the same server.
    static func dropRolesAndDatabases(_ env: [String: String]) {
        var statements = databases.map { "DROP DATABASE IF EXISTS \($0) WITH (FORCE);" }
        statements += databases.flatMap { ["DROP ROLE IF EXISTS \($0)_owner;", "DROP ROLE IF EXISTS \($0)_service;"] }
        for statement in statements {
            _ = try? runProgram(
                URL(fileURLWithPath: "/usr/bin/psql"),
                [
                    "-v", "ON_ERROR_STOP=1", "--username", env["POSTGRES_USER"] ?? "ksi", "--dbname", "postgres", "-c",
                    statement,
                ],
                environment: env
            )
        }
    }
}
