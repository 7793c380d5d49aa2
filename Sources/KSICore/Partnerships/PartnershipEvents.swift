/// The outbox events of the Partnerships context (DOMAIN.md §4.0), all carried as `PartnershipEvent`.
public enum PartnershipEventType {
    public static let partnershipActivated = "PartnershipActivated"
    public static let measureStatusChanged = "MeasureStatusChanged"
    public static let measureAborted = "MeasureAborted"
    public static let partnershipReportSubmitted = "PartnershipReportSubmitted"
    public static let partnershipReportAccepted = "PartnershipReportAccepted"
    public static let partnershipTerminated = "PartnershipTerminated"
    public static let thirdPartyContributionRequested = "ThirdPartyContributionRequested"
    /// Issue 13: the agreement ran out and the final report is accepted (the scheduler drives ExpirePartnership).
    public static let partnershipExpired = "PartnershipExpired"

    public static let all = [
        partnershipActivated, measureStatusChanged, measureAborted, partnershipReportSubmitted,
        partnershipReportAccepted, partnershipTerminated, thirdPartyContributionRequested, partnershipExpired,
    ]
}

extension PartnershipEvent {
    /// An event about a partnership, with the partnership's identity and parties filled in.
    init(_ type: String, partnership: Partnership, aggregateId: String, at millis: Int64) {
        self.init()
        self.type = type
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
    init(_ type: String, measure: Measure, previous: MeasureStatus, partnership: Partnership, at millis: Int64) {
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
        try await store.appendEvent(type: event.type, aggregateId: event.aggregateId, at: nowMillis, payload: event)
    }
}
