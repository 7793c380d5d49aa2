/// PART-R11: WARN when no practice-change entry is logged within 30 days after T2, or after T3.
public enum PracticeEvidenceRule: DomainRule {
    public static let id: RuleID = "PART-R11"
    public static let severity: RuleSeverity = .warn
    /// Days after T2 (or T3) within which a practice-change entry is expected.
    public static let windowDays: Int64 = 30

    /// What the rule (described above) finds for these inputs: rejections for HARD findings, warnings for WARN.
    public static func check(_ measure: Measure, today: LocalDate) -> Findings {
        var findings = Findings()
        let logged: [(Checkpoint, CheckpointRecord?)] = [
            (.t2, measure.checkpoints?.t2), (.t3, measure.checkpoints?.t3),
        ]
        for (checkpoint, record) in logged {
            guard let start = record?.loggedOn else { continue }
            let end = start.adding(days: windowDays)
            guard today > end else { continue }
            let evidenced = measure.practiceChanges.contains { entry in
                guard let date = entry.date else { return false }
                return date >= start && date <= end
            }
            if !evidenced {
                findings.warn(
                    id,
                    field: "practice_changes",
                    "no practice change was logged within \(windowDays) days after \(checkpoint.name.uppercased())"
                )
            }
        }
        return findings
    }
}
