import SQLKit

extension KSIDatabase {
    /// Where the database's data stands: `version` grows with every committed write transaction, so
    /// an equal `DataVersionMark` means nothing was written in between. Empty before the core schema's
    /// migration 3. One statement, so without a snapshot transaction (`readStatement`): the gateway asks it
    /// before every cached view read.
    package func dataVersion() async throws -> DataVersionMark {
        try await readStatement { sql in try await Self.dataVersion(sql) }
    }

    /// The data version as `sql` sees it.
    static func dataVersion(_ sql: any SQLDatabase) async throws -> DataVersionMark {
        let row = try await sql.select().column("epoch").column("version").from("ksi_data_version")
            .where("id", .equal, 1).first()
        guard let row else { return DataVersionMark(epoch: "", version: 0) }
        return DataVersionMark(
            epoch: try row.decode(column: "epoch", as: String.self),
            version: try row.decode(column: "version", as: Int64.self)
        )
    }

    /// One more committed write transaction; runs as the last statement of each one.
    static func moveDataVersion(_ sql: any SQLDatabase) async throws {
        try await sql.write("UPDATE ksi_data_version SET version = version + 1 WHERE id = 1", table: "ksi_data_version")
    }
}

/// A database's data version: its epoch (random, set when the schema was created) and the count of
/// write transactions committed since.
package struct DataVersionMark: Sendable, Hashable {
    package var epoch: String
    package var version: Int64

    package init(epoch: String, version: Int64) {
        self.epoch = epoch
        self.version = version
    }
}
