import Foundation
import SQLKit

/// What a command may do inside one transaction: read and write entities, append audit records
/// and events, and remember idempotent responses. Nothing is visible to others until it commits.
package struct StoreTransaction: Sendable {
    package let sql: any SQLDatabase
    package let context: String
    /// The org registry an appended event's audience is read from (issue 13 feeds); a transaction that
    /// appends events must have one (`CommandRunner` passes its context's).
    package let registry: ReferenceRegistry?

    package init(sql: any SQLDatabase, context: String, registry: ReferenceRegistry? = nil) {
        self.sql = sql
        self.context = context
        self.registry = registry
    }

    // MARK: Entities

    /// How many entities of any kind the database holds.
    package func entityCount() async throws -> Int {
        try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("entities").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    package func get<E: StoredEntity>(_ type: E.Type, id: String) async throws -> E? {
        let row = try await sql.select().column("body").from("entities")
            .where("kind", .equal, E.entityKind).where("id", .equal, id)
            .first()
        guard let row else { return nil }
        return try E(wireBytes: [UInt8](try row.decode(column: "body", as: Data.self)))
    }

    /// The entities of `ids` that exist, by id, in one statement: what a page reads its items' parents with,
    /// instead of one `get` per item.
    package func getMany<E: StoredEntity>(_ type: E.Type, ids: some Sequence<String>) async throws -> [String: E] {
        let wanted = Array(Set(ids))
        var found: [String: E] = [:]
        // At most 1 000 binds per statement: SQLite's and PostgreSQL's bind limits are far above it.
        for chunk in stride(from: 0, to: wanted.count, by: 1_000).map({ wanted[$0..<min($0 + 1_000, wanted.count)] }) {
            let rows = try await sql.select().column("body").from("entities")
                .where("kind", .equal, E.entityKind).where("id", .in, Array(chunk))
                .all()
            for row in rows {
                let entity = try E(wireBytes: [UInt8](try row.decode(column: "body", as: Data.self)))
                found[entity.id] = entity
            }
        }
        return found
    }

    /// The entity, or `DomainError.notFound`. `field` is the request field the id came from (`round_id`), so an
    /// empty id is reported on the field the caller left empty.
    package func require<E: StoredEntity>(
        _ type: E.Type,
        id: String,
        what: String,
        field: String = "id"
    ) async throws -> E {
        guard !id.isEmpty else {
            throw DomainError.invalidArgument(field: field, "\(field) is required: the id of the \(what)")
        }
        guard let entity = try await get(E.self, id: id) else { throw DomainError.notFound(what, id) }
        return entity
    }

    /// Stores a new entity at version 1.
    @discardableResult
    package func insert<E: StoredEntity>(_ entity: E, at millis: Int64) async throws -> E {
        var stored = entity
        stored.version = 1
        let index = stored.storageIndex
        try await sql.write(
            WriteStatement.insert(
                into: "entities",
                [
                    "kind", "id", "version", "status", "governor_office_id", "year", "scheme", "owner_id", "parent_id",
                    "created_at", "updated_at", "body", "changed_version",
                ],
                [
                    SQLBind(E.entityKind),
                    SQLBind(stored.id),
                    SQLBind(stored.version),
                    SQLBind(index.status),
                    SQLBind(index.governorOfficeId),
                    SQLBind(index.year.map(Int64.init)),
                    SQLBind(index.scheme.map(Int64.init)),
                    SQLBind(index.ownerId),
                    SQLBind(index.parentId),
                    SQLBind(millis),
                    SQLBind(millis),
                    SQLBind(Data(try stored.wireEncoded())),
                    DataVersionStamp.current,
                ]
            ),
            table: "entities"
        )
        try await FactRows.writeIfAny(stored, in: sql)  // issue 17: the kind's fact row, same transaction
        return stored
    }

    /// Stores a changed entity, one version up. The caller read it in this transaction, and write
    /// transactions are serialised, so the version cannot have moved in between.
    @discardableResult
    package func update<E: StoredEntity>(_ entity: E, at millis: Int64) async throws -> E {
        var stored = entity
        stored.version += 1
        let index = stored.storageIndex
        let body = Data(try stored.wireEncoded())
        try await sql.write(
            """
            UPDATE entities SET version = \(bind: stored.version), status = \(bind: index.status), \
            governor_office_id = \(bind: index.governorOfficeId), year = \(bind: index.year.map(Int64.init)), \
            scheme = \(bind: index.scheme.map(Int64.init)), owner_id = \(bind: index.ownerId), \
            parent_id = \(bind: index.parentId), updated_at = \(bind: millis), body = \(bind: body), \
            changed_version = \(DataVersionStamp.current) \
            WHERE kind = \(bind: E.entityKind) AND id = \(bind: stored.id)
            """,
            table: "entities"
        )
        try await FactRows.writeIfAny(stored, in: sql)  // issue 17: the kind's fact row, same transaction
        return stored
    }

    /// Entities matching `filter`, ordered by id, one page at a time (the token is the last id).
    package func list<E: StoredEntity>(
        _ type: E.Type,
        filter: StorageFilter = .all,
        pageSize: Int = 0,
        pageToken: String = ""
    ) async throws -> Page<E> {
        let limit = pageSize <= 0 ? Int.max : min(pageSize, 10_000)
        // An empty list of allowed values matches nothing; PostgreSQL would refuse the `IN ()` it renders.
        guard !filter.allowsNothing else { return Page(items: [], nextPageToken: "") }
        var query = sql.select().column("body").from("entities").where("kind", .equal, E.entityKind)
        if let v = filter.status { query = query.where("status", .equal, v) }
        if let v = filter.statuses { query = query.where("status", .in, v) }
        if let v = filter.governorOfficeId { query = query.where("governor_office_id", .equal, v) }
        if let v = filter.year { query = query.where("year", .equal, Int64(v)) }
        if let v = filter.scheme { query = query.where("scheme", .equal, Int64(v)) }
        if let v = filter.ownerId { query = query.where("owner_id", .equal, v) }
        if let v = filter.parentId { query = query.where("parent_id", .equal, v) }
        if let v = filter.parentIds { query = query.where("parent_id", .in, v) }
        if let v = filter.ids { query = query.where("id", .in, v) }
        if let parent = filter.parent, !parent.isEmpty {
            query = query.where(
                "parent_id",
                .in,
                SQLSubquery.select { select in
                    var parents = select.column("id").from("entities").where("kind", .equal, parent.kind)
                    if let v = parent.governorOfficeId { parents = parents.where("governor_office_id", .equal, v) }
                    if let v = parent.year { parents = parents.where("year", .equal, Int64(v)) }
                    if let v = parent.scheme { parents = parents.where("scheme", .equal, Int64(v)) }
                    return parents
                }
            )
        }
        if !pageToken.isEmpty { query = query.where("id", .greaterThan, pageToken) }
        query = query.orderBy("id")
        if limit != Int.max { query = query.limit(limit + 1) }
        let rows = try await query.all()
        var items: [E] = []
        items.reserveCapacity(min(rows.count, limit))
        for row in rows.prefix(limit) {
            items.append(try E(wireBytes: [UInt8](try row.decode(column: "body", as: Data.self))))
        }
        let next = rows.count > limit ? (items.last?.id ?? "") : ""
        return Page(items: items, nextPageToken: next)
    }

    // MARK: Audit (COM-R4), events, access log (PRIV-R8)

    /// COM-R4: records who did what to which entity, with the state before and after.
    package func audit(_ entry: AuditEntry) async throws {
        try await sql.write(
            WriteStatement.insert(
                into: "audit_log",
                [
                    "at", "actor_org", "actor_person", "role", "action", "entity_kind", "entity_id", "before_state",
                    "after_state", "reason", "request_id",
                ],
                [
                    SQLBind(entry.at),
                    SQLBind(entry.actorOrg),
                    SQLBind(entry.actorPerson),
                    SQLBind(entry.role),
                    SQLBind(entry.action),
                    SQLBind(entry.entityKind),
                    SQLBind(entry.entityId),
                    SQLBind(entry.beforeState),
                    SQLBind(entry.afterState),
                    SQLBind(entry.reason),
                    SQLBind(entry.requestId),
                ]
            ),
            table: "audit_log"
        )
    }

    /// The audit trail of one entity, oldest first.
    package func auditTrail(entityKind: String, entityId: String) async throws -> [AuditEntry] {
        let rows = try await sql.select().columns("*").from("audit_log")
            .where("entity_kind", .equal, entityKind).where("entity_id", .equal, entityId)
            .orderBy("seq").all()
        return try rows.map { try AuditEntry(row: $0) }
    }

    /// Appends a domain event to this context's outbox, with its audience (the organisation numbers whose
    /// feed shows it, `FeedEvent.audience(in:)`) in the same transaction (issue 13).
    package func appendEvent<P: FeedEvent>(type: String, aggregateId: String, at millis: Int64, payload: P) async throws
    {
        guard let registry else {
            throw DomainError(
                .unavailable,
                "an event is appended only in a transaction that knows the org registry (its feed audience)"
            )
        }
        let row = try await sql.raw(
            WriteStatement.insert(
                into: "events",
                ["context", "type", "aggregate_id", "occurred_at", "payload"],
                [
                    SQLBind(context),
                    SQLBind(type),
                    SQLBind(aggregateId),
                    SQLBind(millis),
                    SQLBind(Data(try payload.wireEncoded())),
                ],
                " RETURNING seq"
            )
        ).first()
        guard let sequence = try row?.decode(column: "seq", as: Int64.self) else {
            throw DomainError(.unavailable, "the outbox did not return the new event's sequence")
        }
        try await EventFeeds.insertAudience(
            sql,
            payload.audience(in: registry.current),
            context: context,
            sequence: sequence
        )
    }

    /// Events of this context after `sequence`, oldest first.
    package func events(after sequence: Int64, limit: Int) async throws -> [StoredEvent] {
        let rows = try await sql.select().columns("seq", "type", "aggregate_id", "occurred_at", "payload").from(
            "events"
        )
        .where("context", .equal, context).where("seq", .greaterThan, sequence)
        .orderBy("seq").limit(max(1, min(limit, 1000))).all()
        return try rows.map { row in
            StoredEvent(
                sequence: try row.decode(column: "seq", as: Int64.self),
                type: try row.decode(column: "type", as: String.self),
                aggregateId: try row.decode(column: "aggregate_id", as: String.self),
                occurredAt: try row.decode(column: "occurred_at", as: Int64.self),
                payload: [UInt8](try row.decode(column: "payload", as: Data.self))
            )
        }
    }

    /// PRIV-R8: records a read of child data (who, role, when, why).
    package func logAccess(
        at millis: Int64,
        actorOrg: String,
        actorPerson: String?,
        role: String,
        entityId: String,
        purpose: String
    ) async throws {
        try await sql.insert(into: "access_log")
            .columns("at", "actor_org", "actor_person", "role", "entity_id", "purpose")
            .values(
                SQLBind(millis),
                SQLBind(actorOrg),
                SQLBind(actorPerson),
                SQLBind(role),
                SQLBind(entityId),
                SQLBind(purpose)
            )
            .run()
    }
}

/// An event read back from the outbox.
package struct StoredEvent: Sendable, Hashable {
    package var sequence: Int64
    package var type: String
    package var aggregateId: String
    package var occurredAt: Int64
    package var payload: [UInt8]
}
