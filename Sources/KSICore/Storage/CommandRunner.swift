/// Runs a bounded context's commands: one transaction each, idempotent by request id, audited.
///
/// A command either stores everything it did (entity changes, audit records, events, the remembered
/// response) or nothing: any thrown error rolls the whole transaction back.
package struct CommandRunner: Sendable {
    package let database: KSIDatabase
    package let context: String
    package let time: any TimeSource
    /// The org registry the audience of an appended event is read from (issue 13 feeds); without one, a
    /// command that appends an event fails (`StoreTransaction.appendEvent`). The contexts always pass theirs.
    package let registry: ReferenceRegistry?

    package init(database: KSIDatabase, context: String, time: any TimeSource, registry: ReferenceRegistry? = nil) {
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

    /// Runs a client's command once per (caller, request id) (IDEM-R1, issue 14): a retry with the same id
    /// and the same request returns the first response and writes nothing; the same id with a different
    /// request (`RequestFingerprint`) is refused with `alreadyExists` naming the first request, and
    /// nothing changes. An empty request id is not deduplicated (LIM-R4 requires one on every write).
    package func run<Request: WireMessage, Response: WireMessage>(
        _ method: String,
        request: Request,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        let fingerprint = try RequestFingerprint(request)
        return try await execute(
            method,
            requestId: fingerprint.requestId,
            payloadDigest: Self.payloadDigest(fingerprint, caller),
            caller: caller,
            body
        )
    }

    /// Runs a command whose request names the acting person: AUTH-R2 first (the field must be empty or
    /// the caller's person; nothing is read or stored otherwise), then as `run(_:request:caller:_:)`.
    package func run<Request: ActingPersonRequest & WireMessage, Response: WireMessage>(
        _ method: String,
        request: Request,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        try caller.checkActingPerson(request.actingPersonId)
        let fingerprint = try RequestFingerprint(request)
        return try await execute(
            method,
            requestId: fingerprint.requestId,
            payloadDigest: Self.payloadDigest(fingerprint, caller),
            caller: caller,
            body
        )
    }

    /// Runs a step the system names itself, without a request message: a scheduled step whose request id
    /// names the entity and deadline (`scheduler:<step>:<id>:<date>`), the relay's reclaim proposals (the id
    /// names the event), or no id at all (a query, a sweep). The id stands for the whole payload, so a
    /// retry always replays. Every command with a request message goes through `run(_:request:caller:_:)`.
    package func run<Response: WireMessage>(
        _ method: String,
        systemRequestId requestId: String,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        try await execute(method, requestId: requestId, payloadDigest: nil, caller: caller, body)
    }

    /// The digest a record keeps: none for the scheduler, whose request ids name the entity and deadline
    /// (`scheduler:<step>:<id>:<date>`) while its requests carry the entity's current version, which a
    /// later pass may see moved; its retries replay as before IDEM-R1.
    static func payloadDigest(_ fingerprint: RequestFingerprint, _ caller: Caller) -> String? {
        caller.orgNumber == ScheduledSweep.caller.orgNumber ? nil : fingerprint.digest
    }

    private func execute<Response: WireMessage>(
        _ method: String,
        requestId: String,
        payloadDigest: String?,
        caller: Caller,
        _ body: @escaping @Sendable (CommandScope) async throws -> Response
    ) async throws -> Response {
        let now = time.nowMillis()
        let context = self.context
        let registry = self.registry
        let callerScope = Self.idempotencyScope(caller)
        // Write transactions are serialised per database (KSIDatabase.transaction; group-committed ones run
        // one after another in their shared transaction), so of two concurrent requests with one id the
        // second finds the first's record here: one effect, whatever the payloads.
        return try await database.transaction { sql in
            let store = StoreTransaction(sql: sql, context: context, registry: registry)
            if !requestId.isEmpty,
                let prior = try await store.idempotencyRecord(callerOrg: callerScope, requestId: requestId)
            {
                try IdempotencyConflict.check(prior, method: method, requestId: requestId, payloadDigest: payloadDigest)
                return try Response(wireBytes: prior.response)
            }
            let effects = CommandEffects()
            let scope = CommandScope(
                store: store,
                caller: caller,
                nowMillis: now,
                requestId: requestId,
                action: method,
                effects: effects
            )
            let response = try await body(scope)
            if !requestId.isEmpty {
                let first = effects.first
                try await store.remember(
                    IdempotencyRecord(
                        method: method,
                        response: try response.wireEncoded(),
                        payloadDigest: payloadDigest,
                        createdAt: now,
                        entityKind: first?.kind,
                        entityId: first?.id
                    ),
                    callerOrg: callerScope,
                    requestId: requestId
                )
            }
            return response
        }
    }

    /// Runs read-only queries.
    package func read<R: Sendable>(_ body: @escaping @Sendable (StoreTransaction) async throws -> R) async throws -> R {
        let context = self.context
        return try await database.read { sql in try await body(StoreTransaction(sql: sql, context: context)) }
    }

    /// Reads one entity by id — one statement, so without a snapshot transaction (`KSIDatabase.readStatement`,
    /// issue 17 item 2); `DomainError.notFound` when there is none, `invalidArgument` on `field` for an empty id.
    package func readEntity<E: StoredEntity>(
        _ type: E.Type,
        id: String,
        what: String,
        field: String = "id"
    ) async throws -> E {
        let context = self.context
        return try await database.readStatement { sql in
            try await StoreTransaction(sql: sql, context: context).require(E.self, id: id, what: what, field: field)
        }
    }
}

/// What a running command sees: the transaction, the caller, the time, and audit helpers.
package struct CommandScope: Sendable {
    package let store: StoreTransaction
    package let caller: Caller
    package let nowMillis: Int64
    package let requestId: String
    package let action: String
    /// What the command audited so far (the idempotency record names the first entity).
    let effects: CommandEffects

    package init(
        store: StoreTransaction,
        caller: Caller,
        nowMillis: Int64,
        requestId: String,
        action: String
    ) {
        self.init(
            store: store,
            caller: caller,
            nowMillis: nowMillis,
            requestId: requestId,
            action: action,
            effects: CommandEffects()
        )
    }

    init(
        store: StoreTransaction,
        caller: Caller,
        nowMillis: Int64,
        requestId: String,
        action: String,
        effects: CommandEffects
    ) {
        self.store = store
        self.caller = caller
        self.nowMillis = nowMillis
        self.requestId = requestId
        self.action = action
        self.effects = effects
    }

    /// Today in Europe/Oslo at the command's time.
    package var today: LocalDate { OsloCalendar.localDate(atMillis: nowMillis) }

    /// COM-R4: records the transition of one entity.
    package func audit(
        kind: String,
        id: String,
        role: Role,
        before: String?,
        after: String?,
        reason: String? = nil
    ) async throws {
        effects.audited(kind: kind, id: id)
        try await store.audit(
            AuditEntry(
                at: nowMillis,
                actorOrg: caller.orgNumber,
                actorPerson: caller.person,
                role: role.name,
                action: action,
                entityKind: kind,
                entityId: id,
                beforeState: before,
                afterState: after,
                reason: reason,
                requestId: requestId.isEmpty ? nil : requestId
            )
        )
    }

    /// Inserts a new entity and audits its creation.
    package func create<E: StoredEntity>(_ entity: E, role: Role, state: String?) async throws -> E {
        let stored = try await store.insert(entity, at: nowMillis)
        try await audit(kind: E.entityKind, id: stored.id, role: role, before: nil, after: state)
        return stored
    }

    /// Stores a changed entity and audits the transition from `before` to its new state.
    package func save<E: StoredEntity>(
        _ entity: E,
        role: Role,
        before: String?,
        after: String?,
        reason: String? = nil
    ) async throws -> E {
        let stored = try await store.update(entity, at: nowMillis)
        try await audit(kind: E.entityKind, id: stored.id, role: role, before: before, after: after, reason: reason)
        return stored
    }

    /// Loads an entity for a change, checking the caller's expected version (`ExpectedVersion`: 0 is refused
    /// unless the command is an event-applying one whose contract makes 0 unconditional).
    package func load<E: StoredEntity>(
        _ type: E.Type,
        id: String,
        expectedVersion: Int64,
        what: String,
        field: String = "id",
        versions: ExpectedVersion = .required
    ) async throws -> E {
        let entity = try await store.require(E.self, id: id, what: what, field: field)
        try versions.check(expectedVersion, stored: entity.version, what: what, id: id)
        return entity
    }
}
