/// The outbox events of ReferralService (DOMAIN.md §4.0): pseudonymous milestones only (REF-R16, PRIV-R1),
/// carried as `ReferralMilestoneReached`; the wire name is `DomainEventType.name` ("ReferralMilestoneReached").
public enum ReferralEventType: String, DomainEventType {
    /// A referral reached a milestone; carries no child identifiers (REF-R16).
    case referralMilestoneReached
}

extension ReferralMilestoneReached: TypedOutboxEvent {
    /// The producer's event types.
    public typealias EventType = ReferralEventType
}
