/// PART-R17: a measure becomes `completed` only after owner and UH have both recorded the joint evaluation.
public enum JointEvaluationRule: DomainRule {
    public static let id: RuleID = "PART-R17"
    public static let severity: RuleSeverity = .hard

    /// What the rule (described above) finds for these inputs: rejections for HARD findings, warnings for WARN.
    public static func check(_ evaluation: MeasureEvaluation?) -> Findings {
        var findings = Findings()
        if (evaluation?.ownerRecordedAt ?? 0) == 0 {
            findings.reject(
                id,
                field: "evaluation.owner_recorded_at",
                "the owner has not recorded the joint evaluation"
            )
        }
        if (evaluation?.uhRecordedAt ?? 0) == 0 {
            findings.reject(id, field: "evaluation.uh_recorded_at", "UH has not recorded the joint evaluation")
        }
        return findings
    }
}
