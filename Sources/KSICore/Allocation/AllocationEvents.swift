/// The outbox events of AllocationService (DOMAIN.md §4.0), all carried as `AllocationEvent`; the wire name is
/// `DomainEventType.name` ("GrantCommitted").
public enum AllocationEventType: String, DomainEventType {
    /// A regional frame was published (PublishRegionalFrame).
    case regionalFramePublished
    /// A line citing needs reports was added to a recommendation; NeedsService moves the reports to inRecommendation.
    case recommendationLineCreated
    /// The forum adopted a recommendation (AdoptRecommendation).
    case recommendationAdopted
    /// Every line of a recommendation is decided (DecideRecommendation).
    case roundDecided
    /// One line's decision was signed (SignGrantDecision); carries the decision summary.
    case grantDecided
    /// An appeal was decided; carries the revised decisions, if any.
    case appealDecided
    /// The commitment letter was issued (IssueCommitmentLetter); PartnershipService creates the planned measures (PART-R7).
    case grantCommitted
    /// A payment was made on a grant (Disburse).
    case disbursementMade
    /// A grant's report deadline was reached: disbursed → reportDue.
    case grantReportDue
    /// A grant's report deadline is near (within the reminder days).
    case grantReportReminder
    /// A grant's report deadline passed without a report (ALLOC-R15).
    case grantReportLate
    /// The system opened a reclaim case from a partnership event (termination with funds left, or an unannounced abort).
    case reclaimProposed
    /// A reclaim amount was decided (DecideReclaim).
    case reclaimDecided
}

extension AllocationEvent: TypedOutboxEvent {
    /// The producer's event types.
    public typealias EventType = AllocationEventType
}
