import Testing

@testable import KSICore

/// `Findings`, the one way a broken rule is reported (issue 16): HARD findings throw together, WARNs are
/// returned for storing, a single finding throws the same error, and a shared check's error merges in.
@Suite("Findings (issue 16)")
struct FindingsTests {
    @Test("HARD findings throw once with every violation in order; WARNs are returned; POLICY goes as configured")
    func rejectWarnReport() throws {
        var findings = Findings()
        findings.reject(UhPartnerRule.id, field: "uh_partner_ids", "a report needs at least one UH partner")
        findings.warn(PlanReferenceRule.id, field: "owner_plan_reference", "name the owner's plan")
        findings.report(PptInvolvementRule.id, as: .warn, field: "ppt_involvement", "invite PPT")
        findings.report(AssessmentBasisRule.id, as: .hard, field: "assessment_ids", "link an assessment")
        #expect(findings.violations.map(\.rule.value) == ["NEED-R2", "NEED-R1"])
        #expect(findings.warnings.map(\.ruleId) == ["NEED-R14", "NEED-R3"])
        #expect(findings.mentions(PptInvolvementRule.id) && !findings.mentions(SpecificThemeRule.id))
        #expect(throws: DomainError.violations(findings.violations)) { try findings.throwIfViolated() }
        var warningsOnly = Findings()
        warningsOnly.warn(PlanReferenceRule.id, field: "owner_plan_reference", "name the owner's plan")
        #expect(try warningsOnly.throwIfViolated().map(\.message) == ["name the owner's plan"])
    }

    @Test("a single rejection is the error throwIfViolated throws for it, with the rule, field and sentence")
    func rejection() {
        let error = Findings.rejection(.wholeKroner, field: "amount_ore", "amounts must be whole kroner")
        var findings = Findings()
        findings.reject(.wholeKroner, field: "amount_ore", "amounts must be whole kroner")
        #expect(throws: error) { try findings.throwIfViolated() }
        #expect(error.code == .ruleViolation)
        #expect(error.message == "the request breaks a rule (COM-R2)")
        #expect(
            error.violations == [
                RuleViolation(field: "amount_ore", rule: "COM-R2", message: "amounts must be whole kroner")
            ]
        )
    }

    @Test("a shared check's error merges its violations after the findings already made (LIM-R2 after COM-INPUT)")
    func mergeError() {
        var findings = Findings()
        findings.reject(.malformedInput, field: "scheme", "the scheme must be set")
        findings.merge(Money.outOfBound(field: "frame_ore"))
        #expect(findings.violations.map(\.field) == ["scheme", "frame_ore"])
        #expect(findings.violations.map(\.rule.value) == ["COM-INPUT", "LIM-R2"])
        #expect(findings.violations.last?.message == "an amount must be between 0 and 10 000 000 000 kr")
    }
}
