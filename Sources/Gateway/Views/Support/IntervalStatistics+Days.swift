import KSICore

/// Nearest-rank percentiles over whole days (V8, V9, V13).
package enum NearestRank {
    /// The p-th percentile (0 < p ≤ 100) by nearest rank: the value at rank ⌈p·n/100⌉ of the sorted
    /// values; 0 for no values.
    package static func percentile(_ p: Int64, of values: [Int64]) -> Int64 {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = max(1, (p * Int64(sorted.count) + 99) / 100)
        return sorted[Int(min(rank, Int64(sorted.count))) - 1]
    }

    /// The median by nearest rank (the lower middle value for an even count).
    package static func median(_ values: [Int64]) -> Int64 { percentile(50, of: values) }
}

extension ReferralTimeline {
    /// The two milestones an interval runs between (§5 V8), if both were reached.
    package func span(_ interval: ReferralInterval) -> (from: Int64, to: Int64)? {
        let pair: (Int64?, Int64?)
        switch interval {
        case .tTriage: pair = (at(.submitted), triagedAt)
        case .tStartup: pair = (at(.accepted), at(.startupHeld))
        case .tToService: pair = (at(.submitted), at(.inService))
        case .tTotal: pair = (at(.submitted), at(.closed))
        default: pair = (nil, nil)
        }
        guard let from = pair.0, let to = pair.1 else { return nil }
        return (from, to)
    }

    /// The interval in whole Oslo days, when both milestones were reached and the later one falls in
    /// `year` (§5: intervals count only cases that reached both, grouped by the later milestone's date).
    package func days(_ interval: ReferralInterval, inYear year: Int32) -> Int64? {
        guard let span = span(interval), OsloCalendar.localDate(atMillis: span.to).year == year else { return nil }
        return OsloCalendar.daysBetween(span.from, span.to)
    }

    /// Age in whole Oslo days at `nowMillis`, from submission (or acceptance on the exception path).
    package func age(atMillis nowMillis: Int64) -> Int64 {
        guard let opened = openedAt else { return 0 }
        return max(0, OsloCalendar.daysBetween(opened, nowMillis))
    }
}

extension ReferralInterval {
    /// The four V8 intervals in display order.
    package static let waitingTimes: [ReferralInterval] = [.tTriage, .tStartup, .tToService, .tTotal]
}

extension IntervalStatistics {
    /// n, median and P90 of one interval; the days are 0 when n is suppressed (V8, PRIV-R5).
    package static func of(_ interval: ReferralInterval, cell: ReferralCell, n: SuppressedCount) -> IntervalStatistics {
        IntervalStatistics.with {
            $0.interval = interval
            $0.n = n
            if !n.suppressed {
                $0.medianDays = Int32(clamping: NearestRank.median(cell.values))
                $0.p90Days = Int32(clamping: NearestRank.percentile(90, of: cell.values))
            }
        }
    }
}

/// Share of values at or below a limit, in basis points rounded down; 0 for no values.
package func shareAtOrBelowBp(_ limit: Int64, of values: [Int64]) -> Int32 {
    guard !values.isEmpty else { return 0 }
    return Int32(Int64(values.filter { $0 <= limit }.count) * 10_000 / Int64(values.count))
}
