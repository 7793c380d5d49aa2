/// The event types of one producer's outbox (DOMAIN.md §4.0): one enum per producer (`NeedsEventType`,
/// `PartnershipEventType`, `AllocationEventType`, `ReferralEventType`), each case named as its event in lower
/// camel case, with no raw values spelled out.
///
/// The wire name, stored in `events.type` and carried in each payload's `type` on the feeds and relays, is
/// derived here and nowhere else: the case name with its first letter upper-cased (`grantCommitted` →
/// `"GrantCommitted"`). Integrators read these names and stored rows keep them, so they never change:
/// `EventTypeNameTests` pins every one.
public protocol DomainEventType: RawRepresentable<String>, CaseIterable, Hashable, Sendable {}

extension DomainEventType {
    /// The event's wire name ("GrantCommitted").
    public var name: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// The event type of a wire name, nil for a name this producer does not emit.
    public init?(name: String) {
        guard let first = name.first, first.isUppercase else { return nil }
        self.init(rawValue: first.lowercased() + name.dropFirst())
    }
}

/// An outbox payload whose `type` is one of its producer's `DomainEventType`s.
public protocol TypedOutboxEvent: FeedEvent {
    /// The producer's enum of event types.
    associatedtype EventType: DomainEventType
    /// The wire name of the event's type (set from `EventType.name`, never by hand).
    var type: String { get set }
}

extension TypedOutboxEvent {
    /// The event's type, nil for a type this build does not know (a newer producer's): consumers skip those.
    public var eventType: EventType? { EventType(name: type) }
}
