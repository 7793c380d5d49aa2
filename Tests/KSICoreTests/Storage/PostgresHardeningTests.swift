import Foundation
import KSICore
import KSITestSupport
import Logging
import SQLKit
import Testing

/// PostgreSQL hardening (issue 12, item 5): sslmode never falls back silently, verify-full checks the
/// host name, the service role may not change or delete audit and access-log rows (COM-R4, PRIV-R8),
/// and the logs are append-only on SQLite too.
@Suite("PostgreSQL hardening and append-only logs")
struct PostgresHardeningTests {
    static let engines = TestDatabase.Engine.allCases

    static func message(_ error: any Error) -> String { String(reflecting: error) }

    @Test(
        "sslmode values that fall back to plain text, unknown values and unknown parameters are refused at start-up",
        arguments: [
            "prefer", "allow", "verify_full", "on", "",
        ]
    )
    func unknownSSLModesAreRefused(mode: String) throws {
        #expect {
            _ = try KSIDatabase.postgres(url: "postgres://ksi@127.0.0.1:5432/ksi?sslmode=\(mode)")
        } throws: { error in
            let text = Self.message(error)
            return text.contains("sslmode") && text.contains("disable, require, verify-ca or verify-full")
        }
    }

    @Test("a misspelt parameter and an unreadable CA file are refused, naming what is wrong")
    func otherURLMistakesAreRefused() throws {
        #expect {
            _ = try KSIDatabase.postgres(url: "postgres://ksi@127.0.0.1/ksi?sslmod=disable")
        } throws: { Self.message($0).contains("unknown parameter 'sslmod'") }
        #expect {
            _ = try KSIDatabase.postgres(
                url: "postgres://ksi@127.0.0.1/ksi?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem"
            )
        } throws: { Self.message($0).contains("sslrootcert") }
        for mode in ["disable", "require", "verify-ca", "verify-full"] {
            _ = try KSIDatabase.postgres(url: "postgres://ksi@127.0.0.1/ksi?sslmode=\(mode)")
        }
        _ = try KSIDatabase.postgres(url: "postgres://ksi@127.0.0.1/ksi")
    }

    /// The test server's URL with another host and TLS parameters.
    static func tlsURL(host: String, _ query: String) throws -> String {
        guard let plain = ProcessInfo.processInfo.environment["KSI_TEST_POSTGRES_URL"] else {
            throw TestDatabase.MissingPostgres()
        }
        var components = try #require(URLComponents(string: plain))
        components.host = host
        components.query = query
        return try #require(components.string)
    }

    /// One connection with the URL's TLS settings (KSIDatabase.checkPostgres: no pool, no retry).
    static func connects(_ url: String) async throws -> Bool {
        try await KSIDatabase.checkPostgres(url: url, logger: Logger(label: "ksi.test.tls"))
        return true
    }

    /// Whether connecting fails with a certificate error: an untrusted chain or a name the certificate does not carry.
    static func refusedCertificate(_ url: String) async throws -> Bool {
        do {
            try await KSIDatabase.checkPostgres(url: url, logger: Logger(label: "ksi.test.tls"))
            return false
        } catch let failure as KSIDatabase.PostgresConnectionFailed {
            return ["CERTIFICATE_VERIFY_FAILED", "failedToValidateHostname"].contains { failure.reason.contains($0) }
        }
    }

    static var testCA: String {
        get throws {
            guard let ca = ProcessInfo.processInfo.environment["KSI_TEST_POSTGRES_CA"] else {
                throw TestDatabase.MissingPostgres()
            }
            return ca
        }
    }

    @Test(
        "verify-full connects when the certificate names the host (localhost) and is refused for a host it does not name (127.0.0.1, the same server); verify-ca accepts that host"
    )
    func verifyFullChecksTheHostName() async throws {
        let ca = try Self.testCA
        #expect(try await Self.connects(try Self.tlsURL(host: "localhost", "sslmode=verify-full&sslrootcert=\(ca)")))
        #expect(
            try await Self.refusedCertificate(
                try Self.tlsURL(host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(ca)")
            )
        )
        #expect(try await Self.connects(try Self.tlsURL(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(ca)")))
        // The pooled database works over verify-full too.
        let database = try KSIDatabase.postgres(
            url: try Self.tlsURL(host: "localhost", "sslmode=verify-full&sslrootcert=\(ca)")
        )
        let one = try await database.withRunning { database in
            try await database.read { sql in
                try #require(try await sql.raw("SELECT 1 AS one").first()).decode(column: "one", as: Int.self)
            }
        }
        #expect(one == 1)
    }

    @Test(
        "verify-full and verify-ca refuse a server certificate from a CA they do not trust (the system roots); require encrypts without checking"
    )
    func verificationRefusesAnUntrustedCA() async throws {
        _ = try Self.testCA
        #expect(try await Self.refusedCertificate(try Self.tlsURL(host: "localhost", "sslmode=verify-full")))
        #expect(try await Self.refusedCertificate(try Self.tlsURL(host: "localhost", "sslmode=verify-ca")))
        #expect(try await Self.connects(try Self.tlsURL(host: "localhost", "sslmode=require")))
    }

    static func writeLogs(_ database: KSIDatabase) async throws {
        try await database.transaction { sql in
            let store = StoreTransaction(sql: sql, context: "referral")
            try await store.audit(
                AuditEntry(
                    at: 1_000,
                    actorOrg: "974760673",
                    actorPerson: "p-1",
                    role: "adviser",
                    action: "Read",
                    entityKind: "Referral",
                    entityId: "ref-1",
                    beforeState: nil,
                    afterState: nil,
                    reason: nil,
                    requestId: "req-1"
                )
            )
            try await store.logAccess(
                at: 1_000,
                actorOrg: "974760673",
                actorPerson: "p-1",
                role: "adviser",
                entityId: "ref-1",
                purpose: "case work"
            )
        }
    }

    static func logRows(_ database: KSIDatabase) async throws -> [String] {
        try await database.read { sql in
            let audit = try await sql.raw("SELECT actor_org, entity_id FROM audit_log ORDER BY seq").all()
            let access = try await sql.raw("SELECT actor_org, entity_id FROM access_log ORDER BY seq").all()
            return try (audit + access).map {
                "\(try $0.decode(column: "actor_org", as: String.self))/\(try $0.decode(column: "entity_id", as: String.self))"
            }
        }
    }

    static let changes = [
        "UPDATE audit_log SET actor_org = '000000000'", "DELETE FROM audit_log",
        "UPDATE access_log SET entity_id = 'other'", "DELETE FROM access_log",
    ]

    @Test(
        "audit_log and access_log refuse UPDATE and DELETE from anyone (triggers), and the rows stay",
        arguments: engines
    )
    func logsAreAppendOnly(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.writeLogs(database)
            let before = try await Self.logRows(database)
            #expect(before == ["974760673/ref-1", "974760673/ref-1"])
            for statement in Self.changes {
                await #expect {
                    try await database.transaction { sql in try await sql.raw(SQLQueryString(statement)).run() }
                } throws: { error in
                    Self.message(error).contains("append-only")
                }
            }
            #expect(try await Self.logRows(database) == before)
            // Appending still works.
            try await Self.writeLogs(database)
            #expect(try await Self.logRows(database).count == 4)
        }
    }

    @Test(
        "the service role reads and writes rows but may not UPDATE or DELETE audit or access-log rows, delete entities or change the schema; it may expire idempotency records (IDEM-R2)"
    )
    func serviceRoleIsLeastPrivilege() async throws {
        try await TestDatabase.with(.postgres) { owner in
            let role = "ksi_svc_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
            try await owner.outsideTransaction { sql in try await sql.raw("CREATE ROLE \(ident: role) LOGIN").run() }
            let databaseName = try await owner.read { sql in
                try #require(try await sql.raw("SELECT current_database() AS name").first()).decode(
                    column: "name",
                    as: String.self
                )
            }
            do {
                try await ServiceRole.grant(role, on: owner)
                let url = try Self.tlsURL(host: "127.0.0.1", "sslmode=disable").replacingOccurrences(
                    of: "://ksi@",
                    with: "://\(role)@"
                )
                .replacingOccurrences(of: "/ksi_test?", with: "/\(databaseName)?")
                let service = try KSIDatabase.postgres(url: url, logger: Logger(label: "ksi.test.role"))
                try await service.withRunning { service in
                    // The schema is current, so starting as the service role needs no DDL.
                    try await CoreSchema.migrate(service)
                    try await Self.writeLogs(service)
                    let rows = try await Self.logRows(service)
                    #expect(rows.count == 2)
                    let statements =
                        Self.changes + [
                            "DELETE FROM entities", "TRUNCATE audit_log", "CREATE TABLE intruder (x int)",
                            "DROP TABLE access_log",
                            "INSERT INTO ksi_migrations (schema_name, version, name) VALUES ('x', 1, 'x')",
                        ]
                    for statement in statements {
                        await #expect {
                            try await service.transaction { sql in try await sql.raw(SQLQueryString(statement)).run() }
                        } throws: { error in
                            let text = Self.message(error)
                            return text.contains("permission denied") || text.contains("must be owner")
                        }
                    }
                    #expect(try await Self.logRows(service) == rows)
                    // IDEM-R2: the one deletion a service makes is the idempotency expiry job's.
                    try await service.transaction { sql in
                        try await StoreTransaction(sql: sql, context: "needs").remember(
                            IdempotencyRecord(
                                method: "CreateNeedsRound",
                                response: [],
                                payloadDigest: nil,
                                createdAt: 1_000
                            ),
                            callerOrg: "974760673",
                            requestId: "old-request"
                        )
                    }
                    #expect(
                        try await IdempotencyExpiry.purge(
                            service,
                            retentionDays: 30,
                            nowMillis: 1_000 + 31 * 86_400_000
                        ) == 1
                    )
                    // Entities: insert and update are what a service does.
                    try await service.transaction { sql in
                        let store = StoreTransaction(sql: sql, context: "needs")
                        var round = NeedsRound.with {
                            $0.id = "round-1"
                            $0.governorOfficeId = "agder"
                            $0.year = 2027
                        }
                        round = try await store.insert(round, at: 1_000)
                        _ = try await store.update(round, at: 2_000)
                    }
                }
            } catch {
                try? await owner.outsideTransaction { sql in
                    try await sql.raw("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM \(ident: role)").run()
                }
                throw error
            }
            try await owner.outsideTransaction { sql in
                try await sql.raw("DROP OWNED BY \(ident: role)").run()
                try await sql.raw("DROP ROLE \(ident: role)").run()
            }
        }
    }
}
