/// V7 partnership health: a score 0–100 = Σ wₖ·cₖ over seven components, each cₖ between 0 and 1
/// (computed in basis points), and a band: green ≥ 75, amber 50–74, red < 50.
///
/// A pure function of a partnership (with its conflict cases), its measures and its annual reports,
/// for the Gateway. PD choices where DOMAIN.md is silent are noted on each component.
public enum PartnershipHealth {
    /// The configurable weights (DOMAIN.md §5 defaults: 20, 15, 15, 20, 10, 10, 10).
    public struct Weights: Sendable, Hashable {
        /// c1, required roles filled (default 20).
        public var roles: Int32 = 20
        /// c2, meetings held against planned (default 15).
        public var meetings: Int32 = 15
        /// c3, reporting on time (default 15).
        public var reporting: Int32 = 15
        /// c4, practice-change evidence (default 20).
        public var practiceEvidence: Int32 = 20
        /// c5, PPT involvement in measures (default 10).
        public var pptInvolvement: Int32 = 10
        /// c6, stability of the roles (default 10).
        public var stability: Int32 = 10
        /// c7, no open conflict case (default 10).
        public var conflicts: Int32 = 10

        /// The §5 defaults.
        public init() {}
        /// The §5 defaults.
        public static let defaults = Weights()

        func weight(_ component: HealthComponent) -> Int32 {
            switch component {
            case .roles: roles
            case .meetings: meetings
            case .reporting: reporting
            case .practiceEvidence: practiceEvidence
            case .pptInvolvement: pptInvolvement
            case .stability: stability
            case .conflicts: conflicts
            default: 0
            }
        }
    }

    static let whole: Int64 = 10_000

    /// The band of a score.
    public static func band(of score: Int32) -> HealthBand {
        score >= 75 ? .green : score >= 50 ? .amber : .red
    }

    /// The health of one partnership on `today`. `reportDueOn` is the due date of the latest annual
    /// report that should exist (nil when none is due yet); `reports` are the partnership's reports.
    public static func evaluate(
        partnership: Partnership,
        measures: [Measure],
        reports: [PartnershipReport] = [],
        reportDueOn: LocalDate? = nil,
        today: LocalDate,
        weights: Weights = .defaults
    ) -> PartnershipHealthItem {
        let live = measures.filter { $0.status != .aborted && $0.partnershipId == partnership.id }
        let values: [(HealthComponent, Int64)] = [
            (.roles, roles(partnership, today: today)),
            (.meetings, meetings(partnership, today: today)),
            (.reporting, reporting(reports, dueOn: reportDueOn, today: today)),
            (.practiceEvidence, practiceEvidence(live)),
            (.pptInvolvement, pptInvolvement(live)),
            (.stability, stability(partnership, today: today)),
            (.conflicts, conflicts(partnership)),
        ]
        let totalWeight = values.reduce(Int64(0)) { $0 + Int64(max(0, weights.weight($1.0))) }
        let weighted = values.reduce(Int64(0)) { $0 + Int64(max(0, weights.weight($1.0))) * $1.1 }
        // score = Σ wₖ·cₖ ÷ Σ wₖ × 100, rounded half up; with the default weights Σ wₖ = 100.
        let score = totalWeight == 0 ? 0 : Int32((weighted * 100 + totalWeight * whole / 2) / (totalWeight * whole))
        return PartnershipHealthItem.with {
            $0.partnershipId = partnership.id
            $0.name = partnership.name
            $0.governorOfficeId = partnership.governorOfficeId
            $0.scheme = partnership.scheme
            $0.score = score
            $0.band = band(of: score)
            $0.components = values.map { component, value in
                HealthComponentScore.with {
                    $0.component = component
                    $0.valueBp = Int32(value)
                    $0.weight = weights.weight(component)
                }
            }
        }
    }

    /// c1: mean over the required roles of 1 (filled with a deputy), 0.5 (without), 0 (vacant).
    static func roles(_ partnership: Partnership, today: LocalDate) -> Int64 {
        let required = RequiredRolesRule.required
        let sum = required.reduce(Int64(0)) { total, role in
            guard let holder = RequiredRolesRule.holder(of: role, in: partnership.roles, on: today) else {
                return total
            }
            return total + (holder.deputyPersonId.isEmpty ? whole / 2 : whole)
        }
        return sum / Int64(required.count)
    }

    /// c2: min(1, meetings held ÷ planned) over the last 6 months (182 days). PD: with no plan, 1 if any
    /// meeting was held, else 0.
    static func meetings(_ partnership: Partnership, today: LocalDate) -> Int64 {
        let since = today.adding(days: -182)
        let held = Int64(
            partnership.meetings.filter { meeting in meeting.heldOn.map { $0 > since && $0 <= today } ?? false }.count
        )
        let planned = Int64(partnership.meetingPlan?.plannedPerHalfYear ?? 0)
        guard planned > 0 else { return held > 0 ? whole : 0 }
        return min(whole, held * whole / planned)
    }

    /// c3: the latest report: 1 on time, 0.5 up to 30 days late, 0 later. A report not yet submitted
    /// counts as submitted today. PD: with nothing due, 1.
    static func reporting(_ reports: [PartnershipReport], dueOn: LocalDate?, today: LocalDate) -> Int64 {
        let latest = reports.filter { $0.dueOn != nil }.max { $0.year < $1.year }
        let due: LocalDate
        let submitted: LocalDate
        if let latest, let latestDue = latest.dueOn, dueOn.map({ $0 <= latestDue }) ?? true {
            due = latestDue
            submitted = latest.submittedAt > 0 ? OsloCalendar.localDate(atMillis: latest.submittedAt) : today
        } else if let dueOn {
            due = dueOn
            submitted = today
        } else {
            return whole
        }
        let late = due.days(until: submitted)
        return late <= 0 ? whole : late <= 30 ? whole / 2 : 0
    }

    /// c4: the share of measures past T2 with a practice-change entry. PD: none past T2 gives 1.
    static func practiceEvidence(_ measures: [Measure]) -> Int64 {
        let pastT2 = measures.filter { $0.checkpoints?.t2 != nil }
        guard !pastT2.isEmpty else { return whole }
        let evidenced = Int64(pastT2.filter { !$0.practiceChanges.isEmpty }.count)
        return evidenced * whole / Int64(pastT2.count)
    }

    /// c5: the share of measures with a PPT role other than none (an unset role counts as none). PD: no measures gives 1.
    static func pptInvolvement(_ measures: [Measure]) -> Int64 {
        guard !measures.isEmpty else { return whole }
        let involved = Int64(measures.filter { $0.pptRole != .none && $0.pptRole != .unspecified }.count)
        return involved * whole / Int64(measures.count)
    }

    /// c6: 1 − min(1, role changes in 12 months ÷ 3). PD: a change is an assignment that ended in the window.
    static func stability(_ partnership: Partnership, today: LocalDate) -> Int64 {
        let since = today.adding(days: -365)
        let changes = Int64(
            partnership.roles.filter { role in role.to.map { $0 > since && $0 <= today } ?? false }.count
        )
        return whole - min(whole, changes * whole / 3)
    }

    /// c7: 1 with no open conflict case (open or in mediation), else 0.
    static func conflicts(_ partnership: Partnership) -> Int64 {
        partnership.conflictCases.contains { $0.status == .open || $0.status == .mediation } ? 0 : whole
    }
}
