import KSICore

/// The referrals behind one V9 row, for one year: cases that reached service (with their tToService),
/// submissions, triage outcomes, start-up intervals and assignments by reason.
struct EquityCells {
    /// tToService in days, for cases in service during the year (the row's n).
    var toService = ReferralCell()
    var referrals = ReferralCell()
    var accepted = ReferralCell()
    var declined = ReferralCell()
    var startup = ReferralCell()
    var assignments: [AssignmentReason: ReferralCell] = [:]

    /// Adds what a referral reached in `year` (each milestone by its Oslo date).
    mutating func add(_ timeline: ReferralTimeline, year: Int32) {
        let municipality = timeline.municipalityId
        func inYear(_ milestone: ReferralMilestone) -> Bool {
            timeline.at(milestone).map { OsloCalendar.localDate(atMillis: $0).year == year } ?? false
        }
        if let days = timeline.days(.tToService, inYear: year) { toService.add(days, municipalityId: municipality) }
        if let days = timeline.days(.tStartup, inYear: year) { startup.add(days, municipalityId: municipality) }
        if inYear(.submitted) { referrals.add(1, municipalityId: municipality) }
        // Acceptance rate is a triage outcome: the exception path (REF-R2) is accepted without triage.
        if inYear(.accepted), timeline.at(.submitted) != nil { accepted.add(1, municipalityId: municipality) }
        if inYear(.declined) { declined.add(1, municipalityId: municipality) }
        if inYear(.assigned) {
            assignments[timeline.assignmentReason, default: .init()].add(1, municipalityId: municipality)
        }
    }

    mutating func merge(_ other: EquityCells) {
        toService.merge(other.toService)
        referrals.merge(other.referrals)
        accepted.merge(other.accepted)
        declined.merge(other.declined)
        startup.merge(other.startup)
        for (reason, cell) in other.assignments { assignments[reason, default: .init()].merge(cell) }
    }

    /// What every row of one view shares.
    struct RowContext {
        var suppression: Suppression
        var nationalMedian: Int64
        var slaDays: Int64
    }

    /// Sibling rows, suppressed together per count (PRIV-R5); derived figures are 0 where a count they
    /// come from is hidden.
    /// `parent` is the row the entries split (a region's row for its division and area rows).
    static func rows(
        _ entries: [(ReferralGroupKey, EquityCells, Int64)],
        _ context: RowContext,
        parent: ReferralEquityRow? = nil
    ) -> [ReferralEquityRow] {
        let suppression = context.suppression
        func shown(_ count: KeyPath<ReferralEquityRow, SuppressedCount?>) -> Bool {
            !(parent?[keyPath: count]?.suppressed ?? false)
        }
        let n = suppression.counts(entries.map(\.1.toService), totalShown: shown(\.n))
        let referrals = suppression.counts(entries.map(\.1.referrals), totalShown: shown(\.referrals))
        let accepted = suppression.counts(entries.map(\.1.accepted), totalShown: shown(\.accepted))
        let declined = suppression.counts(entries.map(\.1.declined), totalShown: shown(\.declined))
        return entries.indices.map { index in
            let (key, cells, children) = entries[index]
            return ReferralEquityRow.with { row in
                row.governorOfficeId = key.region
                row.divisionId = key.divisionId
                row.subjectArea = key.subjectArea
                row.n = n[index]
                if !n[index].suppressed {
                    let median = NearestRank.median(cells.toService.values)
                    row.medianTToServiceDays = Int32(clamping: median)
                    if context.nationalMedian > 0 {
                        row.regionRatioBp = Int32(clamping: median * 10_000 / context.nationalMedian)
                    }
                }
                row.referrals = referrals[index]
                row.children0to19 = children
                if !referrals[index].suppressed && children > 0 {
                    row.referralRateBp = Int32(clamping: referrals[index].value * 10_000 / children)
                }
                row.accepted = accepted[index]
                row.declined = declined[index]
                let decided = accepted[index].value + declined[index].value
                if !accepted[index].suppressed && !declined[index].suppressed && decided > 0 {
                    row.acceptanceRateBp = Int32(accepted[index].value * 10_000 / decided)
                }
                if !suppression.count(cells.startup).suppressed {
                    row.startupSlaBp = shareAtOrBelowBp(context.slaDays, of: cells.startup.values)
                }
                let reasons = cells.assignments.keys.sorted { $0.rawValue < $1.rawValue }
                let reasonCounts = suppression.counts(reasons.map { cells.assignments[$0]! })
                row.assignmentReasons = zip(reasons, reasonCounts).map { reason, count in
                    AssignmentReasonCount.with {
                        $0.reason = reason
                        $0.count = count
                    }
                }
            }
        }
    }
}
