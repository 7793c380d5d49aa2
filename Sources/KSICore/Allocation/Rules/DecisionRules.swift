/// ALLOC-R10: each line is decided approved, partiallyApproved or rejected; partiallyApproved and rejected
/// need a reason and a text; the approved amount fits the outcome.
struct DecisionReasonRule: DomainRule {
    static let id: RuleID = "ALLOC-R10"
    static let severity: RuleSeverity = .hard

    static func check(_ input: GrantDecisionInput, lineAmountOre: Int64) -> Findings {
        var findings = Findings()
        switch input.outcome {
        case .unspecified:
            findings.reject(
                id,
                field: "decision.outcome",
                "the decision must be approved, partially approved or rejected"
            )
        case .approved:
            if input.approvedAmountOre != lineAmountOre {
                findings.reject(
                    id,
                    field: "decision.approved_amount_ore",
                    "an approved line is granted the recommended amount"
                )
            }
        case .partiallyApproved:
            if input.approvedAmountOre <= 0 || input.approvedAmountOre >= lineAmountOre {
                findings.reject(
                    id,
                    field: "decision.approved_amount_ore",
                    "a partial approval grants more than zero and less than the recommended amount"
                )
            }
        case .rejected:
            if input.approvedAmountOre != 0 {
                findings.reject(id, field: "decision.approved_amount_ore", "a rejected line is granted nothing")
            }
        }
        if input.outcome == .partiallyApproved || input.outcome == .rejected {
            if input.reason == .unspecified {
                findings.reject(id, field: "decision.reason", "a partial approval or rejection needs a reason")
            }
            if input.reasonText.allocationTrimmed.isEmpty {
                findings.reject(
                    id,
                    field: "decision.reason_text",
                    "a partial approval or rejection needs an explaining text"
                )
            }
        }
        WholeKronerRule.check(input.approvedAmountOre, field: "decision.approved_amount_ore", into: &findings)
        return findings
    }
}

/// ALLOC-R11: four eyes: the signer is a person other than the preparer and holds sfDecisionMaker.
/// Both persons are `Caller.personId` values (the authenticated persons), never a request field
/// (AUTH-R2); a signer without a person is refused.
struct FourEyesRule: DomainRule {
    static let id: RuleID = "ALLOC-R11"
    static let severity: RuleSeverity = .hard

    static func check(signer: Caller, signerPerson: String?, governorOfficeId: String, preparedBy: String) -> Findings {
        var findings = Findings()
        if !signer.has(.sfDecisionMaker, scope: governorOfficeId) {
            findings.reject(id, field: "signed_by", "the signer must hold the decision-maker role of the embete")
        }
        guard let person = signerPerson, !person.isEmpty else {
            findings.reject(id, field: "acting_person_id", "the decision must be signed by an authenticated person")
            return findings
        }
        if person == preparedBy {
            findings.reject(
                id,
                field: "signed_by",
                "the decision must be signed by someone other than the person who prepared it"
            )
        }
        return findings
    }
}
