import KSICore

/// V13 Referral queue aggregate (DOMAIN.md §5; PRIV-R4, PRIV-R5): the referrals open now by status,
/// and by status × region × age division × subject area, with their median age; counts only, n < 5
/// suppressed. The case-level queue stays inside ReferralService.
///
/// PD: empty `breakdowns` gives the full status × region × division × subject area cells; otherwise
/// the cells are split by the requested dimensions only. Open means neither closed, withdrawn nor declined.
public enum ReferralQueueView {
    public static func make(_ request: GetReferralQueueRequest, inputs: ViewInputs) -> ReferralQueueAggregate {
        let suppression = Suppression(inputs)
        let requested = Set(request.breakdowns).intersection([.region, .ageDivision, .subjectArea])
        let dimensions: Set<ViewDimension> = requested.isEmpty ? [.region, .ageDivision, .subjectArea] : requested
        var byStatus: [ReferralStatus: ReferralCell] = [:]
        var cells: [QueueCellKey: ReferralCell] = [:]
        for timeline in inputs.referralTimelines where timeline.isOpen {
            let age = timeline.age(atMillis: inputs.nowMillis)
            byStatus[timeline.status, default: .init()].add(age, municipalityId: timeline.municipalityId)
            for group in ReferralGroupKey.keys(of: timeline, by: dimensions) {
                cells[QueueCellKey(status: timeline.status, group: group), default: .init()]
                    .add(age, municipalityId: timeline.municipalityId)
            }
        }
        let statuses = byStatus.keys.sorted { $0.rawValue < $1.rawValue }
        // The statuses add up to the open total V8 shows, so they are suppressed as one set.
        let statusCells = queueCells(
            statuses.map { (QueueCellKey(status: $0, group: .init()), byStatus[$0]!) },
            suppression: suppression
        )
        // Within a status, the cells add up to that status's count.
        let splitCells = zip(statuses, statusCells).flatMap { status, statusCell in
            queueCells(
                cells.filter { $0.key.status == status }.sorted { $0.key.group < $1.key.group }.map {
                    ($0.key, $0.value)
                },
                suppression: suppression,
                totalShown: !(statusCell.count?.suppressed ?? false)
            )
        }
        return ReferralQueueAggregate.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.generatedAt = inputs.nowMillis
            $0.referralSection = inputs.referral.status
            $0.byStatus = statusCells
            $0.cells = splitCells
        }
    }

    /// Sibling cells suppressed together; the median age is 0 where the count is hidden.
    static func queueCells(
        _ entries: [(QueueCellKey, ReferralCell)],
        suppression: Suppression,
        totalShown: Bool = true
    ) -> [ReferralQueueCell] {
        let counts = suppression.counts(entries.map(\.1), totalShown: totalShown)
        return zip(entries, counts).map { entry, count in
            ReferralQueueCell.with {
                $0.status = entry.0.status
                $0.governorOfficeId = entry.0.group.region
                $0.divisionId = entry.0.group.divisionId
                $0.subjectArea = entry.0.group.subjectArea
                $0.count = count
                if !count.suppressed { $0.medianAgeDays = Int32(clamping: NearestRank.median(entry.1.values)) }
            }
        }
    }
}

/// A V13 cell: a status within a group.
struct QueueCellKey: Hashable {
    var status: ReferralStatus
    var group: ReferralGroupKey
}
