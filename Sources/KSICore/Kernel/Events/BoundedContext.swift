/// The four bounded contexts, each with its own database and outbox (docs/architecture.md). The raw value
/// is the context's name where it is stored or seen: `events.context` and `event_audience.context`, the
/// notification ids, the relays' and the CLI's service names, the databases `ksi seed` creates. It is
/// persisted, so it never changes (`BoundedContextNameTests` pins it); every other place derives it from here.
public enum BoundedContext: String, CaseIterable, Sendable {
    case needs
    case partnerships
    case allocation
    case referral
}
