import SQLKit

/// One versioned schema step.
package struct Migration: Sendable {
    package var version: Int
    package var name: String
    package var apply: @Sendable (any SQLDatabase) async throws -> Void

    package init(version: Int, name: String, apply: @escaping @Sendable (any SQLDatabase) async throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }
}

/// Runs the migrations a database has not had yet, each in its own transaction, at start-up.
package enum Migrator {
    /// Applies `migrations` of `schema` in version order; returns the versions it applied.
    @discardableResult
    package static func migrate(_ database: KSIDatabase, schema: String, migrations: [Migration]) async throws -> [Int]
    {
        // A current schema needs no DDL: a PostgreSQL service role, which may not create tables
        // (ServiceRole), starts on a database its owner migrated.
        if let applied = try? await appliedVersions(database, schema: schema),
            Set(migrations.map(\.version)).isSubset(of: applied)
        {
            return []
        }
        try await database.transaction(movingDataVersion: false) { sql in
            try await sql.create(table: "ksi_migrations").ifNotExists()
                .column("schema_name", type: .text, .notNull)
                .column("version", type: .bigint, .notNull)
                .column("name", type: .text, .notNull)
                .primaryKey("schema_name", "version")
                .run()
        }
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let done = try await database.transaction(movingDataVersion: false) { sql -> Bool in
                let rows = try await sql.select().column("version").from("ksi_migrations")
                    .where("schema_name", .equal, schema).where("version", .equal, migration.version)
                    .all()
                if !rows.isEmpty { return true }
                try await migration.apply(sql)
                try await sql.insert(into: "ksi_migrations")
                    .columns("schema_name", "version", "name")
                    .values(SQLBind(schema), SQLBind(migration.version), SQLBind(migration.name))
                    .run()
                return false
            }
            if !done { applied.append(migration.version) }
        }
        return applied
    }

    /// The versions of `schema` the database has had (throws when `ksi_migrations` does not exist yet).
    static func appliedVersions(_ database: KSIDatabase, schema: String) async throws -> Set<Int> {
        try await database.read { sql in
            let rows = try await sql.select().column("version").from("ksi_migrations").where(
                "schema_name",
                .equal,
                schema
            ).all()
            return Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
        }
    }
}
