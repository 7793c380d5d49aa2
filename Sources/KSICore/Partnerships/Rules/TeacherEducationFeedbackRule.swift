/// PART-R16: WARN at report time when no feedback to teacher education is recorded (the «dobbelt mandat»).
public enum TeacherEducationFeedbackRule: DomainRule {
    public static let id: RuleID = "PART-R16"
    public static let severity: RuleSeverity = .warn

    /// Feedback counts for the report year when it was given that year (or carries no date).
    public static func check(measures: [Measure], year: Int32) -> Findings {
        var findings = Findings()
        let given = measures.flatMap(\.teacherEducationFeedback).contains { $0.givenOn.map { $0.year == year } ?? true }
        if !given {
            findings.warn(
                id,
                field: "teacher_education_feedback",
                "no feedback to teacher education is recorded for \(year)"
            )
        }
        return findings
    }
}
