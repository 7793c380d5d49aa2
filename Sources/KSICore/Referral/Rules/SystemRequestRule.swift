/// REF-R15: a `system` request (competence building, free of charge) carries no child data; it has a
/// topic and may be linked to a third-party contribution. It is made by `ownerAdmin`, `pptLeader` or
/// `uhContact` of a known requesting organisation (PRIV-R11).
public enum SystemRequestRule: DomainRule {
    public static let id: RuleID = "REF-R15"
    public static let severity: RuleSeverity = .hard

    static func check(
        child: ChildInput?,
        content: ReferralDraftContent?,
        requestingOrgId: String,
        reference: ReferenceData
    ) -> Findings {
        var findings = Findings()
        if let child, child != ChildInput() {
            findings.reject(id, field: "child", "a system request carries no child data")
        }
        if let content, !content.guardians.isEmpty {
            findings.reject(id, field: "content.guardians", "a system request carries no guardians")
        }
        if (content?.topic ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            findings.reject(id, field: "content.topic", "a system request names its topic")
        }
        if reference.owner(requestingOrgId) == nil && reference.pptOffice(requestingOrgId) == nil
            && reference.uhInstitution(requestingOrgId) == nil
        {
            findings.reject(
                id,
                field: "requesting_org_id",
                "a system request names a known municipality, county, PPT office or UH institution"
            )
        }
        return findings
    }
}
