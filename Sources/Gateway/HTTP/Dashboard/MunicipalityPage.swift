import KSICore

/// Municipality profile (V2): key figures, the five-year funding history as a chart and a table, and the reports.
enum MunicipalityPage {
    static func render(
        views: GatewayViews,
        municipalityId: String,
        parameters p: ViewParameters,
        caller: Caller
    ) async throws -> DashboardPage {
        guard views.reference.municipality(municipalityId) != nil else {
            throw DomainError.notFound("municipality", municipalityId)
        }
        let v2 = try await views.municipalityProfile(
            .with {
                $0.municipalityId = municipalityId
                p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
            },
            caller: caller
        )
        let year = String(v2.year)
        let owners = Set(v2.owners.map(\.id))
        let figures: [[String: Any]] = [
            PageFigures.count("V2.population", "Innbyggere", v2.population),
            PageFigures.count("V2.children0to19", "Barn og unge 0–19 år", v2.children0to19),
            v2.children0to19 > 0
                ? PageFigures.kroner(
                    "V2.decidedPerChildOre",
                    "Vedtatt til kommunens eiere i \(year) per barn 0–19 år",
                    v2.decidedPerChildOre
                )
                : PageFigures.missing(
                    "V2.decidedPerChildOre",
                    "Vedtatt til kommunens eiere i \(year) per barn 0–19 år",
                    "ikke definert (ingen barn registrert)"
                ),
            PageFigures.count(
                "V2.thirdPartyContributionCount",
                "Tredjepartsbidrag (Statped o.a.) i kommunens partnerskap, alle år",
                v2.thirdPartyContributionCount
            ),
        ]
        let history = v2.fundingHistory.sorted { $0.year < $1.year }
        let chart = BarChart(
            title: "Vedtatte tilskudd per år for \(v2.name)",
            bars: history.map {
                .init(label: String($0.year), value: $0.decidedOre, text: NorwegianFormat.kroner($0.decidedOre))
            }
        )
        var context = PageContext.base(views: views, officeId: v2.governorOfficeId, parameters: p)
        context["name"] = v2.name
        let sizeBandSet = SizeBands.set(p.sizeBandSet)
        context["sizeBand"] = NorwegianLabels.sizeBand(v2.sizeBand, set: sizeBandSet, reference: views.reference)
        context["figures"] = figures
        context["historyChart"] = chart.svg
        context["history"] = v2.fundingHistory.enumerated().sorted { $0.element.year < $1.element.year }.map {
            index,
            year -> [String: Any] in
            [
                "year": String(year.year), "decided": NorwegianFormat.kroner(year.decidedOre),
                "disbursed": NorwegianFormat.kroner(year.disbursedOre),
                "decidedName": "V2.fundingHistory.\(index).decidedOre", "decidedValue": String(year.decidedOre),
                "disbursedName": "V2.fundingHistory.\(index).disbursedOre", "disbursedValue": String(year.disbursedOre),
                "coRequired": NorwegianFormat.kroner(year.coFinancingRequiredOre),
                "coDocumented": NorwegianFormat.kroner(year.coFinancingDocumentedOre),
            ]
        }
        context["reports"] = v2.reports.map { report -> [String: Any] in
            let lead = owners.contains(report.leadOwnerId)
            return [
                "title": report.title, "year": String(report.year),
                "role": lead
                    ? "Søker"
                    : "Medsøker (søker: \(NorwegianLabels.ownerName(report.leadOwnerId, reference: views.reference)))",
                "status": NorwegianLabels.label(report.status), "outcome": NorwegianLabels.label(report.outcome),
                "requested": NorwegianFormat.kroner(report.requestedAmountOre),
                "decided": NorwegianFormat.kroner(report.decidedAmountOre),
                "decidedHere": NorwegianFormat.kroner(report.decidedToMunicipalityOre),
            ]
        }
        context["hasReports"] = !v2.reports.isEmpty
        context["referrals"] = v2.referralsByStatus.map {
            PageFigures.suppressed(
                "V2.referralsByStatus.\($0.status.name)",
                NorwegianLabels.aggregateLabel($0.status),
                $0.count
            )
        }
        context["hasReferrals"] = !v2.referralsByStatus.isEmpty
        context["notices"] = SectionNotices.list([
            ("behovsmeldinger", v2.needsSection), ("partnerskap", v2.partnershipsSection),
            ("tildeling", v2.allocationSection),
            ("henvisninger", v2.referralSection),
        ])
        return DashboardPage(template: "municipality", title: "Kommuneprofil – \(v2.name)", context: context)
    }
}
