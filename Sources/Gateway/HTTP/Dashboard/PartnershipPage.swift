import KSICore

/// Partnership health (V7): partnerships per band as a chart, and each partnership's score.
///
/// V7 describes the partnerships in force today, scored on today's roles, meetings, reports and conflicts; it
/// has no budget year, so the page says the date it describes and that the chosen year does not change it.
enum PartnershipPage {
    static func render(
        views: GatewayViews,
        officeId: String,
        parameters p: ViewParameters,
        caller: Caller
    ) async throws -> DashboardPage {
        let v7 = try await views.partnershipHealth(
            .with {
                $0.governorOfficeId = officeId
                p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
            },
            caller: caller
        )
        let bands: [HealthBand] = [.green, .amber, .red]
        let counts = bands.map { band in v7.bandCounts.first { $0.band == band }?.count ?? 0 }
        let figures = zip(bands, counts).map { band, count in
            PageFigures.count(
                "V7.bandCounts.\(band.name)",
                "Partnerskap i bånd \(NorwegianLabels.labelWithRange(band).lowercased())",
                count
            )
        }
        let chart = BarChart(
            title: "Partnerskap etter helsebånd",
            bars: zip(bands, counts).map {
                .init(
                    label: NorwegianLabels.labelWithRange($0.0),
                    value: $0.1,
                    text: NorwegianFormat.integer($0.1),
                    tone: BarChart.Tone($0.0)
                )
            }
        )
        var context = PageContext.base(views: views, officeId: officeId, parameters: p)
        context["figures"] = figures
        context["chart"] = chart.svg
        context["asOf"] = NorwegianFormat.date(views.time.today())
        context["items"] = v7.items.sorted { $0.score < $1.score }.map {
            [
                "name": $0.name, "score": String($0.score), "band": NorwegianLabels.label($0.band),
                "office": views.reference.governorOffice($0.governorOfficeId)?.name ?? "ukjent embete",
            ]
        }
        context["hasItems"] = !v7.items.isEmpty
        context["notices"] = SectionNotices.list([("partnerskap", v7.partnershipsSection)])
        return DashboardPage(
            template: "partnerships",
            title: "Partnerskapshelse – \(context["officeName"] as? String ?? "")",
            context: context
        )
    }
}
