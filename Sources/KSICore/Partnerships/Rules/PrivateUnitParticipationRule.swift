/// PART-R15: private units may join municipal partnerships and measures. Any other participating unit
/// belongs to one of the partnership's owners.
public enum PrivateUnitParticipationRule: DomainRule {
    public static let id: RuleID = "PART-R15"
    public static let severity: RuleSeverity = .hard

    /// What the rule (described above) finds for these inputs: rejections for HARD findings, warnings for WARN.
    public static func check(unitIds: [String], partnership: Partnership, reference: ReferenceData) -> Findings {
        var findings = Findings()
        for (index, unitId) in unitIds.enumerated() {
            guard let unit = reference.unit(unitId) else {
                findings.reject(
                    .malformedInput,
                    field: "content.participating_unit_ids[\(index)]",
                    "each unit must be in the unit register; \(unitId) is not"
                )
                continue
            }
            if partnership.ownerIds.contains(unit.ownerId) { continue }
            let ownerType = reference.owner(unit.ownerId)?.ownerType
            if ownerType == .privateKindergarten || ownerType == .privateSchool { continue }
            findings.reject(
                id,
                field: "content.participating_unit_ids[\(index)]",
                "a participating unit belongs to one of the partnership's owners, or is a private unit"
            )
        }
        return findings
    }
}
