/// Norwegian bokmål building blocks of notification texts (DOMAIN.md glossary words).
enum NotificationTexts {
    /// The scheme as a person reads it (DOMAIN.md §1).
    static func scheme(_ scheme: Scheme) -> String {
        switch scheme {
        case .ksi: "Kompetanseløftet for spesialpedagogikk og inkluderende praksis"
        case .dekom: "Desentralisert ordning for kompetanseutvikling i skolen (DEKOM)"
        case .rekom: "Regional ordning for kompetanseutvikling i barnehagen (REKOM)"
        default: "tilskuddsordningen"
        }
    }

    /// Kroner with a space between thousands, from øre: "1 250 000 kr" (øre shown only when present).
    static func kroner(_ ore: Int64) -> String {
        let negative = ore < 0
        let magnitude = ore.magnitude
        let whole = String(magnitude / 100)
        var grouped = ""
        for (index, digit) in whole.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(" ") }
            grouped.append(digit)
        }
        var text = String(grouped.reversed())
        let cents = magnitude % 100
        if cents != 0 { text += "," + (cents < 10 ? "0" : "") + String(cents) }
        return (negative ? "-" : "") + text + " kr"
    }

    /// A date as Norwegians write it: 31.01.2027.
    static func date(_ date: LocalDate) -> String {
        func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(pad(date.day)).\(pad(date.month)).\(date.year)"
    }

    /// The closing lines of every message: where to act, and that no one should answer the e-mail.
    static let footer = """

        Logg inn i KSI for å se saken og gjøre det som trengs.

        Denne e-posten er sendt automatisk fra KSI og kan ikke besvares.
        """
}
