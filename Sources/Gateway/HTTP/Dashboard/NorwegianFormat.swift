import KSICore

/// Numbers as Norwegian readers expect them: thin groups with a space, decimal comma, whole kroner.
enum NorwegianFormat {
    /// 123456789 → "123 456 789".
    static func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, char) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append("\u{00A0}") }
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

    /// Basis points as a ratio: 20000 → "2,00 ×" (oversubscription).
    static func ratio(_ bp: Int64) -> String {
        let magnitude = bp.magnitude
        let hundredths = magnitude % 10000 / 100
        return "\(integer(Int64(magnitude / 10000))),\(hundredths < 10 ? "0" : "")\(hundredths)\u{00A0}×"
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
