import SQLKit

/// Cursors of event relays: the last sequence of another service's events applied here.
extension StoreTransaction {
    /// The last applied sequence for `name`, or 0.
    package func relayCursor(_ name: RelayName) async throws -> Int64 {
        let row = try await sql.select().column("sequence").from("relay_cursors").where("name", .equal, name.rawValue)
            .first()
        return try row?.decode(column: "sequence", as: Int64.self) ?? 0
    }

    /// Records that events up to `sequence` are applied.
    package func saveRelayCursor(_ name: RelayName, sequence: Int64, at millis: Int64) async throws {
        let updated = try await sql.update("relay_cursors").set("sequence", to: SQLBind(sequence)).set(
            "updated_at",
            to: SQLBind(millis)
        )
        .where("name", .equal, name.rawValue).returning("name").all()
        if updated.isEmpty {
            try await sql.insert(into: "relay_cursors").columns("name", "sequence", "updated_at")
                .values(SQLBind(name.rawValue), SQLBind(sequence), SQLBind(millis)).run()
        }
    }
}
