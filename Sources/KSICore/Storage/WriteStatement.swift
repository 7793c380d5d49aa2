import SQLKit

/// The write path's INSERTs as SQL text with binds (issue 17). SQLKit's builders quote and escape every table and
/// column name on every statement (a generic `replacing` per name): a release `perf` profile of CreateNeedsReport
/// at 32 streams put statement building at a third of the handler's CPU, and the commands of a group-committed
/// batch run one after another, so that time is on the path every write of the batch waits on. The names used
/// here are KSI's own lower-case identifiers, which need no quoting on SQLite or PostgreSQL; the values are
/// always binds.
enum WriteStatement {
    /// `INSERT INTO table (columns) VALUES (values)`, then `suffix` (an `ON CONFLICT` or `RETURNING` clause).
    static func insert(
        into table: String,
        _ columns: [String],
        _ values: [any SQLExpression],
        _ suffix: String = ""
    ) -> SQLQueryString {
        precondition(columns.count == values.count, "\(table): one value per column")
        return """
            INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns.joined(separator: ", "))) \
            VALUES (\(SQLList(values)))\(unsafeRaw: suffix)
            """
    }
}
