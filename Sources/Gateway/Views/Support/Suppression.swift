import KSICore

/// The referrals behind one shown count: their values (days, or 1 each) and home municipalities.
package struct ReferralCell: Sendable, Hashable {
    /// One value per referral counted (an interval or an age in days).
    package var values: [Int64] = []
    package var municipalityIds: Set<String> = []

    package init() {}

    package var count: Int64 { Int64(values.count) }

    /// Counts one referral with its value.
    package mutating func add(_ value: Int64, municipalityId: String) {
        values.append(value)
        if !municipalityId.isEmpty { municipalityIds.insert(municipalityId) }
    }

    /// Adds another cell's referrals.
    package mutating func merge(_ other: ReferralCell) {
        values += other.values
        municipalityIds.formUnion(other.municipalityIds)
    }
}

/// PRIV-R5 and §5 suppression: referral counts below `smallCellThreshold` are shown as "<5"
/// (value 0, suppressed), and a set of cells that sums to a shown total gets secondary suppression.
///
/// PD: a count of 0 is shown (it reveals no one); the audience that may read the cases anyway
/// (Statped intake and managers, PRIV-R4; a PPT office for its own municipalities, PRIV-R3) sees raw counts.
package struct Suppression: Sendable {
    package var threshold: Int64
    package var audience: ViewAudience

    package init(threshold: Int64, audience: ViewAudience) {
        self.threshold = threshold
        self.audience = audience
    }

    /// The built-in threshold when the policy leaves it unset (§4.5 `smallCellThreshold`).
    package static let defaultThreshold: Int64 = 5

    /// Suppression for a view's audience with the Statped policy's threshold.
    package init(_ inputs: ViewInputs) {
        let configured = Int64(inputs.statpedPolicy.smallCellThreshold)
        self.init(threshold: configured > 0 ? configured : Self.defaultThreshold, audience: inputs.audience)
    }

    /// Whether this audience sees the cell's count as it is.
    package func isExempt(_ cell: ReferralCell) -> Bool {
        audience.seesUnsuppressedReferrals || audience.seesUnsuppressed(municipalityIds: cell.municipalityIds)
    }

    /// Primary suppression of one count: 1 ≤ n < threshold is hidden (PRIV-R5).
    package func count(_ cell: ReferralCell) -> SuppressedCount {
        hides(cell) ? Self.hidden : SuppressedCount.with { $0.value = cell.count }
    }

    /// Primary and secondary suppression of cells that sum to a total (§5, PD). When the total is shown
    /// and exactly one cell is hidden, the smallest other non-zero cell this audience may not see raw is
    /// hidden too, so the hidden one cannot be worked out from the total. When the total is itself hidden,
    /// at least one cell is hidden, so the cells cannot add up to it.
    package func counts(_ cells: [ReferralCell], totalShown: Bool = true) -> [SuppressedCount] {
        var hidden = cells.map(hides)
        let hiddenCount = hidden.filter { $0 }.count
        if totalShown ? hiddenCount == 1 : hiddenCount == 0 {
            let candidate = cells.indices
                .filter { !hidden[$0] && cells[$0].count > 0 && !isExempt(cells[$0]) }
                .min { (cells[$0].count, $0) < (cells[$1].count, $1) }
            if let candidate { hidden[candidate] = true }
        }
        return cells.indices.map { index in
            hidden[index] ? Self.hidden : SuppressedCount.with { $0.value = cells[index].count }
        }
    }

    private func hides(_ cell: ReferralCell) -> Bool {
        cell.count > 0 && cell.count < threshold && !isExempt(cell)
    }

    static let hidden = SuppressedCount.with {
        $0.value = 0
        $0.suppressed = true
    }
}
