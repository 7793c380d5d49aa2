/// PART-R14: measures for PPT's own competence are allowed (`targetGroups = [pptStaff]`); such a
/// measure needs no participating kindergarten or school.
public enum PptOwnCompetenceRule: DomainRule {
    public static let id: RuleID = "PART-R14"
    public static let severity: RuleSeverity = .hard

    /// Whether a measure is for PPT's own competence: its only target group is PPT staff.
    public static func isPptOwnCompetence(_ targetGroups: [TargetGroup]) -> Bool {
        !targetGroups.isEmpty && targetGroups.allSatisfy { $0 == .pptStaff }
    }

    /// A measure names its target groups and, unless it is for PPT's own competence, its participating units.
    public static func check(targetGroups: [TargetGroup], unitIds: [String]) -> Findings {
        var findings = Findings()
        if targetGroups.filter({ $0 != .unspecified }).isEmpty {
            findings.reject(.malformedInput, field: "content.target_groups", "a measure names its target groups")
        } else if unitIds.isEmpty && !isPptOwnCompetence(targetGroups) && !targetGroups.contains(.ownerLevel) {
            findings.reject(
                .malformedInput,
                field: "content.participating_unit_ids",
                "a measure names its participating units, unless it is for PPT's own competence or the owner level"
            )
        }
        return findings
    }
}
