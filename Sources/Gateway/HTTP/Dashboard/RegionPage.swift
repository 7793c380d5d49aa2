import KSICore

/// Region overview: demand vs frame, oversubscription, fragmentation, special-needs and kindergarten
/// shares, and participation by owner type (V1, V3, V4, V5, V6, V11 for one embete).
enum RegionPage {
    static func render(views: GatewayViews, officeId: String, parameters p: ViewParameters, caller: Caller) async throws -> DashboardPage {
        guard let office = views.reference.governorOffice(officeId) else { throw DomainError.notFound("embete", officeId) }
        async let overview = views.regionOverview(.with { $0.governorOfficeId = officeId; p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet) }, caller: caller)
        async let demand = views.demandVsBudget(.with { $0.governorOfficeId = officeId; p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet) }, caller: caller)
        async let special = views.specialNeedsShare(.with { $0.governorOfficeId = officeId; p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet) }, caller: caller)
        async let kindergarten = views.kindergartenShare(.with { $0.governorOfficeId = officeId; p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet) }, caller: caller)
        async let fragmentation = views.fragmentationIndex(.with { $0.governorOfficeId = officeId; p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet) }, caller: caller)
        async let participation = views.participationAndInclusion(.with { $0.governorOfficeId = officeId; p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet) }, caller: caller)
        let v1 = try await overview, v3 = try await demand, v4 = try await special, v5 = try await kindergarten
        let v6 = try await fragmentation, v11 = try await participation
        let totals = v1.totals ?? RegionOverviewFigures(), d = v3.totals ?? DemandVsBudgetFigures()
        let s = v4.totals ?? SpecialNeedsShareFigures(), k = v5.totals ?? KindergartenShareFigures()
        let f = v6.totals ?? FragmentationFigures(), i = v11.totals ?? ParticipationAndInclusionFigures()

        let money: [Figure] = [
            .kroner("V1.totals.frameOre", "Ramme", totals.frameOre),
            .kroner("V1.totals.requestedOre", "Søkt", totals.requestedOre),
            .kroner("V1.totals.decidedOre", "Vedtatt", totals.decidedOre),
            .kroner("V1.totals.disbursedOre", "Utbetalt", totals.disbursedOre),
            .percent("V1.totals.utilisationBp", "Andel av rammen vedtatt", totals.utilisationBp),
        ]
        let demandFigures: [Figure] = [
            Figure(name: "V3.totals.demandRatioBp", label: "Overtegning (søkt ÷ ramme)", value: d.demandRatioBp, text: NorwegianFormat.ratio(d.demandRatioBp, of: "rammen")),
            .kroner("V3.totals.precommittedOre", "Bundet fra tidligere år", d.precommittedOre),
            .kroner("V3.totals.availableOre", "Tilgjengelig", d.availableOre),
            .percent("V3.totals.coverageBp", "Dekningsgrad (vedtatt ÷ søkt)", d.coverageBp),
        ]
        let shares: [Figure] = [
            .percent("V4.totals.specialNeedsShareInclusiveBp", "Andel til spesialpedagogikk", s.specialNeedsShareInclusiveBp),
            .percent("V4.totals.specialNeedsShareWeightedBp", "Andel til spesialpedagogikk (vektet)", s.specialNeedsShareWeightedBp),
            .kroner("V4.totals.unknownAmountOre", "Ukjent tema (linjer uten behovsgrunnlag)", s.unknownAmountOre),
            .percent("V5.totals.kindergartenShareBp", "Andel til barnehage", k.kindergartenShareBp),
            .kroner("V5.totals.unknownAmountOre", "Ukjent sektor (linjer uten behovsgrunnlag)", k.unknownAmountOre),
            .percent("V5.totals.participationParityBp", "Deltakelsesparitet barnehage", k.participationParityBp),
            .percent("V6.totals.fragmentationBp", "Fragmentering", f.fragmentationBp),
            .percent("V6.totals.microShareBp", "Andel småtilskudd", f.microShareBp),
            .count("V6.totals.lineCount", "Tilskuddslinjer", f.lineCount),
        ]
        let participationFigures: [Figure] = [
            .count("V1.totals.participatingMunicipalities", "Kommuner som deltar", totals.participatingMunicipalities),
            .count("V1.totals.totalMunicipalities", "Kommuner i embetet", totals.totalMunicipalities),
            .percent("V1.totals.municipalParticipationBp", "Kommunal deltakelse", totals.municipalParticipationBp),
            .count("V1.totals.activePartnerships", "Aktive partnerskap", totals.activePartnerships),
            .count("V11.totals.municipalUnitsParticipating", "Kommunale enheter som deltar", i.municipalUnitsParticipating),
            .count("V11.totals.privateUnitsParticipating", "Private enheter som deltar", i.privateUnitsParticipating),
            .percent("V11.totals.privateParityBp", "Paritet private ÷ kommunale", i.privateParityBp),
        ]
        let demandChart = BarChart(title: "Søkt, ramme og vedtatt for \(office.name)", bars: [
            .init(label: "Søkt", value: totals.requestedOre, text: NorwegianFormat.kroner(totals.requestedOre)),
            .init(label: "Ramme", value: totals.frameOre, text: NorwegianFormat.kroner(totals.frameOre)),
            .init(label: "Vedtatt", value: totals.decidedOre, text: NorwegianFormat.kroner(totals.decidedOre)),
        ])
        let municipalShare = share(i.municipalUnitsParticipating, of: i.municipalUnitsTotal)
        let privateShare = share(i.privateUnitsParticipating, of: i.privateUnitsTotal)
        let ownerChart = BarChart(title: "Andel enheter som deltar, etter eiertype", bars: [
            .init(label: "Kommunale eiere", value: municipalShare, text: NorwegianFormat.percent(municipalShare)),
            .init(label: "Private eiere", value: privateShare, text: NorwegianFormat.percent(privateShare)),
        ])
        let statuses = totals.reportsByStatus.map { ["status": NorwegianLabels.label($0.status), "count": NorwegianFormat.integer($0.count)] }
        var context = PageContext.base(views: views, officeId: officeId, parameters: p)
        context["money"] = money.map(\.context)
        context["demand"] = demandFigures.map(\.context)
        context["shares"] = shares.map(\.context)
        context["participation"] = participationFigures.map(\.context)
        context["demandChart"] = demandChart.svg
        context["ownerChart"] = ownerChart.svg
        context["reportsByStatus"] = statuses
        context["hasReports"] = !statuses.isEmpty
        context["municipalities"] = views.reference.municipalities(inGovernorOffice: officeId).sorted { $0.name < $1.name }
            .map { ["id": $0.id, "name": $0.name] }
        context["notices"] = SectionNotices.list([
            ("tildeling", v1.allocationSection), ("behovsmeldinger", v1.needsSection), ("partnerskap", v1.partnershipsSection),
        ])
        return DashboardPage(template: "region", title: "Regionoversikt – \(office.name)", context: context)
    }

    /// part ÷ whole in basis points, rounded down; 0 when whole is 0.
    static func share(_ part: Int64, of whole: Int64) -> Int64 { whole == 0 ? 0 : part * 10_000 / whole }
}
