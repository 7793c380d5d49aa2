import Foundation

/// PART-R13: the annual report has every field filled (HARD) and is due on `reportDeadline` (POLICY date).
///
/// PD: a late submission is still taken in; it is reported as a WARN by default (an embete can make it
/// HARD with a rule-kind override), because refusing the report would leave the partnership unreported.
public enum ReportCompletenessRule: DomainRule {
    public static let id: RuleID = "PART-R13"
    public static let severity: RuleSeverity = [.hard, .policy]

    /// What the rule (described above) finds for these inputs: rejections for HARD findings, warnings for WARN.
    public static func check(_ report: PartnershipReport, today: LocalDate, config: PolicyConfig) -> Findings {
        var findings = Findings()
        let texts: [(String, String)] = [
            ("goals", report.goals), ("planned_activities", report.plannedActivities),
            ("completed_activities", report.completedActivities), ("actors", report.actors),
            ("experiences", report.experiences), ("goal_attainment", report.goalAttainment),
            ("practice_change_summary", report.practiceChangeSummary),
        ]
        for (field, text) in texts where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            findings.reject(
                id,
                field: "content.\(field)",
                "every field of the annual report is filled; \(field) is empty"
            )
        }
        if report.fundsUsed.isEmpty {
            findings.reject(id, field: "content.funds_used", "the annual report lists the funds used")
        }
        for (index, line) in report.fundsUsed.enumerated() {
            if line.payer == .unspecified || line.category == .unspecified {
                findings.reject(
                    id,
                    field: "content.funds_used[\(index)]",
                    "each line of funds used names its category and payer"
                )
            }
            if line.amountOre < 0 || !Money.isWholeKroner(line.amountOre) {
                findings.reject(
                    .wholeKroner,
                    field: "content.funds_used[\(index)].amount_ore",
                    "funds used are whole kroner and not negative"
                )
            }
        }
        _ = findings.sum(report.fundsUsed, field: "content.funds_used") { $0.amountOre }  // LIM-R2
        if report.coFinancingUsedOre < 0 || !Money.isWholeKroner(report.coFinancingUsedOre) {
            findings.reject(
                .wholeKroner,
                field: "content.co_financing_used_ore",
                "co-financing used is whole kroner and not negative"
            )
        }
        if let due = report.dueOn, today > due {
            findings.report(
                id,
                as: config.kind(of: id, default: .warn),
                field: "due_on",
                "the annual report was due on \(due)"
            )
        }
        return findings
    }
}
