/// NEED-R12: the outcome is derived once every line is decided. Σ decided = 0 gives `notFunded` and
/// status `rejected`; any funded line that deviates from the request gives `fundedOtherThanRequested`;
/// otherwise `fundedAsRequested`. `fundingRatioBp` = decided ÷ requested.
public enum NeedsOutcomeRule: DomainRule {
    public static let id: RuleID = "NEED-R12"
    public static let severity: RuleSeverity = .hard

    /// The derived result for a report.
    public struct Derived: Sendable, Hashable {
        /// fundedAsRequested, fundedOtherThanRequested or notFunded.
        public var outcome: NeedsOutcome
        /// The report's status that goes with the outcome (`rejected` when nothing is funded).
        public var status: NeedsReportStatus
        /// Σ decided on the report's lines (øre).
        public var decidedAmountOre: Int64
        /// decided ÷ requested (basis points).
        public var fundingRatioBp: Int32
    }

    /// Σ of the approved amounts of the line decisions (rejected lines count as zero).
    /// LIM-R2: a sum beyond the money range refuses the decision (field `decision.approved_amount_ore`).
    public static func decidedAmount(_ decisions: [NeedsReportLineDecision]) throws(DomainError) -> Int64 {
        try Money.sum(decisions, field: "decision.approved_amount_ore") { decision in
            decision.decisionOutcome == .rejected ? 0 : max(0, decision.approvedAmountOre)
        }
    }

    /// Whether every line covering the report has a decision.
    public static func allLinesDecided(_ report: NeedsReport) -> Bool {
        let decided = Set(report.lineDecisions.map(\.recommendationLineId))
        return report.recommendationLineIds.allSatisfy(decided.contains)
    }

    /// The outcome from the decisions; lines without a decision count as not funded.
    public static func derive(
        requestedAmountOre: Int64,
        decisions: [NeedsReportLineDecision]
    ) throws(DomainError) -> Derived {
        let decided = try decidedAmount(decisions)
        let ratio = BasisPoints.ratio(decided, of: requestedAmountOre)
        if decided == 0 {
            return Derived(outcome: .notFunded, status: .rejected, decidedAmountOre: 0, fundingRatioBp: ratio)
        }
        let deviates = decisions.contains {
            $0.decisionOutcome != .rejected && $0.approvedAmountOre > 0 && $0.deviatesFromRequest
        }
        return deviates
            ? Derived(
                outcome: .fundedOtherThanRequested,
                status: .fundedOtherThanRequested,
                decidedAmountOre: decided,
                fundingRatioBp: ratio
            )
            : Derived(
                outcome: .fundedAsRequested,
                status: .fundedAsRequested,
                decidedAmountOre: decided,
                fundingRatioBp: ratio
            )
    }

    /// COM-R2 and ALLOC-R10 shape checks on a decision received from AllocationService.
    public static func check(decision: NeedsReportLineDecision) -> Findings {
        var findings = Findings()
        if decision.recommendationLineId.isEmpty {
            findings.reject(
                id,
                field: "decision.recommendation_line_id",
                "a line decision must name its recommendation line"
            )
        }
        if decision.decisionOutcome == .unspecified {
            findings.reject(id, field: "decision.decision_outcome", "a line decision must state its outcome")
        }
        if decision.approvedAmountOre < 0 {
            findings.reject(id, field: "decision.approved_amount_ore", "the approved amount cannot be negative")
        } else if !Money.isWholeKroner(decision.approvedAmountOre) {
            findings.reject(
                .wholeKroner,
                field: "decision.approved_amount_ore",
                "the approved amount must be whole kroner"
            )
        }
        return findings
    }
}
