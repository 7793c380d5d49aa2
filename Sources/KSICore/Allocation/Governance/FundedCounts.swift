/// The partnership and measure counts of a governor annual report (`partnership_count`, `measure_count`): what
/// the embete's signed decisions of the scheme × year fund, from the recommendation lines they decide. A decision
/// funds its line when it approves an amount above zero (approved or partly approved). The funded partnerships are
/// the distinct partnerships those lines name. The funded measures are the proposed measures those lines carry
/// (the snapshot GrantCommitted turns into planned measures, PART-R7), counted once per partnership and
/// proposed-measure id as PART-R7 plans them; a line without a partnership plans no measure, and a proposed
/// measure without an id is counted each time.
struct FundedCounts: Equatable, Sendable {
    var partnerships: Int
    var measures: Int

    /// Counts over signed decisions and the lines they name (`lines` by line id; a decision whose line is not
    /// there funds nothing countable).
    init(signedDecisions: [GrantDecision], lines: [String: RecommendationLine]) {
        var partnershipIds = Set<String>()
        var measureKeys = Set<MeasureKey>()
        var unnamedMeasures = 0
        var countedLines = Set<String>()
        for decision in signedDecisions where decision.status == .signed && decision.approvedAmountOre > 0 {
            guard countedLines.insert(decision.lineId).inserted,
                let line = lines[decision.lineId], !line.partnershipId.isEmpty
            else { continue }
            partnershipIds.insert(line.partnershipId)
            for measure in line.proposedMeasures {
                if measure.id.isEmpty {
                    unnamedMeasures += 1
                } else {
                    measureKeys.insert(MeasureKey(partnershipId: line.partnershipId, proposedMeasureId: measure.id))
                }
            }
        }
        partnerships = partnershipIds.count
        measures = measureKeys.count + unnamedMeasures
    }

    private struct MeasureKey: Hashable {
        var partnershipId: String
        var proposedMeasureId: String
    }
}
