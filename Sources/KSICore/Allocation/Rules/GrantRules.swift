/// ALLOC-R12: if `coFinancingBp` > 0, the pledge before acceptance is at least
/// `ceil(base × coFinancingBp / 10 000)`; base per `coFinancingBase` (default the owner's own grant).
/// A documented shortfall is a WARN; the statsforvalter decides whether to reclaim.
struct CoFinancingRule: DomainRule {
    static let id: RuleID = "ALLOC-R12"
    static let severity: RuleSeverity = .hard

    static func requiredOre(ownerGrantOre: Int64, totalGrantOre: Int64, bp: Int32, base: CoFinancingBase) -> Int64 {
        guard bp > 0 else { return 0 }
        let baseOre = base == .totalGrant ? totalGrantOre : ownerGrantOre
        return Money.multiplyDivideRoundingUp(baseOre, Int64(bp), Int64(BasisPoints.whole))
    }

    static func checkAcceptance(_ pledge: CoFinancingPledge?) -> Findings {
        var findings = Findings()
        guard let pledge, pledge.requiredOre > 0 else { return findings }
        if pledge.pledgedOre < pledge.requiredOre {
            findings.reject(
                id,
                field: "co_financing_pledge.pledged_ore",
                "the grant needs a co-financing pledge of at least \(pledge.requiredOre) øre before acceptance; \(pledge.pledgedOre) øre is pledged"
            )
        }
        return findings
    }

    static func checkDocumented(_ pledge: CoFinancingPledge) -> Findings {
        var findings = Findings()
        if pledge.documentedOre < pledge.requiredOre {
            findings.warn(
                id,
                field: "documented_ore",
                "the documented co-financing is \(Money.saturatingSubtract(pledge.requiredOre, pledge.documentedOre)) øre short of the requirement"
            )
        }
        return findings
    }
}

/// ALLOC-R15: a report more than 30 days past `reportDueOn` blocks new disbursements to that recipient
/// (POLICY, HARD unless configured as WARN).
struct OverdueReportBlocksDisbursementRule: DomainRule {
    static let id: RuleID = "ALLOC-R15"
    static let severity: RuleSeverity = .policy
    static let graceDays: Int64 = 30

    static func check(recipientGrants: [Grant], today: LocalDate, kind: RuleKind) -> Findings {
        var findings = Findings()
        let late = recipientGrants.filter { grant in
            guard grant.status == .disbursed || grant.status == .reportDue, let due = grant.reportDueOn else {
                return false
            }
            return due.days(until: today) > graceDays
        }
        if !late.isEmpty {
            findings.report(
                id,
                as: kind,
                field: "grant_id",
                "the recipient has a report more than \(graceDays) days late, which blocks new disbursements"
            )
        }
        return findings
    }
}

/// ALLOC-R16: a reclaim amount is max(0, disbursed − documented eligible spend); the recipient may comment
/// first (21 days, PD).
struct ReclaimAmountRule: DomainRule {
    static let id: RuleID = "ALLOC-R16"
    static let severity: RuleSeverity = .hard
    static let commentDays: Int64 = 21

    static func amount(disbursedOre: Int64, documentedEligibleSpendOre: Int64) -> Int64 {
        max(0, Money.saturatingSubtract(disbursedOre, documentedEligibleSpendOre))
    }

    static func checkDecision(_ reclaim: ReclaimCase, amountOre: Int64, today: LocalDate) -> Findings {
        var findings = Findings()
        if amountOre > reclaim.amountOre {
            findings.reject(
                id,
                field: "amount_ore",
                "the reclaim cannot exceed disbursed minus documented eligible spend (\(reclaim.amountOre) øre)"
            )
        }
        if reclaim.commentedAt == 0, let due = reclaim.commentDueOn, today <= due {
            findings.reject(
                id,
                field: "reclaim_case_id",
                "the recipient may comment until \(due) before the reclaim is decided"
            )
        }
        WholeKronerRule.check(amountOre, field: "amount_ore", into: &findings)
        return findings
    }
}

/// ALLOC-R17: an appeal is lodged within `appealDeadlineDays` (default 21) of the decision (POLICY).
struct AppealDeadlineRule: DomainRule {
    static let id: RuleID = "ALLOC-R17"
    static let severity: RuleSeverity = .policy

    static func deadline(decidedOn: LocalDate, config: PolicyConfig) -> LocalDate {
        let days = config.governor.appealDeadlineDays > 0 ? config.governor.appealDeadlineDays : 21
        return decidedOn.adding(days: Int64(days))
    }

    static func check(lodgedOn: LocalDate, deadline: LocalDate, config: PolicyConfig) -> Findings {
        var findings = Findings()
        if lodgedOn > deadline {
            findings.report(
                id,
                as: config.kind(of: id, default: .hard),
                field: "lodged_on",
                "the appeal deadline was \(deadline); this appeal is lodged after it"
            )
        }
        return findings
    }
}

/// ALLOC-R23: when `publishTransparencyPage` is on, signed decisions (and report titles and contact roles,
/// V10) are public; otherwise the public sees nothing of the embete's decisions.
struct TransparencyRule: DomainRule {
    static let id: RuleID = "ALLOC-R23"
    static let severity: RuleSeverity = .policy

    static func publishes(_ config: PolicyConfig) -> Bool { config.governor.publishTransparencyPage }

    /// Whether a public reader may see this decision.
    static func mayPublish(_ decision: GrantDecision, config: PolicyConfig) -> Bool {
        publishes(config) && decision.status == .signed
    }
}
