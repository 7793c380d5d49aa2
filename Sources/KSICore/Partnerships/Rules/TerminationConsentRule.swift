/// PART-R5: a termination needs the recorded consent of both parties, or a decision by the embete's
/// caseworker after mediation (a conflict case of this partnership concluded with termination).
/// POLICY, default HARD; remaining funds and hours are reported.
public enum TerminationConsentRule: DomainRule {
    public static let id: RuleID = "PART-R5"
    public static let severity: RuleSeverity = .policy

    /// `confirmer` is the confirming caller's category; `confirmerIsRequester` says whether the confirming
    /// organisation is the one that asked to terminate; `requesterSides` are the parties the requester acted for;
    /// `conflictCase` is the case named in the request, when any.
    public static func check(
        confirmer: PartnershipActor,
        confirmerSides: Set<PartnershipActor>,
        confirmerIsRequester: Bool,
        requesterSides: Set<PartnershipActor>,
        conflictCase: ConflictCase?,
        partnershipId: String,
        remainingFundsOre: Int64,
        remainingUhHours: Int32,
        config: PolicyConfig
    ) -> Findings {
        var findings = Findings()
        let kind = config.kind(of: id, default: .hard)
        if confirmer == .sfCaseworker {
            let mediated =
                conflictCase.map { $0.partnershipId == partnershipId && $0.status == .leadsToTermination } ?? false
            if !mediated {
                findings.report(
                    id,
                    as: kind,
                    field: "conflict_case_id",
                    "the embete can end a partnership only after mediation has concluded that it leads to termination"
                )
            }
        } else {
            let parties: Set<PartnershipActor> = [.ownerAdmin, .uhContact]
            let otherSide = !confirmerSides.intersection(parties).subtracting(requesterSides).isEmpty
            if confirmerIsRequester || !otherSide {
                findings.report(
                    id,
                    as: kind,
                    field: "partnership_id",
                    "a termination needs the consent of the other party; the party that asked for it cannot confirm it"
                )
            }
        }
        if remainingFundsOre < 0 || !Money.isWholeKroner(remainingFundsOre) {
            findings.reject(
                .wholeKroner,
                field: "remaining_funds_ore",
                "remaining funds are reported in whole kroner and are not negative"
            )
        }
        if remainingUhHours < 0 {
            findings.reject(id, field: "remaining_uh_hours", "remaining UH hours cannot be negative")
        }
        return findings
    }
}
