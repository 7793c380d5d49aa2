import SQLKit

/// COM-R4: one audited transition — actor (organisation, person, role), action, entity, before and
/// after state, reason and time.
package struct AuditEntry: Sendable, Hashable {
    package var at: Int64
    package var actorOrg: String
    package var actorPerson: String?
    package var role: String
    package var action: String
    package var entityKind: String
    package var entityId: String
    package var beforeState: String?
    package var afterState: String?
    package var reason: String?
    package var requestId: String?

    package init(
        at: Int64,
        actorOrg: String,
        actorPerson: String?,
        role: String,
        action: String,
        entityKind: String,
        entityId: String,
        beforeState: String?,
        afterState: String?,
        reason: String? = nil,
        requestId: String? = nil
    ) {
        self.at = at
        self.actorOrg = actorOrg
        self.actorPerson = actorPerson
        self.role = role
        self.action = action
        self.entityKind = entityKind
        self.entityId = entityId
        self.beforeState = beforeState
        self.afterState = afterState
        self.reason = reason
        self.requestId = requestId
    }

    package init(row: any SQLRow) throws {
        self.init(
            at: try row.decode(column: "at", as: Int64.self),
            actorOrg: try row.decode(column: "actor_org", as: String.self),
            actorPerson: try row.decode(column: "actor_person", as: String?.self),
            role: try row.decode(column: "role", as: String.self),
            action: try row.decode(column: "action", as: String.self),
            entityKind: try row.decode(column: "entity_kind", as: String.self),
            entityId: try row.decode(column: "entity_id", as: String.self),
            beforeState: try row.decode(column: "before_state", as: String?.self),
            afterState: try row.decode(column: "after_state", as: String?.self),
            reason: try row.decode(column: "reason", as: String?.self),
            requestId: try row.decode(column: "request_id", as: String?.self)
        )
    }
}
