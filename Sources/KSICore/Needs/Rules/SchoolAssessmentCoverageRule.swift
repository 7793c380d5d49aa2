/// NEED-R15: for DEKOM, WARN when a school of an applicant owner has no valid needs assessment (all
/// schools should be included).
public enum SchoolAssessmentCoverageRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R15"
    public static let severity: RuleSeverity = .warn

    static let schoolTypes: Set<UnitType> = [.primarySchool, .upperSecondarySchool, .combinedCentre]

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        guard report.scheme == .dekom else { return findings }
        let covered = Set(
            context.ownerAssessments.filter { $0.isValid(on: context.today) }.flatMap(\.unitIds)
        )
        let uncovered = report.applicantOwnerIds.flatMap { context.reference.units(ofOwner: $0) }
            .filter { schoolTypes.contains($0.unitType) && !covered.contains($0.id) }
        if !uncovered.isEmpty {
            findings.warn(
                id,
                field: "assessment_ids",
                "\(uncovered.count == 1 ? "one school" : "\(uncovered.count) schools") of the applicants \(uncovered.count == 1 ? "has" : "have") no valid needs assessment"
            )
        }
        return findings
    }
}
