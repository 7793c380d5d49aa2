/// The outbox events of the Partnerships context (DOMAIN.md §4.0), all carried as `PartnershipEvent`; the wire
/// name is `DomainEventType.name` ("PartnershipActivated").
public enum PartnershipEventType: String, DomainEventType {
    /// Both parties signed: the partnership is active.
    case partnershipActivated
    /// A measure moved to another status.
    case measureStatusChanged
    /// A measure was aborted, announced in time or not (the reclaim trigger, PART-R6).
    case measureAborted
    /// An annual partnership report was submitted; AllocationService marks the grant reported (PART-R13).
    case partnershipReportSubmitted
    /// An annual partnership report was accepted; a precondition for closing the grant.
    case partnershipReportAccepted
    /// A termination was confirmed.
    case partnershipTerminated
    /// UH or the owner requested a third-party contribution (e.g. from Statped).
    case thirdPartyContributionRequested
    /// Issue 13: the agreement ran out and the final report is accepted (the scheduler drives ExpirePartnership).
    case partnershipExpired
}

extension PartnershipEvent: TypedOutboxEvent {
    /// The producer's event types.
    public typealias EventType = PartnershipEventType
}

extension PartnershipEvent {
    /// An event about a partnership, with the partnership's identity and parties filled in.
    init(_ type: PartnershipEventType, partnership: Partnership, aggregateId: String, at millis: Int64) {
        self.init()
        self.type = type.name
        self.aggregateId = aggregateId
        self.occurredAt = millis
        self.partnershipId = partnership.id
        self.governorOfficeId = partnership.governorOfficeId
        self.scheme = partnership.scheme
        self.ownerIds = partnership.ownerIds
        self.uhInstitutionIds = partnership.uhInstitutionIds
        self.grantIds = partnership.grantIds
        self.partnershipStatus = partnership.status
    }

    /// A measure event (MeasureStatusChanged, MeasureAborted).
    init(
        _ type: PartnershipEventType,
        measure: Measure,
        previous: MeasureStatus,
        partnership: Partnership,
        at millis: Int64
    ) {
        self.init(type, partnership: partnership, aggregateId: measure.id, at: millis)
        self.measureId = measure.id
        self.grantLineId = measure.grantLineId
        self.measureStatus = measure.status
        self.previousMeasureStatus = previous
    }
}

extension CommandScope {
    /// Appends a Partnerships event to the outbox, in the command's transaction.
    func emitPartnershipEvent(_ event: PartnershipEvent) async throws {
        // Every `PartnershipEvent` initialiser takes its `PartnershipEventType`, so the type is always known.
        guard let type = event.eventType else {
            throw DomainError(.unavailable, "a partnership event without a known type: \(event.type)")
        }
        try await store.appendEvent(type: type, aggregateId: event.aggregateId, at: nowMillis, payload: event)
    }
}
