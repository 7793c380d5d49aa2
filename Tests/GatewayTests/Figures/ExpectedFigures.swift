import KSICore

/// Every figure of the region, municipality, partnership-health and referral pages, computed straight from the
/// entities by DOMAIN.md §5 — never through the gateway's view code — as `data-figure` name → raw value, where nil
/// is a figure the page must show without a number (suppressed under PRIV-R5, or not defined: a share of nothing,
/// no frame, a comparison with fewer than two regions). One function per page; the browser suite uses them too.
struct ExpectedFigures {
    let entities: FigureEntities
    var reference: ReferenceData { entities.reference }

    init(_ entities: FigureEntities) { self.entities = entities }

    /// One amount decided for a year (§5 "amount"): a signed decision's approved amount for Y, or a confirmed
    /// (or reduced) multi-year amount for Y, with the recommendation line it funds.
    struct Amount {
        var amountOre: Int64
        var recipientOrgId: String
        var line: RecommendationLine?
        var needsReportIds: [String]
    }

    var linesById: [String: RecommendationLine] {
        var lines: [String: RecommendationLine] = [:]
        for recommendation in entities.recommendations { for line in recommendation.lines { lines[line.id] = line } }
        return lines
    }

    /// The year's decided amounts; `office` empty = every embete, `scheme` unspecified = every scheme.
    func amounts(year: Int32, office: String, scheme: Scheme) -> [Amount] {
        func inScope(_ itemOffice: String, _ itemScheme: Scheme) -> Bool {
            (office.isEmpty || itemOffice == office) && (scheme == .unspecified || itemScheme == scheme)
        }
        let lines = linesById
        var result = entities.decisions.filter {
            $0.status == .signed && $0.year == year && $0.approvedAmountOre > 0
                && inScope($0.governorOfficeId, $0.scheme)
        }.map {
            Amount(
                amountOre: $0.approvedAmountOre,
                recipientOrgId: $0.recipientOrgId,
                line: lines[$0.lineId],
                needsReportIds: $0.needsReportIds
            )
        }
        let grants = Dictionary(entities.grants.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for commitment in entities.commitments
        where commitment.year == year && [.confirmed, .reduced].contains(commitment.status)
            && commitment.confirmedAmountOre > 0
        {
            guard let grant = grants[commitment.grantId], inScope(grant.governorOfficeId, grant.scheme) else {
                continue
            }
            let line = lines[commitment.recommendationLineId]
            let decision = entities.decisions.first { $0.id == commitment.grantDecisionId }
            result.append(
                Amount(
                    amountOre: commitment.confirmedAmountOre,
                    recipientOrgId: grant.recipientOrgId,
                    line: line,
                    needsReportIds: decision?.needsReportIds ?? line?.needsReportIds ?? []
                )
            )
        }
        return result
    }

    // MARK: Region page (V1, V3, V4, V5, V6, V11)

    func region(office: String, scheme: Scheme, year: Int32) -> [String: Int64?] {
        var out: [String: Int64?] = [:]
        let frames = entities.frames.filter { $0.governorOfficeId == office && $0.scheme == scheme && $0.year == year }
        let frame =
            frames.first { $0.status == .published }
            ?? frames.max { ($0.updatedAt, $0.version) < ($1.updatedAt, $1.version) }
        let frameOre = frame?.amountOre
        let reports = entities.reports.filter {
            $0.governorOfficeId == office && $0.scheme == scheme && $0.year == year
        }
        let requested = reports.filter { ![.draft, .withdrawn].contains($0.status) }.reduce(0) {
            $0 + $1.requestedAmountOre
        }
        let amounts = amounts(year: year, office: office, scheme: scheme)
        let decided = amounts.reduce(0) { $0 + $1.amountOre }
        let grants = Set(
            entities.grants.filter { $0.governorOfficeId == office && $0.scheme == scheme && $0.year == year }.map(\.id)
        )
        // V3: commitments for Y on grants of earlier years, not cancelled; the confirmed amount once confirmed or reduced.
        let grantsById = Dictionary(entities.grants.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let precommitted = entities.commitments.filter { commitment in
            guard commitment.year == year, commitment.status != .cancelled, let grant = grantsById[commitment.grantId]
            else { return false }
            return grant.year < year && grant.governorOfficeId == office && grant.scheme == scheme
        }.reduce(0) { $0 + ([.confirmed, .reduced].contains($1.status) ? $1.confirmedAmountOre : $1.amountOre) }

        out.updateValue(frameOre, forKey: "V1.totals.frameOre")
        out.updateValue(requested, forKey: "V1.totals.requestedOre")
        out.updateValue(decided, forKey: "V1.totals.decidedOre")
        out.updateValue(
            entities.disbursements.filter { grants.contains($0.grantId) }.reduce(0) { $0 + $1.amountOre },
            forKey: "V1.totals.disbursedOre"
        )
        out.updateValue(frameOre.flatMap { share(decided, of: $0) }, forKey: "V1.totals.utilisationBp")
        out.updateValue(frameOre.flatMap { share(requested, of: $0) }, forKey: "V3.totals.demandRatioBp")
        out.updateValue(precommitted, forKey: "V3.totals.precommittedOre")
        out.updateValue(frameOre.map { $0 - precommitted }, forKey: "V3.totals.availableOre")
        out.updateValue(share(decided, of: requested), forKey: "V3.totals.coverageBp")
        for (status, count) in Dictionary(grouping: reports, by: \.status).mapValues(\.count) {
            out.updateValue(Int64(count), forKey: "V1.totals.reportsByStatus.\(status.name)")
        }
        specialNeeds(amounts, into: &out)
        kindergarten(amounts, office: office, scheme: scheme, year: year, into: &out)
        fragmentation(amounts, into: &out)
        participation(amounts, office: office, scheme: scheme, year: year, into: &out)
        return out
    }

    /// V4: a line is special-needs when any of its themes is in a special-needs category (§3.7); its themes are the
    /// union of its measures' themes, or the needs snapshot on the line before it has measures; no themes = unknown.
    func specialNeeds(_ amounts: [Amount], into out: inout [String: Int64?]) {
        var total: Int64 = 0
        var inclusive: Int64 = 0
        var weighted: Int64 = 0
        var unknown: Int64 = 0
        for amount in amounts {
            total += amount.amountOre
            let themes = Set(themes(of: amount.line).filter { $0 != .unspecified })
            guard !themes.isEmpty else {
                unknown += amount.amountOre
                continue
            }
            let special = themes.filter { theme in
                [.highFrequencyDifficulty, .targetedSpecialNeeds, .lowFrequencySpecialised].contains(
                    reference.theme(theme)?.category
                )
            }.count
            guard special > 0 else { continue }
            inclusive += amount.amountOre
            weighted += amount.amountOre * Int64(special) / Int64(themes.count)
        }
        out.updateValue(share(inclusive, of: total), forKey: "V4.totals.specialNeedsShareInclusiveBp")
        out.updateValue(share(weighted, of: total), forKey: "V4.totals.specialNeedsShareWeightedBp")
        out.updateValue(unknown, forKey: "V4.totals.unknownAmountOre")
    }

    func themes(of line: RecommendationLine?) -> [ThemeCode] {
        guard let line else { return [] }
        let fromMeasures = entities.measures.filter { $0.grantLineId == line.id }.flatMap(\.themes).filter {
            $0 != .unspecified
        }
        return fromMeasures.isEmpty ? line.themes : fromMeasures
    }

    /// V5: Σ(amount × kindergarten units ÷ the line's units) ÷ Σ amounts (a line without units weighs its sectors
    /// equally; with neither it is unknown); parity = share of kindergartens taking part ÷ share of all units taking
    /// part, where taking part is being on a decided line or in a measure of the year that is not aborted.
    func kindergarten(
        _ amounts: [Amount],
        office: String,
        scheme: Scheme,
        year: Int32,
        into out: inout [String: Int64?]
    ) {
        var total: Int64 = 0
        var kindergarten: Int64 = 0
        var unknown: Int64 = 0
        var participating = Set<String>()
        for amount in amounts {
            total += amount.amountOre
            let units = Set(amount.line?.participatingUnitIds ?? [])
            participating.formUnion(units)
            if !units.isEmpty {
                kindergarten +=
                    amount.amountOre * Int64(units.filter { reference.unit($0)?.unitType == .kindergarten }.count)
                    / Int64(units.count)
            } else if let sectors = amount.line.map({ Set($0.sectors) }), !sectors.isEmpty {
                kindergarten += sectors.contains(.kindergarten) ? amount.amountOre / Int64(sectors.count) : 0
            } else {
                unknown += amount.amountOre
            }
        }
        participating.formUnion(measures(office: office, scheme: scheme, year: year).flatMap(\.participatingUnitIds))
        let units = regionUnits(office: office, year: year)
        let kindergartens = units.filter { $0.unitType == .kindergarten }
        let kindergartensTakingPart = Int64(kindergartens.filter { participating.contains($0.id) }.count)
        let takingPart = Int64(units.filter { participating.contains($0.id) }.count)
        out.updateValue(share(kindergarten, of: total), forKey: "V5.totals.kindergartenShareBp")
        out.updateValue(unknown, forKey: "V5.totals.unknownAmountOre")
        out.updateValue(
            parity(
                kindergartensTakingPart,
                of: Int64(kindergartens.count),
                comparedTo: takingPart,
                of: Int64(units.count)
            ),
            forKey: "V5.totals.participationParityBp"
        )
    }

    /// V6: hhi = Σ(aᵢ/A)², fragmentation = 1 − hhi; micro share = lines below the threshold ÷ lines.
    func fragmentation(_ amounts: [Amount], into out: inout [String: Int64?]) {
        let values = amounts.map(\.amountOre)
        let total = values.reduce(0, +)
        let threshold = entities.microGrantThresholdOre ?? 10_000_000
        out.updateValue(Int64(values.count), forKey: "V6.totals.lineCount")
        out.updateValue(
            share(Int64(values.filter { $0 < threshold }.count), of: Int64(values.count)),
            forKey: "V6.totals.microShareBp"
        )
        if total > 0 {
            let squares = values.reduce(UInt128(0)) { $0 + UInt128($1) * UInt128($1) }
            let hhi = Int64(squares * 10_000 / (UInt128(total) * UInt128(total)))
            out.updateValue(10_000 - hhi, forKey: "V6.totals.fragmentationBp")
        } else {
            out.updateValue(nil, forKey: "V6.totals.fragmentationBp")
        }
    }

    /// V1 participation and partnerships, V11 units by owner type, for year Y.
    func participation(
        _ amounts: [Amount],
        office: String,
        scheme: Scheme,
        year: Int32,
        into out: inout [String: Int64?]
    ) {
        let yearEnd = LocalDate(year: year, month: 12, day: 31)
        let municipalities = Set(reference.municipalities(inGovernorOffice: office, on: yearEnd).map(\.id))
        let measures = measures(office: office, scheme: scheme, year: year)
        var taking = Set<String>()
        for amount in amounts {
            if let owner = reference.owner(amount.recipientOrgId), owner.ownerType == .municipality {
                taking.insert(owner.municipalityId)
            }
        }
        for unit in measures.flatMap(\.participatingUnitIds) {
            if let unit = reference.unit(unit) { taking.insert(unit.municipalityId) }
        }
        let participating = Int64(taking.intersection(municipalities).count)
        out.updateValue(participating, forKey: "V1.totals.participatingMunicipalities")
        out.updateValue(Int64(municipalities.count), forKey: "V1.totals.totalMunicipalities")
        out.updateValue(
            share(participating, of: Int64(municipalities.count)),
            forKey: "V1.totals.municipalParticipationBp"
        )
        let active = entities.partnerships.filter {
            $0.governorOfficeId == office && $0.scheme == scheme && activeInYear($0, year)
        }
        out.updateValue(Int64(active.count), forKey: "V1.totals.activePartnerships")

        var unitsTakingPart = Set(amounts.flatMap { $0.line?.participatingUnitIds ?? [] })
        unitsTakingPart.formUnion(measures.flatMap(\.participatingUnitIds))
        let units = regionUnits(office: office, year: year)
        func ownerType(_ unit: Unit) -> OwnerType? { reference.owner(unit.ownerId)?.ownerType }
        let privateUnits = units.filter { [.privateKindergarten, .privateSchool].contains(ownerType($0)) }
        let municipalUnits = units.filter { ownerType($0) == .municipality }
        let privateTaking = Int64(privateUnits.filter { unitsTakingPart.contains($0.id) }.count)
        let municipalTaking = Int64(municipalUnits.filter { unitsTakingPart.contains($0.id) }.count)
        out.updateValue(municipalTaking, forKey: "V11.totals.municipalUnitsParticipating")
        out.updateValue(privateTaking, forKey: "V11.totals.privateUnitsParticipating")
        out.updateValue(
            parity(
                privateTaking,
                of: Int64(privateUnits.count),
                comparedTo: municipalTaking,
                of: Int64(municipalUnits.count)
            ),
            forKey: "V11.totals.privateParityBp"
        )
    }

    /// Measures of the embete and scheme that are not aborted and run in Y (start year ≤ Y ≤ end year).
    func measures(office: String, scheme: Scheme, year: Int32) -> [Measure] {
        entities.measures.filter {
            $0.governorOfficeId == office && $0.scheme == scheme && $0.status != .aborted
                && ($0.startDate.map { $0.year <= year } ?? true) && ($0.endDate.map { $0.year >= year } ?? true)
        }
    }

    /// A partnership active in Y: activated (never a draft; suspended not counted), activated by the end of Y, not
    /// ended before Y, and with an agreement valid for part of Y.
    func activeInYear(_ partnership: Partnership, _ year: Int32) -> Bool {
        guard [.active, .terminating, .terminated, .expired].contains(partnership.status) else { return false }
        func yearOf(_ millis: Int64) -> Int32? {
            millis > 0 ? Int32(OsloCalendar.localDate(atMillis: millis).year) : nil
        }
        if let activated = yearOf(partnership.activatedAt), activated > year { return false }
        if let ended = [partnership.terminatedAt, partnership.expiredAt].compactMap(yearOf).min(), ended < year {
            return false
        }
        let agreements = (partnership.agreement.map { [$0] } ?? []) + partnership.previousAgreements
        return agreements.isEmpty
            || agreements.contains {
                ($0.validFrom.map { $0.year <= year } ?? true) && ($0.validTo.map { $0.year >= year } ?? true)
            }
    }

    /// The units of the embete's municipalities at the end of Y, PPT offices excluded.
    func regionUnits(office: String, year: Int32) -> [Unit] {
        let municipalities = Set(
            reference.municipalities(inGovernorOffice: office, on: LocalDate(year: year, month: 12, day: 31)).map(\.id)
        )
        return reference.set.units.filter { municipalities.contains($0.municipalityId) && $0.unitType != .pptOffice }
    }

    // MARK: Arithmetic (basis points rounded down; nil = not defined)

    func share(_ part: Int64, of whole: Int64) -> Int64? { whole > 0 ? part * 10_000 / whole : nil }

    /// (a ÷ A) ÷ (b ÷ B) in basis points; not defined when A or b is 0.
    func parity(_ a: Int64, of totalA: Int64, comparedTo b: Int64, of totalB: Int64) -> Int64? {
        guard totalA > 0, b > 0 else { return nil }
        return a * totalB * 10_000 / (totalA * b)
    }
}
