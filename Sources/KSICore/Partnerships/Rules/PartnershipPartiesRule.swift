/// PART-R1: the parties are at least one owner and at least one UH institution, all known to the registers.
///
/// Ids that are third-party providers (Statped, SEAD) are left to `ThirdPartyProviderRule` (PART-R2).
public enum PartnershipPartiesRule: DomainRule {
    public static let id: RuleID = "PART-R1"
    public static let severity: RuleSeverity = .hard

    /// What the rule (described above) finds for these inputs: rejections for HARD findings, warnings for WARN.
    public static func check(ownerIds: [String], uhInstitutionIds: [String], reference: ReferenceData) -> Findings {
        var findings = Findings()
        if ownerIds.isEmpty {
            findings.reject(id, field: "content.owner_ids", "a partnership needs at least one owner as a party")
        }
        if uhInstitutionIds.isEmpty {
            findings.reject(
                id,
                field: "content.uh_institution_ids",
                "a partnership needs at least one UH institution as a party"
            )
        }
        for (index, ownerId) in ownerIds.enumerated()
        where reference.owner(ownerId) == nil
            && !ThirdPartyProviderRule.isThirdPartyProvider(ownerId, reference: reference)
        {
            findings.reject(
                id,
                field: "content.owner_ids[\(index)]",
                "each owner must be in the owner register; \(ownerId) is not"
            )
        }
        for (index, uhId) in uhInstitutionIds.enumerated()
        where reference.uhInstitution(uhId) == nil
            && !ThirdPartyProviderRule.isThirdPartyProvider(uhId, reference: reference)
        {
            findings.reject(
                id,
                field: "content.uh_institution_ids[\(index)]",
                "each UH institution must be in the UH register; \(uhId) is not"
            )
        }
        if Set(ownerIds).count != ownerIds.count || Set(uhInstitutionIds).count != uhInstitutionIds.count {
            findings.reject(id, field: "content", "each party is listed once")
        }
        return findings
    }
}
