import SQLKit

/// The data version an entity row is written at (issue 17): the version its write transaction moves the
/// database to. Writers are serialised (SQLite's single writer, PostgreSQL's advisory lock) and each one moves
/// the version as its last statement, so the version read here is the one committed before it plus the writes
/// already made in the same group commit, and a row's stamp is above every version a reader saw before it
/// committed.
enum DataVersionStamp {
    /// The stamp as SQL, read inside the writing transaction.
    static let sql = "(COALESCE((SELECT version FROM ksi_data_version WHERE id = 1), 0) + 1)"
    /// The stamp as an SQL expression.
    static let current = SQLRaw(sql)
}

extension KSIDatabase {
    /// One committed write that stamps the first entity of every kind anew, as if each had been written again:
    /// what a benchmark writes before a *cold* view, so the view cache has one entity of every kind to read again.
    package func restampOneEntityPerKind() async throws {
        try await transaction { sql in
            try await sql.raw(
                """
                UPDATE entities SET changed_version = \(unsafeRaw: DataVersionStamp.sql)
                WHERE id IN (SELECT MIN(id) FROM entities GROUP BY kind)
                """
            ).run()
        }
    }
}

/// What was written after a data version: every entity whose stamp is above it, and every entity whose parent's
/// is (a disbursement is listed by its grant's embete and year, so a changed grant may move it in or out of a
/// list). A reader that cached lists at `after` reads only these again.
package struct EntityChangeSet: Sendable, Hashable {
    /// The most changes one answer carries; beyond it a reader reads everything again.
    package static let maximumChanges = 10_000

    /// The data version the changes reach (read in the same snapshot).
    package var mark: DataVersionMark
    /// The changed entities, nil when more than `maximumChanges` changed.
    package var changes: [EntityChange]?
}

extension KSIDatabase {
    /// The data version and, in the same snapshot, the entities written after `version` (`EntityChangeSet`).
    ///
    /// When nothing was written after `version` — a cached view read again with no write in between, the common
    /// case — the answer is the version alone, one statement: every stamp is at most the version its write moved
    /// to, so none is above a version that has not moved.
    package func changes(after version: Int64) async throws -> EntityChangeSet {
        let now = try await dataVersion()
        if now.version == version { return EntityChangeSet(mark: now, changes: []) }
        return try await read { sql in
            let mark = try await Self.dataVersion(sql)
            let limit = EntityChangeSet.maximumChanges + 1
            let rows = try await sql.raw(
                """
                SELECT kind, id, parent_id FROM entities WHERE changed_version > \(bind: version)
                UNION
                SELECT kind, id, parent_id FROM entities
                WHERE parent_id IN (SELECT id FROM entities WHERE changed_version > \(bind: version))
                LIMIT \(unsafeRaw: String(limit))
                """
            ).all()
            guard rows.count <= EntityChangeSet.maximumChanges else { return EntityChangeSet(mark: mark, changes: nil) }
            let changes = try rows.map { row in
                var change = EntityChange()
                change.kind = try row.decode(column: "kind", as: String.self)
                change.id = try row.decode(column: "id", as: String.self)
                change.parentId = try row.decode(column: "parent_id", as: String?.self) ?? ""
                return change
            }
            return EntityChangeSet(mark: mark, changes: changes)
        }
    }
}
