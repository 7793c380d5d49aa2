import KSICore

/// Bokmål labels the figure pages need (V2, V7, V13): health bands with their score range, owners, aggregate statuses.
/// Names of reference records come from the reference data, never from codes or record ids.
extension NorwegianLabels {
    /// V7 health band with its score range, for the band counts.
    static func labelWithRange(_ band: HealthBand) -> String {
        switch band {
        case .green: "Grønn (75–100 poeng)"
        case .amber: "Gul (50–74 poeng)"
        case .red: "Rød (under 50 poeng)"
        default: "Ukjent"
        }
    }

    /// The name of an owner, or of the kommune for a municipality owner.
    static func ownerName(_ id: String, reference: ReferenceData) -> String {
        reference.owner(id)?.name ?? "ukjent søker"
    }

    /// A referral status as the aggregates (V2, V13) can tell it from the milestone stream: no milestone marks the start
    /// of triage, so «submitted» covers the referrals in triage too.
    static func aggregateLabel(_ status: ReferralStatus) -> String {
        status == .submitted ? "Sendt inn eller til vurdering" : label(status)
    }
}
