import KSICore

/// The one way a dashboard page builds a link to another page: the current selection (embete, year,
/// scheme; the query parameters `ViewParameters` reads) travels on every link, so a reader who chose
/// Agder 2025 KSI stays there from the menu, the breadcrumbs and the municipality list.
struct PageLinks: Sendable, Equatable {
    var region: String
    var year: Int32
    var scheme: Scheme

    init(region: String, year: Int32, scheme: Scheme) {
        self.region = region
        self.year = year
        self.scheme = scheme
    }

    /// From a page context made by `PageContext.base` (its `officeId`, `year` and `scheme` values); nil for a
    /// page without a selection (definitions, errors), whose links then leave the choice to the defaults.
    init?(context: [String: Any]) {
        guard let region = context["officeId"] as? String else { return nil }
        self.region = region
        year = Int32(context["year"] as? String ?? "") ?? 0
        scheme = Scheme(name: context["scheme"] as? String ?? "") ?? .unspecified
    }

    /// The query string with the selection, "?region=agder&year=2025&scheme=ksi" (empty parts left out).
    var query: String {
        var parts: [String] = []
        // `region=` (empty) is kept: it means "Hele landet" on purpose, not "use my own embete".
        parts.append("region=\(Self.escape(region))")
        if year != 0 { parts.append("year=\(year)") }
        if scheme != .unspecified { parts.append("scheme=\(scheme.name)") }
        return "?" + parts.joined(separator: "&")
    }

    /// `path` with the selection, e.g. href("/kommuner/4204") → "/kommuner/4204?region=agder&year=2025".
    func href(_ path: String) -> String { path + query }

    /// Percent-encodes a query value (record ids are slugs; anything else is escaped, not trusted).
    static func escape(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            let char = Character(UnicodeScalar(byte))
            if char.isASCII && (char.isLetter || char.isNumber || char == "-" || char == "_" || char == ".") {
                out.append(char)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
