import SQLKit

/// COM-R4 and PRIV-R8: the audit log and the child-data access log are append-only. Triggers refuse
/// UPDATE and DELETE of their rows on both engines (and TRUNCATE on PostgreSQL), whoever asks; on
/// PostgreSQL the service role also lacks the privileges (`ServiceRole`). Nothing in KSI changes
/// these rows: retention (PRIV-R10) erases child data in `entities` and leaves the logs, which hold
/// no child data (docs/storage.md).
///
/// A schema of its own in `ksi_migrations`, run after `CoreSchema`.
package enum AppendOnlyLogs {
    package static let name = "append-only-logs"
    package static let tables = ["audit_log", "access_log"]

    package static let migrations: [Migration] = [
        Migration(version: 1, name: "audit_log and access_log refuse UPDATE and DELETE") { sql in
            if sql.dialect.name == "postgresql" {
                try await sql.raw(
                    """
                    CREATE OR REPLACE FUNCTION ksi_refuse_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      RAISE EXCEPTION '% is append-only (COM-R4, PRIV-R8)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
                    END $$
                    """
                ).run()
                for table in tables {
                    try await sql.raw(
                        """
                        CREATE TRIGGER \(unsafeRaw: table)_append_only BEFORE UPDATE OR DELETE ON \(unsafeRaw: table)
                        FOR EACH ROW EXECUTE FUNCTION ksi_refuse_log_change()
                        """
                    ).run()
                    try await sql.raw(
                        """
                        CREATE TRIGGER \(unsafeRaw: table)_no_truncate BEFORE TRUNCATE ON \(unsafeRaw: table)
                        FOR EACH STATEMENT EXECUTE FUNCTION ksi_refuse_log_change()
                        """
                    ).run()
                }
            } else {
                for table in tables {
                    for operation in ["UPDATE", "DELETE"] {
                        try await sql.raw(
                            """
                            CREATE TRIGGER \(unsafeRaw: table)_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON \(unsafeRaw: table)
                            BEGIN SELECT RAISE(ABORT, '\(unsafeRaw: table) is append-only (COM-R4, PRIV-R8)'); END
                            """
                        ).run()
                    }
                }
            }
        }
    ]
}
