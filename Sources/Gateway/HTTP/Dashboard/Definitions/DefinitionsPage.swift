/// `/om-statistikken`: every figure the dashboard shows, what it counts, its unit, the formula in words
/// and the rule behind it (`FigureDefinitions`), and the words people asked about.
enum DefinitionsPage {
    static func render() -> DashboardPage {
        let sections = FigureDefinitions.sections.map { section -> [String: Any] in
            [
                "heading": section.heading,
                "entries": section.entries.map { entry -> [String: Any] in
                    [
                        "key": entry.key, "label": entry.label, "counts": entry.counts, "unit": entry.unit,
                        "formula": entry.formula, "source": entry.source,
                    ]
                },
            ]
        }
        let terms = FigureDefinitions.terms.map { ["id": "begrep-" + $0.id, "term": $0.term, "meaning": $0.meaning] }
        return DashboardPage(
            template: "definitions",
            title: "Om statistikken",
            context: ["sections": sections, "terms": terms]
        )
    }
}
