import KSICore

/// V6 Fragmentation index (DOMAIN.md §5; ALLOC-R9; PP1): hhi, effective grants, fragmentation, the headline
/// `microShareBp` against the policy's `microGrantThresholdOre`, median, P10 and lines per municipality of the
/// decided amounts for the year — KSICore's `ViewFigures.fragmentation` over the decided lines.
///
/// The threshold comes from the governor policy of the embete (the national record when national), or the
/// ALLOC-R9 default of 10 000 000 øre (see `ViewPolicyLookup`). With allocation unavailable every figure is 0
/// except the threshold, which is the default.
public enum FragmentationIndexView {
    public static func make(_ request: GetFragmentationIndexRequest, inputs: ViewInputs) -> FragmentationIndex {
        let office = inputs.query.governorOfficeId
        let year = inputs.query.years.upperBound
        let allocation = inputs.allocation.value
        let threshold = ViewPolicyLookup.microGrantThresholdOre(
            allocation?.policies ?? [],
            governorOfficeId: office,
            year: year,
            scheme: request.scheme
        )
        let lines = allocation?.decidedLines(year: year, governorOfficeId: office, scheme: request.scheme) ?? []
        return FragmentationIndex.with {
            $0.governorOfficeId = office
            $0.scheme = request.scheme
            $0.year = year
            $0.generatedAt = inputs.nowMillis
            $0.allocationSection = inputs.allocation.status
            $0.totals = ViewFigures.fragmentation(lines.map(\.figureLine), microGrantThresholdOre: threshold)
            $0.breakdowns = LineBreakdowns.group(
                lines,
                by: request.breakdowns,
                reference: inputs.reference,
                sizeBandSet: request.sizeBandSet
            ).map { group in
                FragmentationBreakdown.with {
                    $0.keys = group.keys
                    $0.figures = ViewFigures.fragmentation(
                        group.lines.map(\.figureLine),
                        microGrantThresholdOre: threshold
                    )
                }
            }
        }
    }
}
