import Foundation
import SQLKit

/// Issue 17: values from inside an entity's body that aggregate queries group and sum by (amounts, owners,
/// sectors …), kept as one plain row per entity in a table of the entity's kind (`needs_report_facts`).
/// The row is written by the one shared save path (`StoreTransaction.insert`/`update`) in the same
/// transaction as the entity, so a committed entity and its facts never disagree; a kind's migration
/// creates its table and fills it from the bodies already stored (`FactTable.create`).
///
/// One way for every kind: a kind adopts the protocol (its table and its row), and nothing else changes.
package protocol FactRowsEntity: StoredEntity {
    /// The kind's fact table.
    static var factTable: FactTable { get }
    /// This entity's row: one value per column of `factTable.columns`, in order (the table's `id` is the entity's).
    var factRow: [FactValue] { get }
}

/// One value of a fact row.
package enum FactValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)

    var bind: SQLBind {
        switch self {
        case .text(let value): SQLBind(value)
        case .integer(let value): SQLBind(value)
        }
    }
}

/// A kind's fact table: `id` (the entity's id, primary key) and its columns, with the indexes its GROUP BYs use.
package struct FactTable: Sendable {
    package enum ColumnType: Sendable { case text, integer }

    package var name: String
    package var columns: [(name: String, type: ColumnType)]
    /// Column lists, each one index (`<table>_by_<first column>_<n>`).
    package var indexes: [[String]]

    package init(name: String, columns: [(name: String, type: ColumnType)], indexes: [[String]]) {
        self.name = name
        self.columns = columns
        self.indexes = indexes
    }

    /// Creates the table and its indexes, then writes the row of every `E` already stored (read in pages of
    /// 500 bodies, so a migration's memory does not grow with the table).
    package func create<E: FactRowsEntity>(for type: E.Type, in sql: any SQLDatabase) async throws {
        var table = sql.create(table: name).column("id", type: .text, .primaryKey(autoIncrement: false))
        for column in columns {
            table = table.column(column.name, type: column.type == .text ? .text : .bigint, .notNull)
        }
        try await table.run()
        for (number, indexColumns) in indexes.enumerated() {
            var index = sql.create(index: "\(name)_by_\(indexColumns.first ?? "id")_\(number)").on(name)
            for column in indexColumns { index = index.column(column) }
            try await index.run()
        }
        let store = StoreTransaction(sql: sql, context: "facts")
        var token = ""
        repeat {
            let page = try await store.list(E.self, pageSize: 500, pageToken: token)
            for entity in page.items { try await FactRows.write(entity, in: sql) }
            token = page.nextPageToken
        } while !token.isEmpty
    }
}

/// Writing fact rows: an insert, or on a changed entity the row replaced in place (the store never deletes,
/// ServiceRole: the upsert needs only INSERT and UPDATE).
package enum FactRows {
    /// Writes the fact row of `entity` when its kind has one; other kinds are left alone.
    package static func writeIfAny<E: StoredEntity>(_ entity: E, in sql: any SQLDatabase) async throws {
        guard let withFacts = entity as? any FactRowsEntity else { return }
        try await write(withFacts, in: sql)
    }

    package static func write<E: FactRowsEntity>(_ entity: E, in sql: any SQLDatabase) async throws {
        let table = E.factTable
        let row = entity.factRow
        precondition(row.count == table.columns.count, "\(E.entityKind): a fact row has one value per column")
        let names = table.columns.map(\.name)
        // ON CONFLICT … DO UPDATE SET c = EXCLUDED.c: the same upsert on both engines.
        let updates = names.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        try await sql.write(
            WriteStatement.insert(
                into: table.name,
                ["id"] + names,
                [SQLBind(entity.id)] + row.map(\.bind),
                " ON CONFLICT (id) DO UPDATE SET \(updates)"
            ),
            table: table.name
        )
    }
}

/// The schema of the fact tables, one migration per kind (`ksi_migrations` schema `facts`), run from
/// `CoreSchema.migrate`.
package enum FactSchema {
    package static let name = "facts"

    package static let migrations: [Migration] = [
        Migration(version: 1, name: "needs report facts") { sql in
            try await NeedsReport.factTable.create(for: NeedsReport.self, in: sql)
        },
        Migration(version: 2, name: "partnership facts") { sql in
            try await Partnership.factTable.create(for: Partnership.self, in: sql)
        },
        Migration(version: 3, name: "measure facts") { sql in
            try await Measure.factTable.create(for: Measure.self, in: sql)
        },
        Migration(version: 4, name: "grant decision facts") { sql in
            try await GrantDecision.factTable.create(for: GrantDecision.self, in: sql)
        },
        Migration(version: 5, name: "grant facts") { sql in
            try await Grant.factTable.create(for: Grant.self, in: sql)
        },
        Migration(version: 6, name: "multi-year commitment facts") { sql in
            try await MultiYearCommitment.factTable.create(for: MultiYearCommitment.self, in: sql)
        },
        Migration(version: 7, name: "disbursement facts") { sql in
            try await Disbursement.factTable.create(for: Disbursement.self, in: sql)
        },
        Migration(version: 8, name: "reclaim case facts") { sql in
            try await ReclaimCase.factTable.create(for: ReclaimCase.self, in: sql)
        },
    ]
}

/// A sum over a fact column, exact and the same on both engines: SQLite's SUM fails on overflow and
/// PostgreSQL's returns NUMERIC, so the query sums the amount's high and low parts (each sum fits in 64
/// bits for any realistic row count) and Swift adds them, saturating (LIM-R2: `Money.saturatedOre`).
package enum FactSum {
    static let split: Int64 = 1_000_000_000

    /// The two select expressions of the sum of `column`, named `<alias>_hi` and `<alias>_lo`.
    package static func columns(_ column: String, as alias: String) -> String {
        "CAST(SUM(\(column) / \(split)) AS BIGINT) AS \(alias)_hi, CAST(SUM(\(column) % \(split)) AS BIGINT) AS \(alias)_lo"
    }

    /// The sum from a row of a query that selected `columns(_:as: alias)`.
    package static func value(_ row: any SQLRow, alias: String) throws -> Int64 {
        let high = try row.decode(column: "\(alias)_hi", as: Int64?.self) ?? 0
        let low = try row.decode(column: "\(alias)_lo", as: Int64?.self) ?? 0
        let (scaled, overflow) = high.multipliedReportingOverflow(by: split)
        if overflow { return high < 0 ? Int64.min : Money.saturatedOre }
        let (sum, overflowAdding) = scaled.addingReportingOverflow(low)
        if overflowAdding { return scaled < 0 ? Int64.min : Money.saturatedOre }
        return sum
    }
}
