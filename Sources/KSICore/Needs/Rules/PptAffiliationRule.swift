/// NEED-R4: when `pptAffiliationRequiredForGrant` is on, every participating private unit must have a
/// PPT office; the setting also always raises a WARN that it may exclude private owners (PP12).
public enum PptAffiliationRule: NeedsReportRule {
    public static let id: RuleID = "NEED-R4"
    public static let severity: RuleSeverity = .policy

    public static func check(_ report: NeedsReport, in context: NeedsRuleContext) -> Findings {
        var findings = Findings()
        guard context.policy.governor.pptAffiliationRequiredForGrant else { return findings }
        findings.warn(
            id,
            field: "participating_unit_ids",
            "this embete requires a PPT affiliation for private units, which may exclude private owners"
        )
        let kind = context.phase == .submission ? context.policy.kind(of: id, default: .hard) : .warn
        for (index, unitId) in report.participatingUnitIds.enumerated() {
            guard let unit = context.reference.unit(unitId), unit.pptOfficeId.isEmpty,
                let owner = context.reference.owner(unit.ownerId),
                owner.ownerType == .privateKindergarten || owner.ownerType == .privateSchool
            else { continue }
            findings.report(
                id,
                as: kind,
                field: "participating_unit_ids[\(index)]",
                "every participating private unit must be affiliated with a PPT office"
            )
        }
        return findings
    }
}
