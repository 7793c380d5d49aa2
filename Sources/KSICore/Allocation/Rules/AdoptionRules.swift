/// ALLOC-R14: the recommendation is due by `recommendationDeadline` (default 15 March of Y); WARN if late
/// (POLICY: an override may make it HARD).
struct RecommendationDeadlineRule: DomainRule {
    static let id: RuleID = "ALLOC-R14"
    static let severity: RuleSeverity = .policy

    static func check(today: LocalDate, year: Int32, config: PolicyConfig) -> Findings {
        var findings = Findings()
        let deadline = config.governor.recommendationDeadline ?? LocalDate(year: year, month: 3, day: 15)
        if today > deadline {
            findings.report(
                id,
                as: config.kind(of: id, default: .warn),
                field: "submitted_at",
                "the recommendation was due by \(deadline) and is submitted \(deadline.days(until: today)) days late"
            )
        }
        return findings
    }
}

/// ALLOC-R18: in SKK mode the statsforvalter writes the recommendation (author governor) and the forum is
/// consulted; outside SKK mode the author is the forum (POLICY, from `skkMode` and `recommendationAuthor`).
struct SkkAuthorRule: DomainRule {
    static let id: RuleID = SkkForumMembershipRule.id
    static let severity: RuleSeverity = .policy

    /// The author the policy expects: governor in SKK mode, else the configured author (default forum).
    static func expectedAuthor(_ config: PolicyConfig) -> RecommendationAuthor {
        if config.schemeYear.skkMode { return .governor }
        return config.governor.recommendationAuthor == .unspecified ? .forum : config.governor.recommendationAuthor
    }

    static func check(author: RecommendationAuthor, config: PolicyConfig) -> Findings {
        var findings = Findings()
        let expected = expectedAuthor(config)
        if author != expected {
            findings.report(
                id,
                as: config.kind(of: id, default: .hard),
                field: "author",
                expected == .governor
                    ? "in SKK mode the statsforvalter writes the recommendation and the forum is consulted"
                    : "outside SKK mode the forum writes the recommendation"
            )
        }
        return findings
    }
}

/// ALLOC-R21: for ksi, WARN if no PPT or Statped input (a membership or a recorded comment) is recorded
/// for the round.
public struct PptStatpedInputRule: DomainRule {
    public static let id: RuleID = "ALLOC-R21"
    public static let severity: RuleSeverity = .warn

    static func check(scheme: Scheme, forumMembers: [ForumMember], acknowledgedRuleIds: [String]) -> Findings {
        var findings = Findings()
        guard scheme == .ksi else { return findings }
        let hasInput = forumMembers.contains { $0.organisationKind == .ppt || $0.organisationKind == .statped }
        if !hasInput {
            findings.warn(id, field: "forum_id", "no PPT or Statped input is recorded for this round")
        }
        return findings
    }
}

/// ALLOC-R22: a forum member whose organisation receives money on a line is listed in the line's
/// `conflictOfInterestMemberIds` and recorded as abstaining (WARN).
public struct ConflictOfInterestRule: DomainRule {
    public static let id: RuleID = "ALLOC-R22"
    public static let severity: RuleSeverity = .warn

    static func check(lines: [RecommendationLine], forumMembers: [ForumMember]) -> Findings {
        var findings = Findings()
        for (index, line) in lines.enumerated() {
            let receiving = Set([line.recipientOrgId, line.uhRecipientOrgId].filter { !$0.isEmpty })
            let conflicted = forumMembers.filter { receiving.contains($0.orgId) && !$0.personId.isEmpty }
            for member in conflicted where !line.conflictOfInterestMemberIds.contains(member.personId) {
                findings.warn(
                    id,
                    field: "lines[\(index)].conflict_of_interest_member_ids",
                    "a forum member's organisation receives money on this line; the member must be listed as abstaining"
                )
            }
        }
        return findings
    }
}

/// ALLOC-R20 and ALLOC-R22 at adoption: their warnings must be acknowledged by the caseworker who records
/// the forum decision.
struct AcknowledgementRule: DomainRule {
    static let id: RuleID = ForumCompositionRule.id
    static let severity: RuleSeverity = .warn
    static let acknowledgeable: Set<String> = [ForumCompositionRule.id.value, ConflictOfInterestRule.id.value]

    static func check(warnings: [RuleWarning], acknowledged: [String]) -> Findings {
        var findings = Findings()
        let open = Set(warnings.map(\.ruleId)).intersection(acknowledgeable).subtracting(acknowledged)
        for rule in open.sorted() {
            findings.reject(
                RuleID(stringLiteral: rule),
                field: "acknowledged_rule_ids",
                "the warnings of \(rule) must be acknowledged before the recommendation is adopted"
            )
        }
        return findings
    }
}
