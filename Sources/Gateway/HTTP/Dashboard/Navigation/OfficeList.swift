import KSICore

/// The embeter a reader can choose: only those valid on the selected year's date (the reference data keeps
/// historical embeter beside current ones, COM-R6), sorted as a Norwegian reader looks for them — by the
/// distinctive part of the name ("Agder", not "Statsforvalteren i"), with Æ, Ø, Å after Z.
enum OfficeList {
    /// The date an embete must be valid on to be offered for `year`: 1 January, the start of the budget year.
    static func date(forYear year: Int32) -> LocalDate { LocalDate(year: year, month: 1, day: 1) }

    static func offices(_ reference: ReferenceData, year: Int32) -> [GovernorOffice] {
        let date = date(forYear: year)
        var byId: [String: GovernorOffice] = [:]
        for office in reference.set.governorOffices where isValid(office, on: date) {
            byId[office.id] = office
        }
        return byId.values.sorted { NorwegianOrder.precedes(distinctive($0.name), distinctive($1.name)) }
    }

    /// COM-R6 effective dating: valid from `validFrom` to `validTo`, both inclusive, open ends allowed.
    static func isValid(_ office: GovernorOffice, on date: LocalDate) -> Bool {
        (office.validFrom.map { $0 <= date } ?? true) && (office.validTo.map { date <= $0 } ?? true)
    }

    /// "Statsforvalteren i Møre og Romsdal" / "Statsforvaltaren i …" → "Møre og Romsdal".
    static func distinctive(_ name: String) -> String {
        for prefix in ["Statsforvalteren i ", "Statsforvaltaren i "] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}

/// Norwegian alphabetical order (a–z, then æ, ø, å), case-insensitive, accents on other letters ignored.
enum NorwegianOrder {
    static func key(_ text: String) -> [UInt32] {
        text.lowercased().unicodeScalars.map { scalar in
            switch scalar {
            case "æ", "ä": 0x7B  // after z (0x7A)
            case "ø", "ö": 0x7C
            case "å": 0x7D
            case "é", "è", "ê": 0x65
            case "ó", "ò", "ô": 0x6F
            case "á", "à": 0x61
            case "ü": 0x75
            default: scalar.value
            }
        }
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        let x = key(a)
        let y = key(b)
        return x.lexicographicallyPrecedes(y)
    }
}
