import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import VaporCSQLite

extension SQLiteWriter {
    /// The writer as an SQLKit database (SQLite's dialect, sqlite-kit's encoder and decoder).
    func sql() -> any SQLDatabase { SQLiteWriterDatabase(writer: self) }
}

extension SQLDatabase {
    /// Whether `statement` (plain SQL text, no binds) would run on the calling thread: SQLite's writer inside its
    /// open transaction.
    func runsOnCallingThread(_ statement: String) -> Bool {
        guard let database = self as? SQLiteWriterDatabase else { return false }
        return database.writer.runsInline(statement)
    }
}

/// The writer behind SQLKit: statements inside an open write transaction run on the calling thread, all
/// others on the thread pool (see `SQLiteWriter`).
private struct SQLiteWriterDatabase: SQLDatabase {
    let writer: SQLiteWriter

    var logger: Logger { writer.logger }
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, rawBinds) = serialize(query)
        if let queryLogLevel {
            logger.log(level: queryLogLevel, "Executing query", metadata: ["sql": .string(sql)])
        }
        let encoder = SQLiteDataEncoder()
        let binds = try rawBinds.map { try encoder.encode($0) }
        if writer.runsInline(sql) {
            try writer.run(sql, binds) { onRow($0) }
        } else {
            try await writer.runOffloaded(sql, binds) { onRow($0) }
        }
    }

    func execute(
        sql query: any SQLExpression,
        _ onRow: @escaping @Sendable (any SQLRow) -> Void
    )
        -> EventLoopFuture<Void>
    {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}

/// One row the writer read: values by column, decoded with sqlite-kit's decoder.
struct SQLiteWriterRow: SQLRow {
    /// The column names of one statement's result, shared by its rows.
    final class Columns: Sendable {
        let names: [String]
        let index: [String: Int]
        var count: Int { names.count }

        init(_ statement: OpaquePointer) {
            let count = Int(sqlite_nio_sqlite3_column_count(statement))
            let names = (0..<Int32(count)).map { column in
                sqlite_nio_sqlite3_column_name(statement, column).map { String(cString: $0) } ?? ""
            }
            self.names = names
            // The first column of a name wins, as in sqlite-nio's rows.
            self.index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let columns: Columns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.index[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let offset = columns.index[column] else { return true }
        return values[offset] == .null
    }

    func decode<D: Decodable>(column: String, as: D.Type) throws -> D {
        guard let offset = columns.index[column] else { throw SQLiteWriterMissingColumn(column: column) }
        return try SQLiteDataDecoder().decode(D.self, from: values[offset])
    }
}

/// A row was asked for a column its statement does not return.
struct SQLiteWriterMissingColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "no column \(column) in the row" }
}
