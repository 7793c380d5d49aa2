import KSICore

/// A key figure on a page: a Norwegian label, the text a reader sees and the raw value in
/// `data-figure`/`value`, named by the JSON path of the API response it comes from (e.g. `V1.totals.frameOre`).
struct Figure {
    var name: String
    var label: String
    var value: Int64
    var text: String

    /// What the `figure` partial renders; `definition` links to the figure's entry on /om-statistikken.
    var context: [String: Any] {
        [
            "name": name, "label": label, "value": String(value), "text": text,
            "definition": FigureDefinitions.href(name),
        ]
    }

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
        return Figure(
            name: name,
            label: label,
            value: count.suppressed ? -1 : count.value,
            text: count.suppressed ? "skjult (under 5)" : NorwegianFormat.integer(count.value)
        )
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
