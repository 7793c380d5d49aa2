import KSICore

/// Common page context: the embeter to choose between, the year and scheme in use, and the query that
/// keeps them on every link (`PageLinks`).
enum PageContext {
    /// The years the year selector offers: from ten years back to next year, newest first.
    static func selectableYears(views: GatewayViews, selected: Int32) -> [[String: Any]] {
        let thisYear = views.time.today().year
        var years = Array((thisYear - SelectionDefaults.lookBackYears)...(thisYear + 1)).reversed().map { $0 }
        if !years.contains(selected) { years.insert(selected, at: 0) }
        return years.map { ["value": String($0), "selected": $0 == selected] }
    }

    static func base(views: GatewayViews, officeId: String, parameters: ViewParameters) -> [String: Any] {
        let year = parameters.year == 0 ? views.time.today().year : parameters.year
        let links = PageLinks(region: officeId, year: year, scheme: parameters.scheme)
        let offices = OfficeList.offices(views.reference, year: year).map { office -> [String: Any] in
            [
                "id": office.id, "name": office.name, "selected": office.id == officeId,
                "href": PageLinks(region: office.id, year: year, scheme: parameters.scheme).href(
                    "/regioner/\(office.id)"
                ),
            ]
        }
        return [
            "offices": offices,
            "year": String(year),
            "years": selectableYears(views: views, selected: year),
            "scheme": parameters.scheme == .unspecified ? "" : parameters.scheme.name,
            "schemes": [Scheme.ksi, .dekom, .rekom].map {
                ["value": $0.name, "label": schemeLabel($0), "selected": $0 == parameters.scheme]
            },
            "officeId": officeId,
            "officeName": officeId.isEmpty
                ? "Hele landet"
                : (views.reference.governorOffice(officeId, on: OfficeList.date(forYear: year))?.name
                    ?? views.reference.governorOffice(officeId)?.name ?? officeId),
            "linkQuery": links.query,
        ]
    }

    static func schemeLabel(_ scheme: Scheme) -> String { NorwegianLabels.label(scheme) }
}
