import Foundation

/// Where KSICore gets the time; it never reads the clock itself (STYLE.md §8).
public protocol TimeSource: Sendable {
    /// Now, as Unix epoch milliseconds (UTC).
    func nowMillis() -> Int64
}

extension TimeSource {
    /// Today's date in Europe/Oslo.
    public func today() -> LocalDate { OsloCalendar.localDate(atMillis: nowMillis()) }
}

/// The system clock.
public struct SystemTimeSource: TimeSource {
    /// The system clock.
    public init() {}
    /// Now, in epoch milliseconds (UTC).
    public func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// A clock that stands still until moved: for tests and for replaying a scenario.
public final class FixedTimeSource: TimeSource, @unchecked Sendable {
    // @unchecked: `millis` is only read and written under `lock`.
    private let lock = NSLock()
    private var millis: Int64

    /// A clock standing at `millis` (epoch milliseconds, UTC).
    public init(millis: Int64) { self.millis = millis }

    /// Noon in Oslo on `date`.
    public convenience init(date: LocalDate) {
        self.init(millis: OsloCalendar.millis(atNoonOn: date))
    }

    /// The time the clock stands at.
    public func nowMillis() -> Int64 { lock.withLock { millis } }

    /// Moves the clock forward.
    public func advance(days: Int64 = 0, millis extra: Int64 = 0) {
        lock.withLock { millis += days * 86_400_000 + extra }
    }

    /// Sets the clock to noon in Oslo on `date`.
    public func set(_ date: LocalDate) {
        lock.withLock { millis = OsloCalendar.millis(atNoonOn: date) }
    }
}

/// Conversions between instants and local dates in Europe/Oslo.
public enum OsloCalendar {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Oslo") ?? TimeZone(secondsFromGMT: 3600)!
        return calendar
    }()

    /// The Oslo date of an instant.
    public static func localDate(atMillis millis: Int64) -> LocalDate {
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return LocalDate(year: Int32(parts.year ?? 1970), month: Int32(parts.month ?? 1), day: Int32(parts.day ?? 1))
    }

    /// Noon in Oslo on a date, as epoch milliseconds.
    public static func millis(atNoonOn date: LocalDate) -> Int64 {
        let components = DateComponents(year: Int(date.year), month: Int(date.month), day: Int(date.day), hour: 12)
        let instant = calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
        return Int64(instant.timeIntervalSince1970 * 1000)
    }

    /// Whole days between two instants' Oslo dates.
    public static func daysBetween(_ fromMillis: Int64, _ toMillis: Int64) -> Int64 {
        localDate(atMillis: fromMillis).days(until: localDate(atMillis: toMillis))
    }
}
