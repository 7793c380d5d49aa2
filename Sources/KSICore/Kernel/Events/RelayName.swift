/// The names of the cursors in `relay_cursors`, each declared once: the event relays between services
/// (docs/services.md; also the key of each relay's dead letters) and the notifier's read of its own outbox.
/// The raw values are stored in the services' databases and shown to operators (`ksi dead-letters`), so they
/// never change: `RelayNameTests` pins them.
public enum RelayName: String, CaseIterable, Sendable, Hashable, Comparable {
    /// AllocationService's events applied by NeedsService (NEED-R12).
    case allocationToNeeds = "allocation-to-needs"
    /// AllocationService's events applied by PartnershipService (PART-R7).
    case allocationToPartnerships = "allocation-to-partnerships"
    /// PartnershipService's events applied by AllocationService (ALLOC-R15, ALLOC-R16).
    case partnershipsToAllocation = "partnerships-to-allocation"
    /// A service's own outbox read by its `Notifier` (issue 13).
    case notifications = "notifications"

    /// The relays that carry one service's events to another (the notifier's cursor is not one).
    public static let eventRelays: [RelayName] = [
        .allocationToNeeds, .allocationToPartnerships, .partnershipsToAllocation,
    ]

    /// Orders relays by name.
    public static func < (lhs: RelayName, rhs: RelayName) -> Bool { lhs.rawValue < rhs.rawValue }
}
