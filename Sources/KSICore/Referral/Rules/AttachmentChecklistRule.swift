/// REF-R5: the documents "where they exist" (expert assessment, individual decision, IOP/IUP,
/// individual plan, pedagogical report; an audiogram for hearing or deafblindness; a vision
/// assessment for vision or deafblindness) are each marked attached or "does not exist". WARN.
public enum AttachmentChecklistRule: DomainRule {
    public static let id: RuleID = "REF-R5"
    public static let severity: RuleSeverity = .warn

    /// The checklist kinds for a referral's subject areas.
    static func requiredKinds(_ areas: [StatpedSubjectArea]) -> [AttachmentKind] {
        var kinds: [AttachmentKind] = [
            .expertAssessment, .individualDecision, .individualEducationPlan, .individualPlan, .pedagogicalReport,
        ]
        if areas.contains(.hearing) || areas.contains(.deafblindness) { kinds.append(.audiogram) }
        if areas.contains(.vision) || areas.contains(.deafblindness) { kinds.append(.visionAssessment) }
        return kinds
    }

    static func check(_ referral: Referral) -> Findings {
        var findings = Findings()
        for kind in requiredKinds(referral.subjectAreas) {
            let attached = referral.attachments.contains { $0.kind == kind }
            let marked = referral.attachmentChecklist.last { $0.kind == kind }?.availability ?? .unspecified
            switch (attached, marked) {
            case (true, _), (false, .doesNotExist): continue
            case (false, .attached):
                findings.warn(
                    id,
                    field: "attachment_checklist",
                    "the \(kind.name) document is marked attached, but none is attached"
                )
            default:
                findings.warn(
                    id,
                    field: "attachment_checklist",
                    "mark the \(kind.name) document as attached or as not existing"
                )
            }
        }
        return findings
    }
}
