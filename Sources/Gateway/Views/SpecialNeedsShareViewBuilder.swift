import KSICore

/// V4 Special-needs share (DOMAIN.md §5; ALLOC-R19; PP16): the inclusive and theme-weighted special-needs share
/// of the decided amounts for the year, against `reservedSpecialNeedsShareBp`, with a trend over
/// `trendYears` earlier years and the common breakdowns.
///
/// The figures are KSICore's `ViewFigures.specialNeedsShare` over the decided lines (§3.7 special-needs
/// categories from the reference data). A line's themes (§5) are the union of its measures' themes once it has
/// measures (PartnershipService), else the needs snapshot the recommendation line carries; a line with neither
/// is unknown (`unknown_amount_ore`). The needs section is reported but not needed for the figures. With
/// allocation unavailable every figure is 0 and the trend points stay, empty.
public enum SpecialNeedsShareViewBuilder {
    public static func make(_ request: GetSpecialNeedsShareRequest, inputs: ViewInputs) -> SpecialNeedsShareView {
        let office = inputs.query.governorOfficeId
        let year = inputs.query.years.upperBound
        let allocation = inputs.allocation.value
        let measureThemes = inputs.partnerships.value?.measureThemesByLine ?? [:]
        func figures(_ lines: [DecidedLine], year: Int32) -> SpecialNeedsShareFigures {
            let reserved = allocation.flatMap {
                ViewPolicyLookup.reservedSpecialNeedsShareBp(
                    $0.policies,
                    governorOfficeId: office,
                    year: year,
                    scheme: request.scheme
                )
            }
            return ViewFigures.specialNeedsShare(
                lines.map { $0.figureLine(measureThemes: measureThemes) },
                reference: inputs.reference,
                reservedBp: reserved
            )
        }
        func lines(_ year: Int32) -> [DecidedLine] {
            allocation?.decidedLines(year: year, governorOfficeId: office, scheme: request.scheme) ?? []
        }
        let current = lines(year)
        return SpecialNeedsShareView.with {
            $0.governorOfficeId = office
            $0.scheme = request.scheme
            $0.year = year
            $0.generatedAt = inputs.nowMillis
            $0.allocationSection = inputs.allocation.status
            $0.needsSection = inputs.needs.status
            $0.totals = figures(current, year: year)
            $0.trend = ShareTrend.years(endingAt: year, earlier: request.trendYears).map { trendYear in
                SpecialNeedsShareTrendPoint.with {
                    $0.year = trendYear
                    $0.figures = figures(lines(trendYear), year: trendYear)
                }
            }
            $0.breakdowns = LineBreakdowns.group(
                current,
                by: request.breakdowns,
                reference: inputs.reference,
                sizeBandSet: request.sizeBandSet
            ).map { group in
                SpecialNeedsShareBreakdown.with {
                    $0.keys = group.keys
                    $0.figures = figures(group.lines, year: year)
                }
            }
        }
    }
}

/// The years of the V4 and V5 trends.
enum ShareTrend {
    /// `earlier` years before `year` and `year` itself, oldest first; none when `earlier` ≤ 0 (the request's
    /// `trend_years` = 0 means no trend).
    static func years(endingAt year: Int32, earlier: Int32) -> [Int32] {
        guard earlier > 0 else { return [] }
        return Array((year - earlier)...year)
    }
}
