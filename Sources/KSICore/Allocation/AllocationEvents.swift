/// The outbox events of AllocationService (DOMAIN.md §4.0), all carried as `AllocationEvent`; the wire name is
/// `DomainEventType.name` ("GrantCommitted").
public enum AllocationEventType: String, DomainEventType {
    case regionalFramePublished
    case recommendationLineCreated
    case recommendationAdopted
    case roundDecided
    case grantDecided
    case appealDecided
    case grantCommitted
    case disbursementMade
    case grantReportDue
    case grantReportReminder
    case grantReportLate
    case reclaimProposed
    case reclaimDecided
}

extension AllocationEvent: TypedOutboxEvent {
    public typealias EventType = AllocationEventType
}
