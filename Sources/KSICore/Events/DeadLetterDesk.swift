/// The operator's view of one service's relay dead letters (issue 13; `DeadLetterSchema`): list them,
/// retry one (the event is applied again exactly as the relay applies it, with the same idempotent
/// request ids, so it takes effect once), or drop one with a reason. Retry and drop are audited (COM-R4).
/// Who may call: the access policy of each service's `…DeadLetter(s)` RPCs (operators: `udirAdmin` and
/// the system identities; docs/operations.md).
public struct DeadLetterDesk: Sendable {
    /// Applies a stored event payload the way the relay does.
    public typealias Apply = @Sendable (_ payload: [UInt8]) async throws -> Void

    static let entityKind = "RelayDeadLetter"
    let runner: CommandRunner
    /// This service's relays, by name.
    let appliers: [RelayName: Apply]

    package init(runner: CommandRunner, appliers: [RelayName: Apply]) {
        self.runner = runner
        self.appliers = appliers
    }

    /// The dead letters of this service's relays (or of `request.relay`), by relay and sequence (LIM-R7 pages).
    public func list(_ request: ListDeadLettersRequest) async throws -> ListDeadLettersResponse {
        let page = try PageRequest(request)
        let relays =
            request.relay.isEmpty ? appliers.keys.sorted().map(\.rawValue) : [try known(request.relay).rawValue]
        let after = try page.after.map(Self.key(from:))
        let letters = try await runner.read { store in
            try await store.deadLetters(relays: relays, after: after, limit: page.size + 1)
        }
        var response = ListDeadLettersResponse()
        response.items = letters.prefix(page.size).map(\.message)
        if letters.count > page.size, let last = response.items.last {
            response.nextPageToken = page.token(after: Self.key(last.relay, last.sequence))
        }
        return response
    }

    /// Applies a dead letter again: success removes it; a refusal records one more attempt with the new error.
    public func retry(_ request: RetryDeadLetterRequest, as caller: Caller) async throws -> RetryDeadLetterResponse {
        let apply = try appliers[known(request.relay)]!
        let id = Self.key(request.relay, request.sequence)
        guard
            let letter = try await runner.read({ store in
                try await store.deadLetter(relay: request.relay, sequence: request.sequence)
            })
        else { throw DomainError.notFound("dead letter", id) }
        let role = caller.auditRole([.udirAdmin, .system])
        do {
            try await apply(letter.payload)
        } catch let error as DomainError where error.code != .unavailable {
            return try await runner.run(DeadLetterCommand.retry.rawValue, systemRequestId: "", caller: caller) {
                scope in
                try await scope.store.recordDeadLetter(
                    relay: letter.relay,
                    sequence: letter.sequence,
                    eventType: letter.eventType,
                    payload: letter.payload,
                    error: error,
                    at: scope.nowMillis
                )
                try await scope.audit(
                    kind: Self.entityKind,
                    id: id,
                    role: role,
                    before: DeadLetterState.dead.rawValue,
                    after: DeadLetterState.dead.rawValue,
                    reason: "retry refused: \(error)"
                )
                let updated = try await scope.store.deadLetter(relay: letter.relay, sequence: letter.sequence)
                return RetryDeadLetterResponse.with {
                    $0.applied = false
                    $0.deadLetter = (updated ?? letter).message
                }
            }
        }
        return try await runner.run(DeadLetterCommand.retry.rawValue, request: request, caller: caller) { scope in
            try await scope.store.removeDeadLetter(relay: letter.relay, sequence: letter.sequence)
            try await scope.audit(
                kind: Self.entityKind,
                id: id,
                role: role,
                before: DeadLetterState.dead.rawValue,
                after: DeadLetterState.applied.rawValue,
                reason: "retried"
            )
            return RetryDeadLetterResponse.with {
                $0.applied = true
                $0.deadLetter = letter.message
            }
        }
    }

    /// Removes a dead letter for good; the reason is audited (COM-R4).
    public func drop(_ request: DropDeadLetterRequest, as caller: Caller) async throws -> DropDeadLetterResponse {
        _ = try known(request.relay)
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw DomainError.invalidArgument(field: "reason", "dropping a dead letter states why (COM-R4)")
        }
        let id = Self.key(request.relay, request.sequence)
        let role = caller.auditRole([.udirAdmin, .system])
        return try await runner.run(DeadLetterCommand.drop.rawValue, request: request, caller: caller) { scope in
            guard let letter = try await scope.store.deadLetter(relay: request.relay, sequence: request.sequence) else {
                throw DomainError.notFound("dead letter", id)
            }
            try await scope.store.removeDeadLetter(relay: letter.relay, sequence: letter.sequence)
            try await scope.audit(
                kind: Self.entityKind,
                id: id,
                role: role,
                before: DeadLetterState.dead.rawValue,
                after: DeadLetterState.dropped.rawValue,
                reason: reason
            )
            return DropDeadLetterResponse.with { $0.dropped = letter.message }
        }
    }

    private func known(_ relay: String) throws -> RelayName {
        guard let name = RelayName(rawValue: relay), appliers[name] != nil else {
            throw DomainError.invalidArgument(
                field: "relay",
                "this service's relays are \(appliers.keys.sorted().map(\.rawValue).joined(separator: ", "))"
            )
        }
        return name
    }

    /// "relay:sequence": the audit id of a dead letter and the key of a page token.
    static func key(_ relay: String, _ sequence: Int64) -> String { "\(relay):\(sequence)" }

    static func key(from token: String) throws -> (relay: String, sequence: Int64) {
        guard let colon = token.lastIndex(of: ":"), let sequence = Int64(token[token.index(after: colon)...]) else {
            throw PageRequest.garbledToken
        }
        return (String(token[..<colon]), sequence)
    }
}

/// A context that applies another service's events through a relay: its dead letters and the three
/// operator RPCs over them (`ListDeadLetters`, `RetryDeadLetter`, `DropDeadLetter`), the same in every consumer.
public protocol DeadLetterConsumer: Sendable {
    /// The desk over this context's dead letters, with one applier per relay that feeds it.
    var deadLetterDesk: DeadLetterDesk { get }
}

extension DeadLetterConsumer {
    /// `ListDeadLetters`: this context's dead letters, by relay and sequence (LIM-R7 paging).
    public func listDeadLetters(
        _ request: ListDeadLettersRequest,
        as caller: Caller
    ) async throws -> ListDeadLettersResponse {
        try await deadLetterDesk.list(request)
    }

    /// `RetryDeadLetter`: applies a dead letter again; success removes it (audited, COM-R4).
    public func retryDeadLetter(
        _ request: RetryDeadLetterRequest,
        as caller: Caller
    ) async throws -> RetryDeadLetterResponse {
        try await deadLetterDesk.retry(request, as: caller)
    }

    /// `DropDeadLetter`: removes a dead letter for good, with a reason (audited, COM-R4).
    public func dropDeadLetter(
        _ request: DropDeadLetterRequest,
        as caller: Caller
    ) async throws -> DropDeadLetterResponse {
        try await deadLetterDesk.drop(request, as: caller)
    }
}

extension NeedsContext: DeadLetterConsumer {
    /// NeedsService's relay: AllocationService's events.
    public var deadLetterDesk: DeadLetterDesk {
        DeadLetterDesk(
            runner: runner,
            appliers: [
                .allocationToNeeds: { payload in
                    try await EventApplication.apply(
                        try AllocationEvent(wireBytes: payload),
                        to: self,
                        as: EventApplication.relayCaller
                    )
                }
            ]
        )
    }
}

extension PartnershipContext: DeadLetterConsumer {
    /// PartnershipService's relay: AllocationService's events.
    public var deadLetterDesk: DeadLetterDesk {
        DeadLetterDesk(
            runner: runner,
            appliers: [
                .allocationToPartnerships: { payload in
                    try await EventApplication.apply(
                        try AllocationEvent(wireBytes: payload),
                        to: self,
                        as: EventApplication.relayCaller
                    )
                }
            ]
        )
    }
}

extension AllocationContext: DeadLetterConsumer {
    /// AllocationService's relay: PartnershipService's events.
    public var deadLetterDesk: DeadLetterDesk {
        DeadLetterDesk(
            runner: runner,
            appliers: [
                .partnershipsToAllocation: { payload in
                    try await EventApplication.apply(
                        try PartnershipEvent(wireBytes: payload),
                        to: self,
                        as: EventApplication.relayCaller
                    )
                }
            ]
        )
    }
}

/// A dead letter's states in the audit trail (issue 16): stored text, pinned by `AuditCommandNamesTests`.
enum DeadLetterState: String, CaseIterable, Sendable {
    /// Parked after its retries ran out.
    case dead
    /// Retried by an operator and applied.
    case applied
    /// Dropped by an operator, with a reason (COM-R4).
    case dropped
}

/// The operator commands on dead letters, as the three services' RPCs name them (`RetryDeadLetter`,
/// `DropDeadLetter`): the desk is shared, so it names them once here.
enum DeadLetterCommand: String, CaseIterable, Sendable {
    case retry = "RetryDeadLetter"
    case drop = "DropDeadLetter"
}
