import KSICore

/// V9 Referral equity (DOMAIN.md §5; REF-R9; PRIV-R5): per region with n ≥ 5 (n = cases that reached
/// service in the year), the median tToService against the national median, the referral rate per
/// 10 000 children aged 0–19, the acceptance rate, the start-up SLA and the mix of assignment reasons;
/// optionally split by age division and subject area within each region.
///
/// PD: the national median and `equityGap` always span every qualifying region, so a regional request
/// shows the same figures as the national one; `equityGapBp` is 0 (not defined) when fewer than two regions
/// qualify; rates are 0 where a count they derive from is hidden.
public enum ReferralEquityView {
    public static func make(_ request: GetReferralEquityRequest, inputs: ViewInputs) -> ReferralEquity {
        let suppression = Suppression(inputs)
        let year = inputs.viewYear
        let split = Set(request.breakdowns).intersection([.ageDivision, .subjectArea])
        var national = EquityCells()
        var regions: [String: EquityCells] = [:]
        var subRows: [String: [ReferralGroupKey: EquityCells]] = [:]
        for timeline in inputs.referral.value?.timelines ?? [] {
            var cells = EquityCells()
            cells.add(timeline, year: year)
            national.merge(cells)
            regions[timeline.region, default: .init()].merge(cells)
            if !split.isEmpty {
                for key in ReferralGroupKey.keys(of: timeline, by: split.union([.region])) {
                    subRows[timeline.region, default: [:]][key, default: .init()].merge(cells)
                }
            }
        }
        let qualifying = regions.keys.filter { !$0.isEmpty && regions[$0]!.toService.count >= suppression.threshold }
            .sorted()
        let regionalMedians = qualifying.map { NearestRank.median(regions[$0]!.toService.values) }
        let nationalShown = !suppression.count(national.toService).suppressed
        let nationalMedian = nationalShown ? NearestRank.median(national.toService.values) : 0
        let context = EquityCells.RowContext(
            suppression: suppression,
            nationalMedian: nationalMedian,
            slaDays: inputs.startupMeetingMaxDays
        )

        let regionRows = EquityCells.rows(
            qualifying.map { (ReferralGroupKey(region: $0), regions[$0]!, children(in: $0, inputs: inputs)) },
            context
        )
        var rows: [ReferralEquityRow] = []
        for (region, row) in zip(qualifying, regionRows)
        where inputs.query.governorOfficeId.isEmpty || region == inputs.query.governorOfficeId {
            rows.append(row)
            let groups = (subRows[region] ?? [:]).sorted { $0.key < $1.key }
            let children = row.children0to19
            rows += EquityCells.rows(groups.map { ($0.key, $0.value, children) }, context, parent: row)
        }
        return ReferralEquity.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.year = year
            $0.generatedAt = inputs.nowMillis
            $0.referralSection = inputs.referral.status
            $0.referenceSection = availableSection
            $0.nationalMedianTToServiceDays = Int32(clamping: nationalMedian)
            // §5 V9: the gap compares regions; with fewer than two regions with n ≥ 5 it is not defined (0).
            if regionalMedians.count >= 2, let highest = regionalMedians.max(), let lowest = regionalMedians.min(),
                lowest > 0
            {
                $0.equityGapBp = Int32(clamping: highest * 10_000 / lowest)
            }
            $0.rows = rows
        }
    }

    /// Children aged 0–19 in the embete's municipalities, as registered on the last day of the year
    /// (or today, for the current year).
    static func children(in region: String, inputs: ViewInputs) -> Int64 {
        let endOfYear = LocalDate(year: inputs.viewYear, month: 12, day: 31)
        let date = min(endOfYear, inputs.today)
        return inputs.reference.municipalities(inGovernorOffice: region, on: date).reduce(0) { $0 + $1.children0to19 }
    }
}
