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

extension StoreTransaction {
    /// Moves the cursor of `name` to `sequence` only forward (issue 17): false, and nothing written, when it
    /// stands at `sequence` or beyond already, i.e. another replica has handled that event. Run in the write
    /// transaction that records the event's outcome (a dead letter), so the check and the move are one step.
    package func advanceRelayCursor(_ name: RelayName, to sequence: Int64, at millis: Int64) async throws -> Bool {
        guard try await relayCursor(name) < sequence else { return false }
        try await saveRelayCursor(name, sequence: sequence, at: millis)
        return true
    }
}
