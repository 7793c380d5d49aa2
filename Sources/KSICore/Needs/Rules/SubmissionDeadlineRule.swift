/// NEED-R6: a report is submitted on or before the round's `submissionDeadline`, or within an extension
/// recorded by the statsforvalter for that report.
public enum SubmissionDeadlineRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R6"
    public static let severity: RuleSeverity = [.hard, .policy]

    /// The last day the report may be submitted: the extension if later than the round's deadline.
    public static func effectiveDeadline(of report: NeedsReport, round: NeedsRound) -> LocalDate? {
        let extended = report.deadlineExtension?.extendedDeadline
        switch (round.submissionDeadline, extended) {
        case let (deadline?, extended?): return max(deadline, extended)
        case let (deadline, extended): return deadline ?? extended
        }
    }

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        guard context.phase == .submission else { return findings }
        guard let deadline = effectiveDeadline(of: report, round: context.round) else {
            findings.reject(id, field: "round_id", "the round has no submission deadline")
            return findings
        }
        if context.today > deadline {
            findings.reject(
                id,
                field: "submission_deadline",
                "the submission deadline was \(deadline); a report can only be submitted after it with an extension"
            )
        }
        return findings
    }
}
