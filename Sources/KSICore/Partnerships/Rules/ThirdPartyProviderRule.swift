/// PART-R2: Statped, SEAD and competence centres are third parties, not signatories, and are paid from
/// the UH share. The exception is Statped as a direct partner of a kommune, approved by the forum
/// (`forumApprovedDirectStatped`): then the owner may request Statped directly, outside the UH share.
public enum ThirdPartyProviderRule: DomainRule {
    public static let id: RuleID = "PART-R2"
    public static let severity: RuleSeverity = .hard

    /// Whether an id names a Statped organisation (Statped, its locations or divisions, SEAD) in the registry.
    public static func isThirdPartyProvider(_ id: String, reference: ReferenceData) -> Bool {
        let statpedKinds: Set<OrganisationRecordKind> = [.statped, .statpedLocation, .statpedDivision]
        return reference.set.organisations.contains { organisation in
            (organisation.recordId == id || organisation.id == id)
                && (organisation.kind == .statped || statpedKinds.contains(organisation.recordKind))
        }
    }

    /// No third-party provider signs as an owner or a UH institution.
    public static func checkParties(
        ownerIds: [String],
        uhInstitutionIds: [String],
        reference: ReferenceData
    ) -> Findings {
        var findings = Findings()
        for (field, ids) in [("content.owner_ids", ownerIds), ("content.uh_institution_ids", uhInstitutionIds)] {
            for (index, partyId) in ids.enumerated() where isThirdPartyProvider(partyId, reference: reference) {
                findings.reject(
                    id,
                    field: "\(field)[\(index)]",
                    "Statped, SEAD and competence centres take part as third parties paid by UH, not as signing parties"
                )
            }
        }
        return findings
    }

    /// Third-party expertise in a budget is paid by UH, unless the forum approved Statped as a direct partner.
    public static func checkBudgetLines(_ lines: [BudgetLine], field: String, directStatpedApproved: Bool) -> Findings {
        var findings = Findings()
        guard !directStatpedApproved else { return findings }
        for (index, line) in lines.enumerated() where line.category == .thirdPartyExpertise && line.payer != .uh {
            findings.reject(id, field: "\(field)[\(index)].payer", "third-party expertise is paid from the UH share")
        }
        return findings
    }

    /// Whether a request uses the direct-Statped exception: Statped, forum approval, and no requesting UH.
    public static func usesDirectException(
        provider: ThirdPartyProvider,
        requestedByUhId: String,
        partnership: Partnership
    ) -> Bool {
        provider == .statped && partnership.forumApprovedDirectStatped && requestedByUhId.isEmpty
    }

    /// A contribution is requested by one of the partnership's UH institutions and fits in the UH share
    /// left after the other agreed or requested contributions (`committedOre`).
    public static func checkContribution(
        provider: ThirdPartyProvider,
        requestedByUhId: String,
        amountOre: Int64,
        committedOre: Int64,
        partnership: Partnership
    ) -> Findings {
        var findings = Findings()
        if provider == .unspecified {
            findings.reject(id, field: "provider", "a third-party contribution names its provider")
        }
        if usesDirectException(provider: provider, requestedByUhId: requestedByUhId, partnership: partnership) {
            return findings
        }
        guard partnership.uhInstitutionIds.contains(requestedByUhId) else {
            findings.reject(
                id,
                field: "requested_by_uh_id",
                partnership.forumApprovedDirectStatped && provider == .statped
                    ? "a third-party contribution is requested by one of the partnership's UH institutions, or by the owner for Statped as direct partner"
                    : "a third-party contribution is requested by one of the partnership's UH institutions; only the forum can approve Statped as a direct partner"
            )
            return findings
        }
        guard
            let uhShare = findings.sum(
                partnership.grantLineShares,
                field: "partnership.grant_line_shares",
                of: \.uhAmountOre
            ),
            let asked = findings.sum([amountOre, committedOre], field: "amount_ore")
        else { return findings }  // LIM-R2
        if asked > uhShare {
            findings.reject(
                id,
                field: "amount_ore",
                "third parties are paid from the UH share: \(asked) øre asked for, \(uhShare) øre in the UH share"
            )
        }
        return findings
    }

    /// The direct-Statped exception is for a kommune: at least one owner is a municipality.
    public static func checkDirectApproval(
        partnership: Partnership,
        approved: Bool,
        directStatpedOrgId: String,
        reference: ReferenceData
    ) -> Findings {
        var findings = Findings()
        guard approved else { return findings }
        if !partnership.ownerIds.contains(where: { reference.owner($0)?.ownerType == .municipality }) {
            findings.reject(
                id,
                field: "forum_approved_direct_statped",
                "Statped can only be a direct partner of a kommune"
            )
        }
        if directStatpedOrgId.isEmpty {
            findings.reject(
                id,
                field: "direct_statped_org_id",
                "the approval names the Statped unit that becomes a direct partner"
            )
        }
        return findings
    }
}
