extension StoreTransaction {
    /// Appends a producer's event to this context's outbox: the row's `type` and the payload's `type` are
    /// both the event type's wire name (`DomainEventType.name`), so they cannot disagree.
    public func appendEvent<P: TypedOutboxEvent>(
        type: P.EventType,
        aggregateId: String,
        at millis: Int64,
        payload: P
    ) async throws {
        var payload = payload
        payload.type = type.name
        try await appendEvent(type: type.name, aggregateId: aggregateId, at: millis, payload: payload)
    }

}
