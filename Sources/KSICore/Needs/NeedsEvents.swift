/// The domain events of NeedsService (DOMAIN.md §4.0), carried as `NeedsEvent` payloads in the outbox; the wire
/// name is `DomainEventType.name` ("NeedsReportSubmitted").
public enum NeedsEventType: String, DomainEventType {
    /// A needs report was submitted (or resubmitted).
    case needsReportSubmitted
    /// A needs report was withdrawn.
    case needsReportWithdrawn
    /// The forum prioritised a report, or decided not to.
    case needsReportPrioritised
    // Issue 13: a round's life, for reminders and feeds (payload: round, embete, scheme, year, deadline).
    /// A needs round opened.
    case needsRoundOpened
    /// A needs round's submission deadline is near.
    case needsRoundClosingSoon
    /// A needs round closed.
    case needsRoundClosed

    /// The round events (no report): their audience is every owner of the embete (`NeedsEvent.audience`).
    public var isRoundEvent: Bool { [.needsRoundOpened, .needsRoundClosingSoon, .needsRoundClosed].contains(self) }
}

extension NeedsEvent: TypedOutboxEvent {
    /// The producer's event types.
    public typealias EventType = NeedsEventType
}

extension NeedsEvent {
    /// The event payload for a report after a transition; public-sector data only (no personal data).
    public init(_ type: NeedsEventType, report: NeedsReport, at millis: Int64, prioritised: Bool = false) {
        self.init()
        self.type = type.name
        aggregateId = report.id
        occurredAt = millis
        needsReportId = report.id
        roundId = report.roundId
        governorOfficeId = report.governorOfficeId
        scheme = report.scheme
        year = report.year
        leadOwnerId = report.leadOwnerId
        coApplicantOwnerIds = report.coApplicantOwnerIds
        networkId = report.networkId
        status = report.status
        requestedAmountOre = report.requestedAmountOre
        requestedYears = report.requestedYears
        themes = report.themes
        sectors = report.sectors
        participatingUnitIds = report.participatingUnitIds
        uhPartnerIds = report.uhPartnerIds
        decisionBasisId = report.decisionBasisId
        priorityRank = report.priorityRank
        self.prioritised = prioritised
    }
}

extension NeedsEvent {
    /// The event payload for a round: who runs it and its submission deadline (NEED-R6).
    public init(_ type: NeedsEventType, round: NeedsRound, at millis: Int64) {
        self.init()
        self.type = type.name
        aggregateId = round.id
        occurredAt = millis
        roundId = round.id
        governorOfficeId = round.governorOfficeId
        scheme = round.scheme
        year = round.year
        deadline = round.submissionDeadline
    }
}
