import KSICore

/// V5 Kindergarten share (DOMAIN.md §5; ALLOC-R19): Σ(amount × kindergarten units ÷ participating units) ÷
/// Σ amounts over the decided lines (a line without units weighs its sectors equally), and participation
/// parity = share of kindergartens taking part ÷ share of all units taking part. KSICore's
/// `ViewFigures.kindergartenShare` does the math.
///
/// PD "taking part" in year Y: a unit on a decided line for Y, or in a measure in scope that is not aborted
/// and runs in Y (start year ≤ Y ≤ end year; a missing date does not limit). The units of measures enter as
/// lines of 0 øre, so they count for parity and never for the amounts. Breakdown rows count only the units
/// of their own lines. The denominators are the units (PPT offices excluded) of the embete's municipalities in
/// force at the end of Y, or of every municipality when national. With allocation unavailable the amounts are 0
/// and parity rests on measures; with partnerships unavailable it rests on lines.
public enum KindergartenShareViewBuilder {
    public static func make(_ request: GetKindergartenShareRequest, inputs: ViewInputs) -> KindergartenShareView {
        let office = inputs.query.governorOfficeId
        let year = inputs.query.years.upperBound
        let allocation = inputs.allocation.value
        let reference = inputs.reference
        func figures(_ lines: [ViewFigureLine], year: Int32) -> KindergartenShareFigures {
            let reserved = allocation.flatMap {
                ViewPolicyLookup.reservedKindergartenShareBp(
                    $0.policies,
                    governorOfficeId: office,
                    year: year,
                    scheme: request.scheme
                )
            }
            let units = regionUnits(reference, governorOfficeId: office, on: LocalDate(year: year, month: 12, day: 31))
            return ViewFigures.kindergartenShare(
                lines,
                unitType: { reference.unit($0)?.unitType },
                unitsTotal: Int64(units.count),
                kindergartenUnitsTotal: Int64(units.filter { $0.unitType == .kindergarten }.count),
                reservedBp: reserved
            )
        }
        func lines(_ year: Int32) -> [DecidedLine] {
            allocation?.decidedLines(year: year, governorOfficeId: office, scheme: request.scheme) ?? []
        }
        func withMeasureUnits(_ lines: [DecidedLine], year: Int32) -> [ViewFigureLine] {
            let units = measureUnits(
                inputs.partnerships.value?.measures ?? [],
                governorOfficeId: office,
                scheme: request.scheme,
                year: year
            )
            return lines.map(\.figureLine)
                + (units.isEmpty ? [] : [ViewFigureLine(amountOre: 0, participatingUnitIds: units)])
        }
        let current = lines(year)
        return KindergartenShareView.with {
            $0.governorOfficeId = office
            $0.scheme = request.scheme
            $0.year = year
            $0.generatedAt = inputs.nowMillis
            $0.allocationSection = inputs.allocation.status
            $0.partnershipsSection = inputs.partnerships.status
            $0.referenceSection = availableSection
            $0.totals = figures(withMeasureUnits(current, year: year), year: year)
            $0.trend = ShareTrend.years(endingAt: year, earlier: request.trendYears).map { trendYear in
                KindergartenShareTrendPoint.with {
                    $0.year = trendYear
                    $0.figures = figures(withMeasureUnits(lines(trendYear), year: trendYear), year: trendYear)
                }
            }
            $0.breakdowns = LineBreakdowns.group(
                current,
                by: request.breakdowns,
                reference: reference,
                sizeBandSet: request.sizeBandSet
            ).map { group in
                KindergartenShareBreakdown.with {
                    $0.keys = group.keys
                    $0.figures = figures(group.lines.map(\.figureLine), year: year)
                }
            }
        }
    }

    /// The units of the embete's municipalities in force on `date` (every municipality when national), PPT offices excluded.
    static func regionUnits(_ reference: ReferenceData, governorOfficeId: String, on date: LocalDate) -> [Unit] {
        let municipalities =
            governorOfficeId.isEmpty
            ? Set(reference.set.municipalities.map(\.id))
            : Set(reference.municipalities(inGovernorOffice: governorOfficeId, on: date).map(\.id))
        return reference.set.units.filter { municipalities.contains($0.municipalityId) && $0.unitType != .pptOffice }
    }

    /// The distinct units of the measures in scope that are not aborted and run in `year`, sorted.
    static func measureUnits(_ measures: [Measure], governorOfficeId: String, scheme: Scheme, year: Int32) -> [String] {
        let units = measures.filter { measure in
            measure.status != .aborted
                && (governorOfficeId.isEmpty || measure.governorOfficeId == governorOfficeId)
                && (scheme == .unspecified || measure.scheme == scheme)
                && YearActivity.runs(measure, in: year)
        }.flatMap(\.participatingUnitIds)
        return Set(units.filter { !$0.isEmpty }).sorted()
    }
}
