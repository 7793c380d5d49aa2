import SQLKit

/// The listing queries every context offers over the shared tables: audit records (COM-R4) and the
/// child-data access log (PRIV-R8). Pages follow LIM-R7 (`PageRequest`); the token's key is the last
/// sequence number returned.
extension StoreTransaction {
    /// `ListAuditRecords` for this database.
    package func auditRecords(_ request: ListAuditRecordsRequest) async throws -> ListAuditRecordsResponse {
        let page = try PageRequest(request)
        let limit = page.size
        var query = sql.select().columns("*").from("audit_log")
        if !request.aggregateType.isEmpty { query = query.where("entity_kind", .equal, request.aggregateType) }
        if !request.aggregateId.isEmpty { query = query.where("entity_id", .equal, request.aggregateId) }
        if !request.actorOrgNumber.isEmpty { query = query.where("actor_org", .equal, request.actorOrgNumber) }
        if request.fromAt > 0 { query = query.where("at", .greaterThanOrEqual, request.fromAt) }
        if request.toAt > 0 { query = query.where("at", .lessThan, request.toAt) }
        if let after = try Self.sequence(after: page) { query = query.where("seq", .greaterThan, after) }
        let rows = try await query.orderBy("seq").limit(limit + 1).all()
        var response = ListAuditRecordsResponse()
        for row in rows.prefix(limit) {
            let entry = try AuditEntry(row: row)
            let sequence = try row.decode(column: "seq", as: Int64.self)
            response.items.append(
                AuditRecord.with {
                    $0.id = String(sequence)
                    $0.sequence = sequence
                    $0.actorOrgNumber = entry.actorOrg
                    $0.actorPersonId = entry.actorPerson ?? ""
                    $0.actorRole = Role(name: entry.role) ?? .unspecified
                    $0.recordedAt = entry.at
                    $0.action = entry.action
                    $0.aggregateType = entry.entityKind
                    $0.aggregateId = entry.entityId
                    $0.beforeState = entry.beforeState ?? ""
                    $0.afterState = entry.afterState ?? ""
                    $0.reason = entry.reason ?? ""
                    $0.requestId = entry.requestId ?? ""
                }
            )
        }
        if rows.count > limit, let last = response.items.last {
            response.nextPageToken = page.token(after: String(last.sequence))
        }
        return response
    }

    /// `ListChildDataAccess`: reads of child data, oldest first (PRIV-R8).
    package func childDataAccess(_ request: ListChildDataAccessRequest) async throws -> ListChildDataAccessResponse {
        let page = try PageRequest(request)
        let limit = page.size
        var query = sql.select().columns("*").from("access_log")
        if !request.referralId.isEmpty { query = query.where("entity_id", .equal, request.referralId) }
        if !request.actorOrgNumber.isEmpty { query = query.where("actor_org", .equal, request.actorOrgNumber) }
        if request.fromAt > 0 { query = query.where("at", .greaterThanOrEqual, request.fromAt) }
        if request.toAt > 0 { query = query.where("at", .lessThan, request.toAt) }
        if let after = try Self.sequence(after: page) { query = query.where("seq", .greaterThan, after) }
        let rows = try await query.orderBy("seq").limit(limit + 1).all()
        var response = ListChildDataAccessResponse()
        for row in rows.prefix(limit) {
            let sequence = try row.decode(column: "seq", as: Int64.self)
            response.items.append(
                ChildDataAccessRecord.with {
                    $0.id = String(sequence)
                    $0.referralId = (try? row.decode(column: "entity_id", as: String.self)) ?? ""
                    $0.actorOrgNumber = (try? row.decode(column: "actor_org", as: String.self)) ?? ""
                    $0.actorPersonId = (try? row.decode(column: "actor_person", as: String?.self)) ?? ""
                    $0.actorRole = Role(name: (try? row.decode(column: "role", as: String.self)) ?? "") ?? .unspecified
                    $0.accessedAt = (try? row.decode(column: "at", as: Int64.self)) ?? 0
                    $0.purpose = (try? row.decode(column: "purpose", as: String.self)) ?? ""
                }
            )
        }
        if rows.count > limit, let last = response.items.last { response.nextPageToken = page.token(after: last.id) }
        return response
    }

    /// The sequence number a log page resumes after (nil on the first page).
    static func sequence(after page: PageRequest) throws -> Int64? {
        guard let key = page.after else { return nil }
        guard let sequence = Int64(key) else {
            throw PageRequest.garbledToken
        }
        return sequence
    }
}
