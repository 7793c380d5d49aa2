/// PART-R3: the owner chooses UH freely (the system never filters UH by geography); WARN when no UH
/// partner's competence profile covers any of the measure's themes. PD: no warning when no UH partner has a
/// profile recorded, since nothing can be judged.
public enum UhCompetenceRule: DomainRule {
    public static let id: RuleID = "PART-R3"
    public static let severity: RuleSeverity = [.hard, .warn]

    /// What the rule (described above) finds for these inputs: rejections for HARD findings, warnings for WARN.
    public static func check(themes: [ThemeCode], uhInstitutionIds: [String], reference: ReferenceData) -> Findings {
        var findings = Findings()
        guard !themes.isEmpty else { return findings }
        let profile = Set(uhInstitutionIds.compactMap { reference.uhInstitution($0) }.flatMap(\.competenceProfile))
        if !profile.isEmpty && profile.isDisjoint(with: themes) {
            findings.warn(
                id,
                field: "content.themes",
                "no UH partner's competence profile covers the themes of this measure"
            )
        }
        return findings
    }
}
