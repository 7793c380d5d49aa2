import KSICore

/// Bokmål labels the figure pages need (V2, V7, V8, V9): health bands, size bands, Statped divisions and dates.
/// Names of reference records come from the reference data, never from codes or record ids.
extension NorwegianLabels {
    /// V7 health band as a reader names it (§5: green ≥ 75, amber 50–74, red < 50).
    static func label(_ band: HealthBand) -> String {
        switch band {
        case .green: "Grønn"
        case .amber: "Gul"
        case .red: "Rød"
        default: "Ukjent"
        }
    }

    /// V7 health band with its score range, for the band counts.
    static func labelWithRange(_ band: HealthBand) -> String {
        switch band {
        case .green: "Grønn (75–100 poeng)"
        case .amber: "Gul (50–74 poeng)"
        case .red: "Rød (under 50 poeng)"
        default: "Ukjent"
        }
    }

    /// A size band's name in the reference data (§3.2), e.g. «Store kommuner»; "ukjent" when the code is not in the set.
    static func sizeBandName(_ code: String, set: String, reference: ReferenceData) -> String {
        reference.set.sizeBands.first { $0.code == code && $0.sizeBandSet == set }?.name ?? "ukjent"
    }

    /// A Statped division's name in the reference data (§3.5), never its id.
    static func divisionName(_ id: String, reference: ReferenceData) -> String {
        reference.set.statpedDivisions.last { $0.id == id || $0.code == id }?.name ?? "Ukjent avdeling"
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

    /// A date as «5.12.2026».
    static func date(_ date: LocalDate) -> String { "\(date.day).\(date.month).\(date.year)" }
}
