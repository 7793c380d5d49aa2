import Foundation
import KSICore

/// Numbers as Norwegian readers expect them (Språkrådet): groups of three split by a no-break space,
/// decimal comma, "kr" and "%" after a no-break space, a real minus sign. Never "÷": a ratio reads
/// "1,34 ganger rammen", a share "12,3 %".
enum NorwegianFormat {
    /// The space between digit groups and before a unit: no-break, so "6 000 000 kr" never wraps.
    static let groupSeparator: Character = "\u{00A0}"

    /// 123456789 → "123 456 789".
    static func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, char) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(groupSeparator) }
            out.append(char)
        }
        return value < 0 ? "−" + out : out
    }

    /// Øre as whole kroner, rounded down: 600000000 → "6 000 000 kr".
    /// A saturated sum (`Money.saturatedOre`, LIM-R2) reads as beyond range instead of a false number.
    static func kroner(_ ore: Int64) -> String {
        if ore == Money.saturatedOre || ore == Int64.min { return beyondRange }
        return integer(ore / Money.orePerKrone) + "\u{00A0}kr"
    }

    /// LIM-R2: what a page shows for a sum too large to count.
    static let beyondRange = "over tallgrensen"

    /// Basis points as a percentage with one decimal, rounded down: 1234 → "12,3 %".
    static func percent(_ bp: Int64) -> String {
        let sign = bp < 0 ? "−" : ""
        let magnitude = bp.magnitude
        return "\(sign)\(integer(Int64(magnitude / 100))),\(magnitude % 100 / 10)\u{00A0}%"
    }

    /// Basis points as a multiple with two decimals, rounded down: 13400 → "1,34 ganger"; with `of`,
    /// what it is a multiple of: ratio(13400, of: "rammen") → "1,34 ganger rammen" (V3 demand ratio).
    static func ratio(_ bp: Int64, of whole: String? = nil) -> String {
        let sign = bp < 0 ? "−" : ""
        let magnitude = bp.magnitude
        let hundredths = magnitude % 10000 / 100
        let number = "\(sign)\(integer(Int64(magnitude / 10000))),\(hundredths < 10 ? "0" : "")\(hundredths)"
        return number + "\u{00A0}ganger" + (whole.map { " \($0)" } ?? "")
    }

    /// A rate per 10 000 from basis points of one: 12 bp → "12 per 10 000" (V9 referral rate).
    static func perTenThousand(_ value: Int64) -> String {
        integer(value) + " per 10\u{00A0}000"
    }

    /// A date: 5. desember 2026.
    static func date(_ date: LocalDate) -> String {
        let months = [
            "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
            "desember",
        ]
        let month = (1...12).contains(Int(date.month)) ? months[Int(date.month) - 1] : String(date.month)
        return "\(date.day). \(month) \(date.year)"
    }

    /// A date in a table: "05.12.2026"; "" for none (year 0).
    static func shortDate(_ date: LocalDate?) -> String {
        guard let date, date.year > 0 else { return "" }
        return String(format: "%02d.%02d.%04d", date.day, date.month, date.year)
    }

    /// The Oslo date of a Unix-millisecond instant, as `shortDate`; "" for 0.
    static func shortDate(millis: Int64) -> String {
        millis > 0 ? shortDate(OsloCalendar.localDate(atMillis: millis)) : ""
    }

    /// An instant in Oslo time: "5. desember 2026 kl. 09.41" (Norwegian writes the clock with a full stop).
    static func dateTime(millis: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Oslo") ?? TimeZone(secondsFromGMT: 3600)!
        let parts = calendar.dateComponents([.hour, .minute], from: Date(timeIntervalSince1970: Double(millis) / 1000))
        let hour = parts.hour ?? 0
        let minute = parts.minute ?? 0
        return
            "\(date(OsloCalendar.localDate(atMillis: millis))) kl.\u{00A0}\(hour < 10 ? "0" : "")\(hour).\(minute < 10 ? "0" : "")\(minute)"
    }
}

/// Escapes text for HTML and SVG markup built in Swift (the templates escape `{{…}}` themselves).
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        for char in text {
            switch char {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(char)
            }
        }
        return out
    }
}
