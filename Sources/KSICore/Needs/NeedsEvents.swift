/// The domain events of NeedsService (DOMAIN.md §4.0), carried as `NeedsEvent` payloads in the outbox.
public enum NeedsEventType: String, Sendable, CaseIterable {
    case needsReportSubmitted = "NeedsReportSubmitted"
    case needsReportWithdrawn = "NeedsReportWithdrawn"
    case needsReportPrioritised = "NeedsReportPrioritised"
    // Issue 13: a round's life, for reminders and feeds (payload: round, embete, scheme, year, deadline).
    case needsRoundOpened = "NeedsRoundOpened"
    case needsRoundClosingSoon = "NeedsRoundClosingSoon"
    case needsRoundClosed = "NeedsRoundClosed"
}

extension NeedsEvent {
    /// The event payload for a report after a transition; public-sector data only (no personal data).
    public init(_ type: NeedsEventType, report: NeedsReport, at millis: Int64, prioritised: Bool = false) {
        self.init()
        self.type = type.rawValue
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
        self.type = type.rawValue
        aggregateId = round.id
        occurredAt = millis
        roundId = round.id
        governorOfficeId = round.governorOfficeId
        scheme = round.scheme
        year = round.year
        deadline = round.submissionDeadline
    }
}
