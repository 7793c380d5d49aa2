import KSICore

/// Referral queue and waiting times, aggregated only (V13, V8, V9; PRIV-R5: counts under 5 are hidden):
/// the open queue by status, waiting times per interval, and equity by region and by age division.
enum ReferralPage {
    static func render(
        views: GatewayViews,
        officeId: String,
        parameters p: ViewParameters,
        caller: Caller
    ) async throws -> DashboardPage {
        async let queue = views.referralQueue(
            .with {
                $0.governorOfficeId = officeId
                $0.year = p.year
            },
            caller: caller
        )
        async let waiting = views.referralWaitingTimes(
            .with {
                $0.governorOfficeId = officeId
                $0.year = p.year
                $0.breakdowns = [.ageDivision]
            },
            caller: caller
        )
        async let equity = views.referralEquity(
            .with {
                $0.governorOfficeId = officeId
                $0.year = p.year
            },
            caller: caller
        )
        let v13 = try await queue
        let v8 = try await waiting
        let v9 = try await equity
        let totals = v8.totals ?? ReferralWaitingTimeFigures()
        var context = PageContext.base(views: views, officeId: officeId, parameters: p)
        let year = String(v8.year)
        context["asOf"] = NorwegianFormat.date(views.time.today())
        context["queue"] = v13.byStatus.map {
            PageFigures.suppressed(
                "V13.byStatus.\($0.status.name)",
                NorwegianLabels.aggregateLabel($0.status),
                $0.count
            )
        }
        context["hasQueue"] = !v13.byStatus.isEmpty
        let queueBars = v13.byStatus.filter { !($0.count?.suppressed ?? true) }.map {
            BarChart.Bar(
                label: NorwegianLabels.aggregateLabel($0.status),
                value: $0.count?.value ?? 0,
                text: NorwegianFormat.integer($0.count?.value ?? 0)
            )
        }
        context["queueChart"] =
            BarChart(title: "Åpne henvisninger etter status (antall under 5 vises ikke)", bars: queueBars).svg
        let startup = totals.intervals.first { $0.interval == .tStartup }?.n
        context["summary"] = [
            startupSla(totals.startupSlaBp, n: startup, year: year),
            PageFigures.suppressed("V8.totals.openCases", "Åpne saker nå", totals.openCases),
            // V9's national median is 0 when the national count is under 5 (PRIV-R5) or no case reached service.
            v9.nationalMedianTToServiceDays > 0
                ? PageFigures.count(
                    "V9.nationalMedianTToServiceDays",
                    "Median dager fra mottatt til tjeneste i \(year) (hele landet)",
                    Int64(v9.nationalMedianTToServiceDays)
                )
                : PageFigures.missing(
                    "V9.nationalMedianTToServiceDays",
                    "Median dager fra mottatt til tjeneste i \(year) (hele landet)",
                    "ikke tilgjengelig (færre enn 5 saker)"
                ),
            PageFigures.ratio(
                "V9.equityGapBp",
                "Forskjell mellom regionene (høyeste median delt på laveste)",
                Int64(v9.equityGapBp),
                definedWhen: v9.equityGapBp > 0,
                undefined: "ikke definert (færre enn to regioner med minst 5 saker)"
            ),
        ]
        context["intervals"] = totals.intervals.map { interval -> [String: Any] in
            let name = "V8.totals.intervals.\(interval.interval.name).medianDays"
            let hidden = interval.n?.suppressed ?? false
            let none = (interval.n?.value ?? 0) == 0 && !hidden
            let missing = hidden ? "skjult" : "ingen saker"
            return [
                "label": intervalLabel(interval.interval),
                "n": hidden ? PageFigures.hiddenText : NorwegianFormat.integer(interval.n?.value ?? 0),
                "median": hidden || none ? missing : NorwegianFormat.integer(Int64(interval.medianDays)),
                "p90": hidden || none ? missing : NorwegianFormat.integer(Int64(interval.p90Days)),
                "name": name, "value": hidden || none ? "" : String(interval.medianDays),
            ]
        }
        context["regions"] = v9.rows.enumerated().filter {
            $0.element.divisionId.isEmpty && $0.element.subjectArea == .unspecified
        }.map { index, row -> [String: Any] in
            let nHidden = row.n?.suppressed ?? false
            let referralsHidden = row.referrals?.suppressed ?? false
            let ratioShown = !nHidden && v9.nationalMedianTToServiceDays > 0
            let name = "V9.rows.\(index)"
            return [
                "region": views.reference.governorOffice(row.governorOfficeId)?.name ?? "ukjent embete",
                "n": nHidden ? PageFigures.hiddenText : NorwegianFormat.integer(row.n?.value ?? 0),
                "nName": "\(name).n", "nValue": nHidden ? "" : String(row.n?.value ?? 0),
                "median": nHidden ? "skjult" : NorwegianFormat.integer(Int64(row.medianTToServiceDays)),
                "medianName": "\(name).medianTToServiceDays",
                "medianValue": nHidden ? "" : String(row.medianTToServiceDays),
                "ratio": ratioShown ? NorwegianFormat.ratio(Int64(row.regionRatioBp)) : "ikke tilgjengelig",
                "ratioName": "\(name).regionRatioBp", "ratioValue": ratioShown ? String(row.regionRatioBp) : "",
                // V9: referrals ÷ children aged 0–19 × 10 000, a rate per 10 000 children (not a percentage).
                "rate": referralsHidden
                    ? "skjult" : "\(NorwegianFormat.integer(Int64(row.referralRateBp))) per 10 000 barn",
                "rateName": "\(name).referralRateBp", "rateValue": referralsHidden ? "" : String(row.referralRateBp),
            ]
        }
        context["divisions"] = v8.groups.enumerated().filter { !$0.element.divisionId.isEmpty }.map {
            index,
            group -> [String: Any] in
            let figures = group.figures ?? ReferralWaitingTimeFigures()
            let total = figures.intervals.first { $0.interval == .tTotal }
            let startupN = figures.intervals.first { $0.interval == .tStartup }?.n
            let hidden = total?.n?.suppressed ?? false
            let none = (total?.n?.value ?? 0) == 0 && !hidden
            let sla = startupSla(figures.startupSlaBp, n: startupN, year: year)
            let name = "V8.groups.\(index).figures"
            return [
                "division": NorwegianLabels.division(group.divisionId, reference: views.reference),
                "n": hidden ? PageFigures.hiddenText : NorwegianFormat.integer(total?.n?.value ?? 0),
                "nName": "\(name).intervals.tTotal.n", "nValue": hidden ? "" : String(total?.n?.value ?? 0),
                "median": hidden
                    ? "skjult" : none ? "ingen saker" : NorwegianFormat.integer(Int64(total?.medianDays ?? 0)),
                "medianName": "\(name).intervals.tTotal.medianDays",
                "medianValue": hidden || none ? "" : String(total?.medianDays ?? 0),
                "sla": sla["text"] as? String ?? "", "slaName": "\(name).startupSlaBp",
                "slaValue": sla["value"] as? String ?? "",
            ]
        }
        context["notices"] = SectionNotices.list([("henvisninger", v13.referralSection)])
        return DashboardPage(
            template: "referrals",
            title: "Henvisninger – \(context["officeName"] as? String ?? "")",
            context: context
        )
    }

    /// The share of start-up meetings within 14 days (REF-R10): hidden with its count (PRIV-R5), not defined without one.
    static func startupSla(_ bp: Int32, n: SuppressedCount?, year: String) -> [String: Any] {
        let name = "V8.totals.startupSlaBp"
        let label = "Oppstartsmøte innen 14 dager etter akseptert (andel i \(year))"
        if n?.suppressed ?? false { return PageFigures.missing(name, label, "skjult (under 5 saker)") }
        return PageFigures.percent(
            name,
            label,
            Int64(bp),
            definedWhen: (n?.value ?? 0) > 0,
            undefined: "ikke definert (ingen oppstartsmøter)"
        )
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
