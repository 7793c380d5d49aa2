/// REF-R2: for a newly discovered severe sensory loss or an acquired brain injury Statped may open a
/// case without an application; it must then inform the responsible PPT office (`pptNotifiedAt`)
/// before the case goes into service.
public enum ExceptionPathRule: DomainRule {
    public static let id: RuleID = "REF-R2"
    public static let severity: RuleSeverity = .hard

    /// At opening: a cause is given.
    static func checkOpening(cause: ExceptionCause) -> Findings {
        var findings = Findings()
        if cause == .unspecified {
            findings.reject(
                id,
                field: "exception_cause",
                "a case opened without an application needs a cause: a newly discovered severe sensory loss or an acquired brain injury"
            )
        }
        return findings
    }

    /// Before `inService`: the PPT office was informed.
    static func checkBeforeService(_ referral: Referral) -> Findings {
        var findings = Findings()
        if referral.kind == .exceptionOpenedByStatped && referral.pptNotifiedAt == 0 {
            findings.reject(
                id,
                field: "ppt_notified_at",
                "Statped must inform the responsible PPT office before the service starts"
            )
        }
        return findings
    }
}
