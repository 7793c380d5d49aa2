import KSICore

/// V7 Partnership health (DOMAIN.md §5; PART-R11, PART-R12; PP14): KSICore's `PartnershipHealth.evaluate`
/// for each partnership in scope, and the number of partnerships per band.
///
/// PD choices:
/// - In scope: partnerships of the embete (all when national) and scheme (all when unspecified) that are in
///   force — `active`, `suspended` or `terminating`; `partnershipId` narrows to that one partnership.
/// - Conflicts (c7): the partnership's own `conflictCases` merged with `PartnershipsData.conflicts` for it
///   (the separately read case wins, as the fresher copy).
/// - `reportDueOn` (c3): the latest `Grant.reportDueOn` on or before today among the partnership's grants
///   (`grantIds`), when allocation is available; `evaluate` itself prefers the partnership's latest report
///   when that report's due date is as late or later. Without allocation only the reports count.
/// - Weights: `GovernorPolicy` has no health weights yet, so the §5 defaults apply.
/// Items are sorted by score, lowest first, then by id; every band appears in `bandCounts`, in the order
/// green, amber, red. With partnerships unavailable there are no items and every count is 0.
public enum PartnershipHealthViewBuilder {
    public static func make(_ request: GetPartnershipHealthRequest, inputs: ViewInputs) -> PartnershipHealthView {
        let items =
            inputs.partnerships.value.map {
                evaluate($0, grants: inputs.allocation.value?.grants ?? [], request: request, inputs: inputs)
            } ?? []
        return PartnershipHealthView.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.scheme = request.scheme
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.partnershipsSection = inputs.partnerships.status
            $0.items = items
            $0.bandCounts = [HealthBand.green, .amber, .red].map { band in
                HealthBandCount.with {
                    $0.band = band
                    $0.count = Int64(items.filter { $0.band == band }.count)
                }
            }
        }
    }

    static let inForce: Set<PartnershipStatus> = [.active, .suspended, .terminating]

    static func evaluate(
        _ data: PartnershipsData,
        grants: [Grant],
        request: GetPartnershipHealthRequest,
        inputs: ViewInputs
    ) -> [PartnershipHealthItem] {
        let office = inputs.query.governorOfficeId
        let today = inputs.today
        let grantsById = Dictionary(grants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let partnerships = data.partnerships.filter {
            inForce.contains($0.status)
                && (office.isEmpty || $0.governorOfficeId == office)
                && (request.scheme == .unspecified || $0.scheme == request.scheme)
                && (request.partnershipId.isEmpty || $0.id == request.partnershipId)
        }
        // Each partnership's measures, reports and conflicts, grouped once (in their list order) per cached read:
        // filtering the whole lists per partnership made the view quadratic in the national data, and grouping
        // them per build copied every measure (issue 17).
        let measuresByPartnership = data.measuresByPartnership
        let reportsByPartnership = data.reportsByPartnership
        let conflictsByPartnership = data.conflictsByPartnership
        let items = partnerships.map { partnership in
            var partnership = partnership
            partnership.conflictCases = mergedConflicts(partnership, conflictsByPartnership[partnership.id] ?? [])
            let reportDueOn = partnership.grantIds.compactMap { grantsById[$0]?.reportDueOn }.filter { $0 <= today }
                .max()
            return PartnershipHealth.evaluate(
                partnership: partnership,
                measures: measuresByPartnership[partnership.id] ?? [],
                reports: reportsByPartnership[partnership.id] ?? [],
                reportDueOn: reportDueOn,
                today: today,
                weights: .defaults
            )
        }
        return items.sorted { ($0.score, $0.partnershipId) < ($1.score, $1.partnershipId) }
    }

    /// The partnership's conflict cases, with those read separately replacing or adding to them by id.
    static func mergedConflicts(_ partnership: Partnership, _ conflicts: [ConflictCase]) -> [ConflictCase] {
        let separate = conflicts.filter { $0.partnershipId == partnership.id }
        let separateIds = Set(separate.map(\.id))
        return partnership.conflictCases.filter { !separateIds.contains($0.id) } + separate
    }
}
