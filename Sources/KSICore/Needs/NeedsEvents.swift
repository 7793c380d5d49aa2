/// The domain events of NeedsService (DOMAIN.md §4.0), carried as `NeedsEvent` payloads in the outbox.
public enum NeedsEventType: String, Sendable, CaseIterable {
    case needsReportSubmitted = "NeedsReportSubmitted"
    case needsReportWithdrawn = "NeedsReportWithdrawn"
    case needsReportPrioritised = "NeedsReportPrioritised"
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
