import KSICore

/// Which partnerships and measures belong to a view's year Y (PD; V1 counts and participation, V5 parity).
/// Partnerships and measures have no budget year, so their dates decide:
/// - a measure runs in Y when its start year ≤ Y ≤ its end year; a missing date does not limit;
/// - a partnership was active in Y when it has been activated (status active, terminating, terminated or
///   expired; a draft never was, and a suspended one is not counted as active), was activated no later than
///   the end of Y and had not terminated or expired before Y began (Oslo dates of the timestamps), and an
///   agreement it has had (in force or previous) is valid for part of Y; a missing date does not limit.
public enum YearActivity {
    public static func runs(_ measure: Measure, in year: Int32) -> Bool {
        (measure.startDate.map { $0.year <= year } ?? true) && (measure.endDate.map { $0.year >= year } ?? true)
    }

    /// The same for a group of measures (issue 17): its start year 0 stands for no start date, its end year
    /// 9999 for no end date.
    public static func runs(_ group: MeasureGroup, in year: Int32) -> Bool {
        group.startYear <= year && group.endYear >= year
    }

    static let activeStatuses: Set<PartnershipStatus> = [.active, .terminating, .terminated, .expired]

    public static func wasActive(_ partnership: Partnership, in year: Int32) -> Bool {
        guard activeStatuses.contains(partnership.status) else { return false }
        func yearOf(_ millis: Int64) -> Int32? {
            millis > 0 ? Int32(OsloCalendar.localDate(atMillis: millis).year) : nil
        }
        if let activated = yearOf(partnership.activatedAt), activated > year { return false }
        for ended in [partnership.terminatedAt, partnership.expiredAt] {
            if let endedYear = yearOf(ended), endedYear < year { return false }
        }
        let agreements = (partnership.agreement.map { [$0] } ?? []) + partnership.previousAgreements
        guard !agreements.isEmpty else { return true }
        return agreements.contains { agreement in
            (agreement.validFrom.map { $0.year <= year } ?? true) && (agreement.validTo.map { $0.year >= year } ?? true)
        }
    }

    /// The same for a group of partnerships (issue 17), from the years it was grouped by: activated year 0
    /// stands for not recorded, ended year 9999 for neither terminated nor expired, agreement years 0 and
    /// 9999 for open ends.
    public static func wasActive(_ group: PartnershipGroup, in year: Int32) -> Bool {
        guard activeStatuses.contains(group.status) else { return false }
        guard group.activatedYear <= year && group.endedYear >= year else { return false }
        guard !group.agreementYears.isEmpty else { return true }
        return group.agreementYears.contains { $0.fromYear <= year && $0.toYear >= year }
    }
}
