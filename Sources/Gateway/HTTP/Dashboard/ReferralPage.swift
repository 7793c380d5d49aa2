import KSICore

/// Referral queue and waiting times, aggregated only (V13, V8, V9; PRIV-R5: counts under 5 are hidden):
/// the open queue by status, waiting times per interval, and equity by region and by age division.
enum ReferralPage {
    static func render(views: GatewayViews, officeId: String, parameters p: ViewParameters, caller: Caller) async throws -> DashboardPage {
        async let queue = views.referralQueue(.with { $0.governorOfficeId = officeId; $0.year = p.year }, caller: caller)
        async let waiting = views.referralWaitingTimes(.with { $0.governorOfficeId = officeId; $0.year = p.year; $0.breakdowns = [.ageDivision] }, caller: caller)
        async let equity = views.referralEquity(.with { $0.governorOfficeId = officeId; $0.year = p.year }, caller: caller)
        let v13 = try await queue, v8 = try await waiting, v9 = try await equity
        let totals = v8.totals ?? ReferralWaitingTimeFigures()
        var context = PageContext.base(views: views, officeId: officeId, parameters: p)
        context["queue"] = v13.byStatus.map { Figure.suppressed("V13.byStatus.\($0.status.name)", NorwegianLabels.label($0.status), $0.count).context }
        context["hasQueue"] = !v13.byStatus.isEmpty
        let queueBars = v13.byStatus.filter { !($0.count?.suppressed ?? true) }.map {
            BarChart.Bar(label: NorwegianLabels.label($0.status), value: $0.count?.value ?? 0, text: NorwegianFormat.integer($0.count?.value ?? 0))
        }
        context["queueChart"] = BarChart(title: "Åpne henvisninger etter status", bars: queueBars).svg
        context["summary"] = [
            Figure.percent("V8.totals.startupSlaBp", "Oppstart innen 14 dager", totals.startupSlaBp).context,
            Figure.suppressed("V8.totals.openCases", "Åpne saker", totals.openCases).context,
            Figure.count("V9.nationalMedianTToServiceDays", "Median dager til tjeneste (landet)", Int64(v9.nationalMedianTToServiceDays)).context,
            Figure.percent("V9.equityGapBp", "Forskjell høyeste ÷ laveste region", v9.equityGapBp).context,
        ]
        context["intervals"] = totals.intervals.map { interval -> [String: Any] in
            let n = Figure.suppressed("V8.totals.intervals.\(interval.interval.name).n", "n", interval.n)
            return ["label": intervalLabel(interval.interval), "n": n.text, "median": String(interval.medianDays), "p90": String(interval.p90Days),
                    "name": "V8.totals.intervals.\(interval.interval.name).medianDays", "value": String(interval.medianDays)]
        }
        context["regions"] = v9.rows.filter { $0.divisionId.isEmpty && $0.subjectArea == .unspecified }.map { row -> [String: Any] in
            ["region": views.reference.governorOffice(row.governorOfficeId)?.name ?? row.governorOfficeId,
             "n": Figure.suppressed("", "", row.n).text, "median": String(row.medianTToServiceDays),
             "ratio": NorwegianFormat.ratio(Int64(row.regionRatioBp)), "rate": NorwegianFormat.percent(Int64(row.referralRateBp))]
        }
        context["divisions"] = v8.groups.filter { !$0.divisionId.isEmpty }.map { group -> [String: Any] in
            let figures = group.figures ?? ReferralWaitingTimeFigures()
            let total = figures.intervals.first { $0.interval == .tTotal }
            return ["division": NorwegianLabels.division(group.divisionId, reference: views.reference), "n": Figure.suppressed("", "", total?.n).text,
                    "median": String(total?.medianDays ?? 0), "sla": NorwegianFormat.percent(Int64(figures.startupSlaBp))]
        }
        context["notices"] = SectionNotices.list([("henvisninger", v13.referralSection)])
        return DashboardPage(template: "referrals", title: "Henvisninger – \(context["officeName"] as? String ?? "")", context: context)
    }

    static func intervalLabel(_ interval: ReferralInterval) -> String {
        switch interval {
        case .tTriage: "Mottatt til vurdert"
        case .tStartup: "Akseptert til oppstartsmøte"
        case .tToService: "Mottatt til tjeneste"
        case .tTotal: "Mottatt til avsluttet"
        default: "Ukjent"
        }
    }
}
