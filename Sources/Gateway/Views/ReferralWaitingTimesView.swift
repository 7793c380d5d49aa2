import KSICore

/// V8 Referral waiting times (DOMAIN.md §5; REF-R10; PRIV-R5): n, median and P90 of tTriage, tStartup,
/// tToService and tTotal for intervals ending in the year, `startupSlaBp`, and the open cases with
/// their median age now; in total and by region × age division × subject area as requested.
public enum ReferralWaitingTimesView {
    public static func make(_ request: GetReferralWaitingTimesRequest, inputs: ViewInputs) -> ReferralWaitingTimes {
        let suppression = Suppression(inputs)
        let dimensions = Set(request.breakdowns).intersection([.region, .ageDivision, .subjectArea])
        var totals = WaitingTimeCells()
        var groups: [ReferralGroupKey: WaitingTimeCells] = [:]
        for timeline in inputs.referralTimelines {
            var cells = WaitingTimeCells()
            cells.add(timeline, year: inputs.viewYear, nowMillis: inputs.nowMillis)
            guard !cells.isEmpty else { continue }
            totals.merge(cells)
            if !dimensions.isEmpty {
                for key in ReferralGroupKey.keys(of: timeline, by: dimensions) {
                    groups[key, default: .init()].merge(cells)
                }
            }
        }
        let keys = groups.keys.sorted()
        let totalFigures = WaitingTimeCells.figures(
            [totals],
            suppression: suppression,
            slaDays: inputs.startupMeetingMaxDays
        )[0]
        let groupFigures = WaitingTimeCells.figures(
            keys.map { groups[$0]! },
            suppression: suppression,
            slaDays: inputs.startupMeetingMaxDays,
            parent: totalFigures
        )
        return ReferralWaitingTimes.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.year = inputs.viewYear
            $0.generatedAt = inputs.nowMillis
            $0.referralSection = inputs.referral.status
            $0.totals = totalFigures
            $0.groups = zip(keys, groupFigures).map { key, figures in
                ReferralWaitingTimeGroup.with {
                    $0.governorOfficeId = key.region
                    $0.divisionId = key.divisionId
                    $0.subjectArea = key.subjectArea
                    $0.figures = figures
                }
            }
        }
    }
}

/// The referrals behind one V8 figure set: one cell per interval, and the open cases with their ages.
struct WaitingTimeCells {
    var intervals: [ReferralInterval: ReferralCell] = [:]
    var open = ReferralCell()

    var isEmpty: Bool { open.count == 0 && intervals.values.allSatisfy { $0.count == 0 } }

    /// Adds a referral's intervals ending in `year` and, when it is still open, its age now.
    mutating func add(_ timeline: ReferralTimeline, year: Int32, nowMillis: Int64) {
        for interval in ReferralInterval.waitingTimes {
            if let days = timeline.days(interval, inYear: year) {
                intervals[interval, default: .init()].add(days, municipalityId: timeline.municipalityId)
            }
        }
        if timeline.isOpen { open.add(timeline.age(atMillis: nowMillis), municipalityId: timeline.municipalityId) }
    }

    mutating func merge(_ other: WaitingTimeCells) {
        for (interval, cell) in other.intervals { intervals[interval, default: .init()].merge(cell) }
        open.merge(other.open)
    }

    /// The figures of sibling cell sets that sum to the `parent` figures, suppressed together (PRIV-R5):
    /// medians, P90s, the SLA share and the open-case age are 0 wherever their count is hidden.
    static func figures(
        _ sets: [WaitingTimeCells],
        suppression: Suppression,
        slaDays: Int64,
        parent: ReferralWaitingTimeFigures? = nil
    ) -> [ReferralWaitingTimeFigures] {
        var counts: [ReferralInterval: [SuppressedCount]] = [:]
        for interval in ReferralInterval.waitingTimes {
            let parentCount = parent?.intervals.first { $0.interval == interval }?.n
            counts[interval] = suppression.counts(
                sets.map { $0.intervals[interval] ?? .init() },
                totalShown: parentCount.map { !$0.suppressed } ?? true
            )
        }
        let openCounts = suppression.counts(sets.map(\.open), totalShown: !(parent?.openCases?.suppressed ?? false))
        return sets.indices.map { index in
            let set = sets[index]
            return ReferralWaitingTimeFigures.with { figures in
                figures.intervals = ReferralInterval.waitingTimes.map { interval in
                    IntervalStatistics.of(
                        interval,
                        cell: set.intervals[interval] ?? .init(),
                        n: counts[interval]![index]
                    )
                }
                if !counts[.tStartup]![index].suppressed {
                    figures.startupSlaBp = shareAtOrBelowBp(slaDays, of: set.intervals[.tStartup]?.values ?? [])
                }
                figures.openCases = openCounts[index]
                if !openCounts[index].suppressed {
                    figures.openCaseAgeMedianDays = Int32(clamping: NearestRank.median(set.open.values))
                }
            }
        }
    }
}
