import KSICore

/// A key figure on a page: a Norwegian label, the text a reader sees and the raw value in
/// `data-figure`/`value`, named by the JSON path of the API response it comes from (e.g. `V1.totals.frameOre`).
struct Figure {
    var name: String
    var label: String
    var value: Int64
    var text: String

    var context: [String: Any] { ["name": name, "label": label, "value": String(value), "text": text] }

    static func kroner(_ name: String, _ label: String, _ ore: Int64) -> Figure {
        Figure(name: name, label: label, value: ore, text: NorwegianFormat.kroner(ore))
    }

    static func percent(_ name: String, _ label: String, _ bp: Int32) -> Figure {
        Figure(name: name, label: label, value: Int64(bp), text: NorwegianFormat.percent(Int64(bp)))
    }

    static func count(_ name: String, _ label: String, _ value: Int64) -> Figure {
        Figure(name: name, label: label, value: value, text: NorwegianFormat.integer(value))
    }

    /// A suppressed count (PRIV-R5) shows as "skjult (under 5)", with no value.
    static func suppressed(_ name: String, _ label: String, _ count: SuppressedCount?) -> Figure {
        let count = count ?? SuppressedCount()
        return Figure(name: name, label: label, value: count.suppressed ? -1 : count.value,
                      text: count.suppressed ? "skjult (under 5)" : NorwegianFormat.integer(count.value))
    }
}

/// Notices for sections whose service did not answer (§5: the rest of the view is complete).
enum SectionNotices {
    static func list(_ sections: [(String, SectionStatus?)]) -> [[String: Any]] {
        sections.compactMap { name, status in
            guard let status, !status.available else { return nil }
            return ["section": name, "reason": status.reason]
        }
    }
}

/// Common page context: the embeter to choose between, the year and scheme in use.
enum PageContext {
    static func base(views: GatewayViews, officeId: String, parameters: ViewParameters) -> [String: Any] {
        let offices = views.reference.set.governorOffices.sorted { $0.name < $1.name }.map { office -> [String: Any] in
            ["id": office.id, "name": office.name, "selected": office.id == officeId]
        }
        return [
            "offices": offices,
            "year": parameters.year == 0 ? String(views.time.today().year) : String(parameters.year),
            "scheme": parameters.scheme == .unspecified ? "" : parameters.scheme.name,
            "schemes": [Scheme.ksi, .dekom, .rekom].map { ["value": $0.name, "label": schemeLabel($0), "selected": $0 == parameters.scheme] },
            "officeId": officeId,
            "officeName": officeId.isEmpty ? "Hele landet" : (views.reference.governorOffice(officeId)?.name ?? officeId),
        ]
    }

    static func schemeLabel(_ scheme: Scheme) -> String {
        switch scheme {
        case .ksi: "Kompetanseløftet (KSI)"
        case .dekom: "DEKOM"
        case .rekom: "REKOM"
        default: "Alle ordninger"
        }
    }
}
