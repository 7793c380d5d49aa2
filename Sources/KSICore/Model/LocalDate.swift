/// A calendar date in Europe/Oslo, without a time (DOMAIN.md §4.0: `…On` fields).
///
/// Dates compare and count days without any time zone arithmetic: the proleptic Gregorian calendar
/// is enough, because a local date never becomes an instant in the domain rules.
public struct LocalDate: Sendable, Hashable, Comparable {
    /// The year.
    public var year: Int32
    /// The month, 1–12.
    public var month: Int32
    /// The day of the month, 1–31.
    public var day: Int32

    /// The date `year`-`month`-`day` (not checked: `checkLimits` refuses an impossible date at the edge, LIM-R3).
    public init(year: Int32, month: Int32, day: Int32) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Calendar order.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension LocalDate {
    /// Whether the fields name a real calendar day.
    public var isValid: Bool {
        month >= 1 && month <= 12 && day >= 1 && day <= Self.daysIn(month: month, year: year)
    }

    static func isLeap(_ year: Int32) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysIn(month: Int32, year: Int32) -> Int32 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's civil-from-days algorithm.
    public var daysSinceEpoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date that is `days` days since 1970-01-01.
    public init(daysSinceEpoch days: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: Int32(yoe + era * 400 + (m <= 2 ? 1 : 0)), month: Int32(m), day: Int32(d))
    }

    /// This date moved by a number of days.
    public func adding(days: Int64) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// This date moved by whole years; 29 February becomes 28 February in a common year.
    public func adding(years: Int32) -> LocalDate {
        let target = year + years
        return LocalDate(year: target, month: month, day: min(day, Self.daysIn(month: month, year: target)))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: LocalDate) -> Int64 {
        other.daysSinceEpoch - daysSinceEpoch
    }
}

extension LocalDate: CustomStringConvertible, LosslessStringConvertible {
    /// ISO 8601, `YYYY-MM-DD`.
    public var description: String {
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Parses `YYYY-MM-DD`; nil for anything else or for a day that does not exist.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int32(parts[0]), let m = Int32(parts[1]), let d = Int32(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
        guard isValid else { return nil }
    }

    /// Why a `YYYY-MM-DD` text was refused (LIM-R3). In JSON a date is the `ksi.v1.Date` object of canonical
    /// proto3 JSON (`ProtoJSONDate`, `ProtoJSON.notACalendarDate`); LocalDate itself is not Codable, so no
    /// second JSON form of a date exists.
    public static let notACalendarDate = "expected a calendar date as YYYY-MM-DD (LIM-R3)"
}
