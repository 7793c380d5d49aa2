/// Runs a bounded context's commands: one transaction each, idempotent by request id, audited.
///
/// A command either stores everything it did (entity changes, audit records, events, the remembered
/// response) or nothing: any thrown error rolls the whole transaction back.
public struct CommandRunner: Sendable {
    public let database: KSIDatabase
    public let context: String
    public let time: any TimeSource
    /// The org registry the audience of an appended event is read from (issue 13 feeds); without one, a
    /// command that appends an event fails (`StoreTransaction.appendEvent`). The contexts always pass theirs.
    public let registry: ReferenceRegistry?

    public init(database: KSIDatabase, context: String, time: any TimeSource, registry: ReferenceRegistry? = nil) {
        self.database = database
        self.context = context
        self.time = time
        self.registry = registry
    }

    /// Whose request ids are deduplicated together: the organisation and, when a person acts, that
    /// person. A retry replays a stored response only to the caller that received it, so another
    /// person of the organisation, or the organisation without a person, never gets a response it may
    /// not read by reusing a request id (PRIV-R3, R4; issue 12). Stored in the `caller_org` column.
    static func idempotencyScope(_ caller: Caller) -> String {
        caller.personId.isEmpty ? caller.orgNumber : "\(caller.orgNumber)/person:\(caller.personId)"
    }

    /// Runs `body` once per (caller, request id): a retry with the same id returns the first
    /// response and writes nothing. An empty request id is not deduplicated.
    public func run<Response: WireMessage>(
        _ method: String,
        requestId: String,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        let now = time.nowMillis()
        let context = self.context
        let registry = self.registry
        return try await database.transaction { sql in
            let store = StoreTransaction(sql: sql, context: context, registry: registry)
            if !requestId.isEmpty,
                let prior = try await store.idempotentResponse(callerOrg: Self.idempotencyScope(caller), requestId: requestId)
            {
                guard prior.method == method else {
                    throw DomainError.invalidArgument(
                        field: "request_id", "this request id was already used for \(prior.method); use a new one")
                }
                return try Response(wireBytes: prior.response)
            }
            let scope = CommandScope(store: store, caller: caller, nowMillis: now, requestId: requestId, action: method)
            let response = try await body(scope)
            if !requestId.isEmpty {
                try await store.rememberResponse(
                    callerOrg: Self.idempotencyScope(caller), requestId: requestId, method: method,
                    response: try response.wireEncoded(), at: now)
            }
            return response
        }
    }

    /// Runs a command whose request names the acting person: AUTH-R2 first (the field must be empty or
    /// the caller's person; nothing is read or stored otherwise), then `run(_:requestId:caller:_:)`.
    public func run<Request: ActingPersonRequest, Response: WireMessage>(
        _ method: String,
        request: Request,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        try caller.checkActingPerson(request.actingPersonId)
        return try await run(method, requestId: request.requestId, caller: caller, body)
    }

    /// Runs read-only queries.
    public func read<R: Sendable>(_ body: @escaping @Sendable (StoreTransaction) async throws -> R) async throws -> R {
        let context = self.context
        return try await database.read { sql in try await body(StoreTransaction(sql: sql, context: context)) }
    }
}

/// What a running command sees: the transaction, the caller, the time, and audit helpers.
public struct CommandScope: Sendable {
    public let store: StoreTransaction
    public let caller: Caller
    public let nowMillis: Int64
    public let requestId: String
    public let action: String

    /// Today in Europe/Oslo at the command's time.
    public var today: LocalDate { OsloCalendar.localDate(atMillis: nowMillis) }

    /// COM-R4: records the transition of one entity.
    public func audit(
        kind: String, id: String, role: Role, before: String?, after: String?, reason: String? = nil
    ) async throws {
        try await store.audit(
            AuditEntry(
                at: nowMillis, actorOrg: caller.orgNumber, actorPerson: caller.person, role: role.name,
                action: action, entityKind: kind, entityId: id, beforeState: before, afterState: after,
                reason: reason, requestId: requestId.isEmpty ? nil : requestId))
    }

    /// Inserts a new entity and audits its creation.
    public func create<E: StoredEntity>(_ entity: E, role: Role, state: String?) async throws -> E {
        let stored = try await store.insert(entity, at: nowMillis)
        try await audit(kind: E.entityKind, id: stored.id, role: role, before: nil, after: state)
        return stored
    }

    /// Stores a changed entity and audits the transition from `before` to its new state.
    public func save<E: StoredEntity>(_ entity: E, role: Role, before: String?, after: String?, reason: String? = nil) async throws -> E {
        let stored = try await store.update(entity, at: nowMillis)
        try await audit(kind: E.entityKind, id: stored.id, role: role, before: before, after: after, reason: reason)
        return stored
    }

    /// Loads an entity for a change, checking the caller's expected version (`ExpectedVersion`: 0 is refused
    /// unless the command is an event-applying one whose contract makes 0 unconditional).
    public func load<E: StoredEntity>(
        _ type: E.Type, id: String, expectedVersion: Int64, what: String, field: String = "id", versions: ExpectedVersion = .required
    ) async throws -> E {
        let entity = try await store.require(E.self, id: id, what: what, field: field)
        try versions.check(expectedVersion, stored: entity.version, what: what, id: id)
        return entity
    }
}
