import KSICore

extension ExpectedFigures {
    // MARK: Municipality page (V2)

    /// V2 for a municipality and year: reference facts, what was decided to its owners in Y per child aged 0–19,
    /// third-party contributions of its partnerships, and its referrals by status under PRIV-R5.
    func municipality(_ id: String, scheme: Scheme, year: Int32) -> [String: Int64?] {
        var out: [String: Int64?] = [:]
        guard
            let municipality = reference.municipality(id, on: LocalDate(year: year, month: 12, day: 31))
                ?? reference.municipality(id)
        else { return out }
        let owners = Set(reference.set.owners.filter { $0.municipalityId == id }.map(\.id))
        let units = Set(reference.set.units.filter { $0.municipalityId == id }.map(\.id))
        let decided = amounts(year: year, office: "", scheme: scheme).filter { owners.contains($0.recipientOrgId) }
            .reduce(0) { $0 + $1.amountOre }
        out.updateValue(municipality.population, forKey: "V2.population")
        out.updateValue(municipality.children0to19, forKey: "V2.children0to19")
        out.updateValue(
            municipality.children0to19 > 0 ? decided / municipality.children0to19 : nil,
            forKey: "V2.decidedPerChildOre"
        )

        func inScheme(_ itemScheme: Scheme) -> Bool { scheme == .unspecified || itemScheme == scheme }
        // Five years of funding, oldest first: decided to its owners in the year, and paid on the year's grants to them.
        for (index, historyYear) in ((year - 4)...year).enumerated() {
            let decidedInYear = amounts(year: historyYear, office: "", scheme: scheme).filter {
                owners.contains($0.recipientOrgId)
            }
            let grants = Set(
                entities.grants.filter {
                    $0.year == historyYear && owners.contains($0.recipientOrgId) && inScheme($0.scheme)
                }.map(\.id)
            )
            out.updateValue(
                decidedInYear.reduce(0) { $0 + $1.amountOre },
                forKey: "V2.fundingHistory.\(index).decidedOre"
            )
            out.updateValue(
                entities.disbursements.filter { grants.contains($0.grantId) }.reduce(0) { $0 + $1.amountOre },
                forKey: "V2.fundingHistory.\(index).disbursedOre"
            )
        }
        let withUnits = Set(
            entities.measures.filter { inScheme($0.scheme) && !units.isDisjoint(with: $0.participatingUnitIds) }.map(
                \.partnershipId
            )
        )
        let mine = entities.partnerships.filter {
            inScheme($0.scheme) && (!owners.isDisjoint(with: $0.ownerIds) || withUnits.contains($0.id))
        }
        let mineIds = Set(mine.map(\.id))
        let contributions = Set(entities.contributions.filter { mineIds.contains($0.partnershipId) }.map(\.id))
            .union(mine.flatMap { $0.thirdParties.map(\.id) })
        out.updateValue(Int64(contributions.count), forKey: "V2.thirdPartyContributionCount")

        let referrals = entities.referrals.filter {
            $0.municipalityId == id && ($0.submittedAt > 0 || $0.acceptedAt > 0)
        }
        let statuses = ReferralStatus.allCases.filter { status in
            referrals.contains { Self.queueStatus($0.status) == status }
        }
        let shown = Self.suppress(
            statuses.map { status in Int64(referrals.filter { Self.queueStatus($0.status) == status }.count) }
        )
        for (status, count) in zip(statuses, shown) {
            out.updateValue(count, forKey: "V2.referralsByStatus.\(status.name)")
        }
        return out
    }

    // MARK: Partnership health page (V7)

    /// V7 band counts over the partnerships in force today (active, suspended, terminating) of the embete.
    func partnershipHealth(office: String, scheme: Scheme) -> [String: Int64?] {
        let inForce = entities.partnerships.filter {
            [.active, .suspended, .terminating].contains($0.status) && $0.governorOfficeId == office
                && (scheme == .unspecified || $0.scheme == scheme)
        }
        let bands = inForce.map { band(score(of: $0)) }
        return ["green", "amber", "red"].reduce(into: [:]) { out, band in
            out.updateValue(Int64(bands.filter { $0 == band }.count), forKey: "V7.bandCounts.\(band)")
        }
    }

    func band(_ score: Int64) -> String { score >= 75 ? "green" : score >= 50 ? "amber" : "red" }

    /// V7 score 0–100 = Σ wₖ·cₖ with the §5 default weights, each cₖ in basis points, rounded half up.
    func score(of partnership: Partnership) -> Int64 {
        let today = entities.today
        let whole: Int64 = 10_000
        // c1 roles: each required role 1 with a deputy, 0.5 without, 0 vacant.
        let required: [PartnershipRole] = [.ownerContact, .uhContact, .coordinator]
        let c1 =
            required.reduce(Int64(0)) { sum, role in
                let holder = partnership.roles.last {
                    $0.role == role && ($0.from.map { $0 <= today } ?? true) && ($0.to.map { today <= $0 } ?? true)
                }
                return sum + (holder == nil ? 0 : holder!.deputyPersonId.isEmpty ? whole / 2 : whole)
            } / Int64(required.count)
        // c2 meetings: held in the last 6 months (182 days) ÷ planned per half-year, at most 1.
        let since = today.adding(days: -182)
        let held = Int64(partnership.meetings.filter { $0.heldOn.map { $0 > since && $0 <= today } ?? false }.count)
        let planned = Int64(partnership.meetingPlan?.plannedPerHalfYear ?? 0)
        let c2 = planned > 0 ? min(whole, held * whole / planned) : (held > 0 ? whole : 0)
        // c3 reporting: the latest report against its due date (or the latest grant due date passed): 1 on time,
        // 0.5 up to 30 days late, 0 later; nothing due = 1.
        let reports = entities.partnershipReports.filter { $0.partnershipId == partnership.id }
        let grantDue = entities.grants.filter { partnership.grantIds.contains($0.id) }.compactMap(\.reportDueOn).filter
        { $0 <= today }.max()
        var c3 = whole
        if let latest = reports.filter({ $0.dueOn != nil }).max(by: { $0.year < $1.year }), let due = latest.dueOn,
            grantDue.map({ $0 <= due }) ?? true
        {
            let submitted = latest.submittedAt > 0 ? OsloCalendar.localDate(atMillis: latest.submittedAt) : today
            let late = due.days(until: submitted)
            c3 = late <= 0 ? whole : late <= 30 ? whole / 2 : 0
        } else if let due = grantDue {
            let late = due.days(until: today)
            c3 = late <= 0 ? whole : late <= 30 ? whole / 2 : 0
        }
        let live = entities.measures.filter { $0.partnershipId == partnership.id && $0.status != .aborted }
        // c4 practice evidence: measures past T2 with a practice-change entry.
        let pastT2 = live.filter { $0.checkpoints?.t2 != nil }
        let c4 =
            pastT2.isEmpty
            ? whole : Int64(pastT2.filter { !$0.practiceChanges.isEmpty }.count) * whole / Int64(pastT2.count)
        // c5 PPT involvement: measures whose pptRole is not none.
        let c5 =
            live.isEmpty
            ? whole
            : Int64(live.filter { ![.none, .unspecified].contains($0.pptRole) }.count) * whole / Int64(live.count)
        // c6 stability: 1 − min(1, role changes in 12 months ÷ 3).
        let year = today.adding(days: -365)
        let changes = Int64(partnership.roles.filter { $0.to.map { $0 > year && $0 <= today } ?? false }.count)
        let c6 = whole - min(whole, changes * whole / 3)
        // c7 conflicts: no open (or mediated) conflict case; cases read separately replace the embedded ones by id.
        let separate = entities.conflicts.filter { $0.partnershipId == partnership.id }
        let cases =
            partnership.conflictCases.filter { embedded in !separate.contains { $0.id == embedded.id } } + separate
        let c7 = cases.contains { $0.status == .open || $0.status == .mediation } ? 0 : whole
        let weighted = 20 * c1 + 15 * c2 + 15 * c3 + 20 * c4 + 10 * c5 + 10 * c6 + 10 * c7
        return (weighted * 100 + 100 * whole / 2) / (100 * whole)
    }

    // MARK: Referral page (V8, V9, V13)

    /// The referral page for an embete and year: V8 waiting times of intervals ending in Y and open cases now,
    /// V9's national median and equity gap, V13's open queue now by status; counts under 5 hidden (PRIV-R5).
    func referrals(office: String, year: Int32) -> [String: Int64?] {
        var out: [String: Int64?] = [:]
        let regional = entities.referrals.filter { $0.region == office }
        let intervals: [(String, (ExpectedReferral) -> (Int64, Int64))] = [
            ("tTriage", { ($0.submittedAt, $0.triagedAt) }), ("tStartup", { ($0.acceptedAt, $0.startupHeldAt) }),
            ("tToService", { ($0.submittedAt, $0.inServiceAt) }), ("tTotal", { ($0.submittedAt, $0.closedAt) }),
        ]
        var startupDays: [Int64] = []
        for (name, span) in intervals {
            let days = Self.days(regional.map(span), endingIn: year)
            if name == "tStartup" { startupDays = days }
            let n = Self.suppress([Int64(days.count)])[0]
            out.updateValue(
                n.flatMap { $0 > 0 ? Self.median(days) : nil },
                forKey: "V8.totals.intervals.\(name).medianDays"
            )
        }
        let startupShown = Self.suppress([Int64(startupDays.count)])[0]
        out.updateValue(
            startupShown.flatMap { $0 > 0 ? Int64(startupDays.filter { $0 <= 14 }.count) * 10_000 / $0 : nil },
            forKey: "V8.totals.startupSlaBp"
        )
        let open = regional.filter { Self.isOpen($0.status) }
        out.updateValue(Self.suppress([Int64(open.count)])[0], forKey: "V8.totals.openCases")
        let statuses = ReferralStatus.allCases.filter { status in
            open.contains { Self.queueStatus($0.status) == status }
        }
        let counts = Self.suppress(
            statuses.map { status in Int64(open.filter { Self.queueStatus($0.status) == status }.count) }
        )
        for (status, count) in zip(statuses, counts) { out.updateValue(count, forKey: "V13.byStatus.\(status.name)") }

        // V8 by age division: the groups that have an interval ending in Y or an open case, by division id (the empty
        // id first); each group's counts suppressed as siblings of the embete's total (secondary suppression).
        func hasCells(_ referral: ExpectedReferral) -> Bool {
            Self.isOpen(referral.status) || intervals.contains { !Self.days([$0.1(referral)], endingIn: year).isEmpty }
        }
        let groups = Dictionary(grouping: regional.filter(hasCells), by: \.divisionId).sorted { $0.key < $1.key }
        func groupCounts(
            _ span: (ExpectedReferral) -> (Int64, Int64)
        ) -> (counts: [Int64], days: [[Int64]], shown: [Int64?]) {
            let days = groups.map { Self.days($0.value.map(span), endingIn: year) }
            let total = Self.days(regional.map(span), endingIn: year).count
            let counts = days.map { Int64($0.count) }
            return (counts, days, Self.suppress(counts, totalShown: Self.suppress([Int64(total)])[0] != nil))
        }
        let total = groupCounts { ($0.submittedAt, $0.closedAt) }
        let startup = groupCounts { ($0.acceptedAt, $0.startupHeldAt) }
        for (index, group) in groups.enumerated() where !group.key.isEmpty {
            let name = "V8.groups.\(index).figures"
            out.updateValue(total.shown[index], forKey: "\(name).intervals.tTotal.n")
            out.updateValue(
                total.shown[index].flatMap { $0 > 0 ? Self.median(total.days[index]) : nil },
                forKey: "\(name).intervals.tTotal.medianDays"
            )
            out.updateValue(
                startup.shown[index].flatMap {
                    $0 > 0 ? Int64(startup.days[index].filter { $0 <= 14 }.count) * 10_000 / $0 : nil
                },
                forKey: "\(name).startupSlaBp"
            )
        }

        // V9: tToService of cases that reached service in Y; national median shown from n ≥ 5; the gap over regions with n ≥ 5.
        let toService = { (referrals: [ExpectedReferral]) in
            Self.days(referrals.map { ($0.submittedAt, $0.inServiceAt) }, endingIn: year)
        }
        let national = toService(entities.referrals)
        out.updateValue(national.count >= 5 ? Self.median(national) : nil, forKey: "V9.nationalMedianTToServiceDays")
        let medians = Dictionary(grouping: entities.referrals.filter { !$0.region.isEmpty }, by: \.region).values
            .map(toService).filter { $0.count >= 5 }.map(Self.median)
        out.updateValue(medians.count >= 2 ? medians.max()! * 10_000 / medians.min()! : nil, forKey: "V9.equityGapBp")
        // V9 rows: the regions with n ≥ 5 (by id), their referrals of the year suppressed together; only the embete's row shown.
        let byRegion = Dictionary(grouping: entities.referrals.filter { !$0.region.isEmpty }, by: \.region)
        let qualifying = byRegion.keys.filter { toService(byRegion[$0]!).count >= 5 }.sorted()
        let submitted = qualifying.map { region in
            Int64(
                byRegion[region]!.filter {
                    $0.submittedAt > 0 && Int32(OsloCalendar.localDate(atMillis: $0.submittedAt).year) == year
                }.count
            )
        }
        let shownSubmitted = Self.suppress(submitted)
        let nationalMedian = national.count >= 5 ? Self.median(national) : nil
        for (index, region) in qualifying.enumerated() where region == office {
            let days = toService(byRegion[region]!)
            let median = Self.median(days)
            let children = reference.municipalities(
                inGovernorOffice: region,
                on: min(LocalDate(year: year, month: 12, day: 31), entities.today)
            )
            .reduce(Int64(0)) { $0 + $1.children0to19 }
            out.updateValue(Int64(days.count), forKey: "V9.rows.0.n")
            out.updateValue(median, forKey: "V9.rows.0.medianTToServiceDays")
            out.updateValue(nationalMedian.map { median * 10_000 / $0 }, forKey: "V9.rows.0.regionRatioBp")
            out.updateValue(
                shownSubmitted[index].map { children > 0 ? $0 * 10_000 / children : 0 },
                forKey: "V9.rows.0.referralRateBp"
            )
        }
        return out
    }

    /// Whole Oslo days of the spans whose end falls in `year` (both milestones reached; §5 intervals).
    static func days(_ spans: [(Int64, Int64)], endingIn year: Int32) -> [Int64] {
        spans.compactMap { from, to in
            guard from > 0, to > 0, Int32(OsloCalendar.localDate(atMillis: to).year) == year else { return nil }
            return OsloCalendar.localDate(atMillis: from).days(until: OsloCalendar.localDate(atMillis: to))
        }
    }

    /// The status the aggregates can tell: ReferralService emits no milestone when triage starts (REF-R16 stream), so
    /// a referral in triage is counted with those submitted, and the pages name that status «sendt inn eller til vurdering».
    static func queueStatus(_ status: ReferralStatus) -> ReferralStatus { status == .inTriage ? .submitted : status }

    /// Neither closed, withdrawn, declined nor a draft.
    static func isOpen(_ status: ReferralStatus) -> Bool {
        ![.closed, .withdrawn, .declined, .draft, .unspecified].contains(status)
    }

    /// The median by nearest rank: the value at rank ⌈n/2⌉ of the sorted values.
    static func median(_ values: [Int64]) -> Int64 { values.sorted()[(values.count + 1) / 2 - 1] }

    /// PRIV-R5 for sibling counts that add up to a shown total: 1–4 is hidden (nil); when exactly one is hidden, the
    /// smallest other non-zero count is hidden too, so the hidden one cannot be worked out from the total.
    /// When the total they add up to is itself hidden (`totalShown` false), at least one of them is hidden.
    static func suppress(_ counts: [Int64], totalShown: Bool = true) -> [Int64?] {
        var hidden = counts.map { $0 > 0 && $0 < 5 }
        let hiddenCount = hidden.filter { $0 }.count
        if totalShown ? (counts.count > 1 && hiddenCount == 1) : hiddenCount == 0,
            let next = counts.indices.filter({ !hidden[$0] && counts[$0] > 0 }).min(by: {
                (counts[$0], $0) < (counts[$1], $1)
            })
        {
            hidden[next] = true
        }
        return counts.indices.map { hidden[$0] ? nil : counts[$0] }
    }
}
