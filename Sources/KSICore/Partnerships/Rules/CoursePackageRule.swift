/// PART-R10: WARN on a course-package cost, or on a measure that is only a course (every format is a
/// course, lecture or webinar and there is no practice component): course packages are funded elsewhere.
public enum CoursePackageRule: DomainRule {
    public static let id: RuleID = "PART-R10"
    public static let severity: RuleSeverity = .warn

    static let courseFormats: Set<DeliveryFormat> = [.course, .lecture, .webinar]

    /// What the rule (described above) finds for these inputs: rejections for HARD findings, warnings for WARN.
    public static func check(
        lines: [BudgetLine],
        formats: [DeliveryFormat],
        components: [PracticeComponent]
    ) -> Findings {
        var findings = Findings()
        for (index, line) in lines.enumerated() where line.category == .coursePackage {
            findings.warn(
                id,
                field: "content.budget_lines[\(index)].category",
                "course packages should be funded elsewhere"
            )
        }
        if !formats.isEmpty && formats.allSatisfy(courseFormats.contains)
            && components.filter({ $0 != .unspecified }).isEmpty
        {
            findings.warn(
                id,
                field: "content.formats",
                "the measure is only a course; courses should be funded elsewhere"
            )
        }
        return findings
    }
}
