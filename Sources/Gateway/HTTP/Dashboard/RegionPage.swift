import KSICore

/// Region overview: demand vs frame, oversubscription, fragmentation, special-needs and kindergarten
/// shares, and participation by owner type (V1, V3, V4, V5, V6, V11 for one embete).
enum RegionPage {
    static func render(
        views: GatewayViews,
        officeId: String,
        parameters p: ViewParameters,
        caller: Caller
    ) async throws -> DashboardPage {
        guard let office = views.reference.governorOffice(officeId) else {
            throw DomainError.notFound("embete", officeId)
        }
        async let overview = views.regionOverview(
            .with {
                $0.governorOfficeId = officeId
                p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
            },
            caller: caller
        )
        async let demand = views.demandVsBudget(
            .with {
                $0.governorOfficeId = officeId
                p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
            },
            caller: caller
        )
        async let special = views.specialNeedsShare(
            .with {
                $0.governorOfficeId = officeId
                p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
            },
            caller: caller
        )
        async let kindergarten = views.kindergartenShare(
            .with {
                $0.governorOfficeId = officeId
                p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
            },
            caller: caller
        )
        async let fragmentation = views.fragmentationIndex(
            .with {
                $0.governorOfficeId = officeId
                p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
            },
            caller: caller
        )
        async let participation = views.participationAndInclusion(
            .with {
                $0.governorOfficeId = officeId
                p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
            },
            caller: caller
        )
        let v1 = try await overview
        let v3 = try await demand
        let v4 = try await special
        let v5 = try await kindergarten
        let v6 = try await fragmentation
        let v11 = try await participation
        let totals = v1.totals ?? RegionOverviewFigures()
        let d = v3.totals ?? DemandVsBudgetFigures()
        let s = v4.totals ?? SpecialNeedsShareFigures()
        let k = v5.totals ?? KindergartenShareFigures()
        let f = v6.totals ?? FragmentationFigures()
        let i = v11.totals ?? ParticipationAndInclusionFigures()

        let year = String(v1.year)
        let hasFrame = totals.frameOre > 0
        let money: [[String: Any]] = [
            hasFrame
                ? PageFigures.kroner("V1.totals.frameOre", "Ramme", totals.frameOre)
                : PageFigures.missing("V1.totals.frameOre", "Ramme", PageFigures.noFrame),
            PageFigures.kroner("V1.totals.requestedOre", "Søkt", totals.requestedOre),
            PageFigures.kroner("V1.totals.decidedOre", "Vedtatt", totals.decidedOre),
            PageFigures.kroner("V1.totals.disbursedOre", "Utbetalt", totals.disbursedOre),
            PageFigures.percent(
                "V1.totals.utilisationBp",
                "Andel av rammen vedtatt",
                Int64(totals.utilisationBp),
                definedWhen: hasFrame,
                undefined: PageFigures.noFrame
            ),
        ]
        let demandFigures: [[String: Any]] = [
            PageFigures.ratio(
                "V3.totals.demandRatioBp",
                "Overtegning (søkt delt på ramme)",
                d.demandRatioBp,
                of: "rammen",
                definedWhen: hasFrame,
                undefined: PageFigures.noFrame
            ),
            PageFigures.kroner("V3.totals.precommittedOre", "Bundet fra tidligere år", d.precommittedOre),
            available(d, hasFrame: hasFrame),
            PageFigures.percent(
                "V3.totals.coverageBp",
                "Dekningsgrad (vedtatt delt på søkt)",
                Int64(d.coverageBp),
                definedWhen: d.requestedOre > 0,
                undefined: "ikke definert (ingenting søkt)"
            ),
        ]
        let noLines = "ikke definert (ingen vedtatte tilskudd)"
        let shares: [[String: Any]] = [
            PageFigures.percent(
                "V4.totals.specialNeedsShareInclusiveBp",
                "Andel til spesialpedagogikk",
                Int64(s.specialNeedsShareInclusiveBp),
                definedWhen: s.totalAmountOre > 0,
                undefined: noLines
            ),
            PageFigures.percent(
                "V4.totals.specialNeedsShareWeightedBp",
                "Andel til spesialpedagogikk (vektet etter tema)",
                Int64(s.specialNeedsShareWeightedBp),
                definedWhen: s.totalAmountOre > 0,
                undefined: noLines
            ),
            PageFigures.kroner(
                "V4.totals.unknownAmountOre",
                "Ukjent tema (linjer uten behovsgrunnlag)",
                s.unknownAmountOre
            ),
            PageFigures.percent(
                "V5.totals.kindergartenShareBp",
                "Andel til barnehage",
                Int64(k.kindergartenShareBp),
                definedWhen: k.totalAmountOre > 0,
                undefined: noLines
            ),
            PageFigures.kroner(
                "V5.totals.unknownAmountOre",
                "Ukjent sektor (linjer uten behovsgrunnlag)",
                k.unknownAmountOre
            ),
            PageFigures.percent(
                "V5.totals.participationParityBp",
                "Deltakelsesparitet barnehage",
                Int64(k.participationParityBp),
                definedWhen: k.unitsParticipating > 0 && k.kindergartenUnitsTotal > 0,
                undefined: "ikke definert (ingen enheter deltar)"
            ),
            PageFigures.percent(
                "V6.totals.fragmentationBp",
                "Fragmentering",
                Int64(f.fragmentationBp),
                definedWhen: f.lineCount > 0 && f.totalAmountOre > 0,
                undefined: noLines
            ),
            PageFigures.percent(
                "V6.totals.microShareBp",
                "Andel småtilskudd",
                Int64(f.microShareBp),
                definedWhen: f.lineCount > 0,
                undefined: noLines
            ),
            PageFigures.count("V6.totals.lineCount", "Tilskuddslinjer", f.lineCount),
        ]
        let participationFigures: [[String: Any]] = [
            PageFigures.count(
                "V1.totals.participatingMunicipalities",
                "Kommuner som deltar i \(year)",
                totals.participatingMunicipalities
            ),
            PageFigures.count("V1.totals.totalMunicipalities", "Kommuner i embetet", totals.totalMunicipalities),
            PageFigures.percent(
                "V1.totals.municipalParticipationBp",
                "Kommunal deltakelse i \(year)",
                Int64(totals.municipalParticipationBp),
                definedWhen: totals.totalMunicipalities > 0
            ),
            PageFigures.count(
                "V1.totals.activePartnerships",
                "Partnerskap aktive i \(year)",
                totals.activePartnerships
            ),
            PageFigures.count(
                "V11.totals.municipalUnitsParticipating",
                "Kommunale enheter som deltar i \(year)",
                i.municipalUnitsParticipating
            ),
            PageFigures.count(
                "V11.totals.privateUnitsParticipating",
                "Private enheter som deltar i \(year)",
                i.privateUnitsParticipating
            ),
            PageFigures.percent(
                "V11.totals.privateParityBp",
                "Paritet (andel private enheter som deltar, delt på andel kommunale)",
                Int64(i.privateParityBp),
                definedWhen: i.privateUnitsTotal > 0 && i.municipalUnitsParticipating > 0,
                undefined: "ikke definert (ingen kommunale enheter deltar)"
            ),
        ]
        let demandChart = BarChart(
            title: "Søkt, ramme og vedtatt for \(office.name)",
            bars: [
                .init(label: "Søkt", value: totals.requestedOre, text: NorwegianFormat.kroner(totals.requestedOre)),
                .init(label: "Ramme", value: totals.frameOre, text: NorwegianFormat.kroner(totals.frameOre)),
                .init(label: "Vedtatt", value: totals.decidedOre, text: NorwegianFormat.kroner(totals.decidedOre)),
            ]
        )
        let municipalShare = share(i.municipalUnitsParticipating, of: i.municipalUnitsTotal)
        let privateShare = share(i.privateUnitsParticipating, of: i.privateUnitsTotal)
        let ownerChart = BarChart(
            title: "Andel enheter som deltar, etter eiertype",
            bars: [
                .init(label: "Kommunale eiere", value: municipalShare, text: NorwegianFormat.percent(municipalShare)),
                .init(label: "Private eiere", value: privateShare, text: NorwegianFormat.percent(privateShare)),
            ]
        )
        let statuses = totals.reportsByStatus.map {
            [
                "status": NorwegianLabels.label($0.status), "count": NorwegianFormat.integer($0.count),
                "name": "V1.totals.reportsByStatus.\($0.status.name)", "value": String($0.count),
            ]
        }
        var context = PageContext.base(views: views, officeId: officeId, parameters: p)
        context["money"] = money
        context["demand"] = demandFigures
        context["shares"] = shares
        context["participation"] = participationFigures
        context["demandChart"] = demandChart.svg
        context["ownerChart"] = ownerChart.svg
        context["reportsByStatus"] = statuses
        context["hasReports"] = !statuses.isEmpty
        context["municipalities"] = views.reference.municipalities(inGovernorOffice: officeId).sorted {
            NorwegianOrder.precedes($0.name, $1.name)
        }
        .map { ["id": $0.id, "name": $0.name] }
        context["notices"] = SectionNotices.list([
            ("tildeling", v1.allocationSection), ("behovsmeldinger", v1.needsSection),
            ("partnerskap", v1.partnershipsSection),
        ])
        return DashboardPage(template: "region", title: "Regionoversikt – \(office.name)", context: context)
    }

    /// V3 available = frame − precommitted: «ikke fastsatt» without a frame; when earlier years bound more than
    /// the frame, «ingen» with how much more, never a negative amount presented as available.
    static func available(_ d: DemandVsBudgetFigures, hasFrame: Bool) -> [String: Any] {
        let name = "V3.totals.availableOre"
        let label = "Tilgjengelig (ramme minus bundet)"
        guard hasFrame else { return PageFigures.missing(name, label, PageFigures.noFrame) }
        guard d.availableOre < 0 else { return PageFigures.kroner(name, label, d.availableOre) }
        var context = PageFigures.kroner(name, label, d.availableOre)
        context["text"] = "ingen – \(NorwegianFormat.kroner(-d.availableOre)) mer bundet enn rammen"
        return context
    }

    /// part ÷ whole in basis points, rounded down; 0 when whole is 0.
    static func share(_ part: Int64, of whole: Int64) -> Int64 { whole == 0 ? 0 : part * 10_000 / whole }
}
