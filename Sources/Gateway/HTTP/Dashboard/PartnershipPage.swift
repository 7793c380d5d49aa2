import KSICore

/// Partnership health (V7): partnerships per band as a chart, and each partnership's score.
enum PartnershipPage {
    static func render(views: GatewayViews, officeId: String, parameters p: ViewParameters, caller: Caller) async throws -> DashboardPage {
        let v7 = try await views.partnershipHealth(.with { $0.governorOfficeId = officeId; p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet) },
                                                   caller: caller)
        let bands: [HealthBand] = [.green, .amber, .red]
        let counts = bands.map { band in v7.bandCounts.first { $0.band == band }?.count ?? 0 }
        let labels = ["Grønn (75–100)", "Gul (50–74)", "Rød (under 50)"]
        let figures = zip(bands, zip(labels, counts)).map { band, pair in
            Figure.count("V7.bandCounts.\(band.name)", pair.0, pair.1)
        }
        let chart = BarChart(title: "Partnerskap etter helsebånd", bars: zip(bands, zip(labels, counts)).map { band, pair in
            .init(label: pair.0, value: pair.1, text: NorwegianFormat.integer(pair.1), tone: BarChart.Tone(band))
        })
        var context = PageContext.base(views: views, officeId: officeId, parameters: p)
        context["figures"] = figures.map(\.context)
        context["chart"] = chart.svg
        context["items"] = v7.items.sorted { $0.score < $1.score }.map {
            ["name": $0.name, "score": String($0.score), "band": bandLabel($0.band), "office": views.reference.governorOffice($0.governorOfficeId)?.name ?? $0.governorOfficeId]
        }
        context["hasItems"] = !v7.items.isEmpty
        context["notices"] = SectionNotices.list([("partnerskap", v7.partnershipsSection)])
        return DashboardPage(template: "partnerships", title: "Partnerskapshelse – \(context["officeName"] as? String ?? "")", context: context)
    }

    static func bandLabel(_ band: HealthBand) -> String {
        switch band {
        case .green: "grønn"
        case .amber: "gul"
        case .red: "rød"
        default: "ukjent"
        }
    }
}
