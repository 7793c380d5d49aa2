/// ALLOC-R18 (forum side): in SKK mode the forum is consulted and the statsforvalter writes the recommendation;
/// Statped, KS and PBL are not fixed members, so they may have speaking rights but no vote.
///
/// POLICY: HARD or WARN as the embete configures it; the built-in kind is WARN, because the forum is only
/// consulted in SKK mode. The author side is checked when a recommendation is created.
public enum SkkForumMembershipRule: DomainRule {
    public static let id: RuleID = "ALLOC-R18"
    public static let severity: RuleSeverity = .policy
    /// The kind without an override in the embete's configuration.
    public static let defaultKind: RuleKind = .warn
    /// The organisations that are not fixed members in SKK mode.
    public static let optionalKinds: Set<OrganisationKind> = [.statped, .ks, .pbl]

    /// Findings for members with a vote from Statped, KS or PBL, when the forum serves a scheme in SKK mode.
    public static func check(
        members: [ForumMember],
        skkMode: Bool,
        kind: RuleKind = defaultKind,
        on date: LocalDate?,
        field: String = "content.members"
    ) -> Findings {
        var findings = Findings()
        guard skkMode else { return findings }
        for (index, member) in members.enumerated()
        where optionalKinds.contains(member.organisationKind) && member.hasVote
            && ForumCompositionRule.inForce(member, on: date)
        {
            findings.report(
                id,
                as: kind,
                field: "\(field)[\(index)].has_vote",
                "in SKK mode Statped, KS and PBL are not fixed members of the forum; they may have speaking rights but no vote"
            )
        }
        return findings
    }
}
