/// REF-R7: triage records a decision; a decline needs a `DeclineReason` and a suggestion of where to
/// go instead (PPT, UH or a KSI measure); a return for completion needs a reason. WARN when an
/// accepted referral names a subject area outside Statped's mandate.
public enum TriageDecisionRule: DomainRule {
    public static let id: RuleID = "REF-R7"
    public static let severity: RuleSeverity = .hard

    static func checkDecline(reason: DeclineReason, redirect: TriageRedirect?) -> Findings {
        var findings = Findings()
        if reason == .unspecified {
            findings.reject(id, field: "decline_reason", "a declined referral needs a reason for the decline")
        }
        if (redirect?.target ?? .unspecified) == .unspecified {
            findings.reject(
                id,
                field: "redirect.target",
                "a declined referral needs a suggestion of where to go instead"
            )
        } else if redirect?.target == .other && (redirect?.note ?? "").isEmpty {
            findings.reject(id, field: "redirect.note", "a suggestion of another kind needs a note saying where")
        }
        return findings
    }

    static func checkReturn(reason: String) -> Findings {
        var findings = Findings()
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            findings.reject(id, field: "reason", "a referral returned for completion needs a reason")
        }
        return findings
    }

    static func checkAccept(_ referral: Referral, reference: ReferenceData, on date: LocalDate) -> Findings {
        var findings = Findings()
        for area in referral.subjectAreas {
            let info = reference.set.statpedSubjectAreas.last {
                $0.subjectArea == area && ReferenceData.inForce($0.validFrom, $0.validTo, on: date)
            }
            if let info, !info.inMandate {
                findings.warn(id, field: "subject_areas", "the subject area \(area.name) is outside Statped's mandate")
            }
        }
        return findings
    }
}
