import Foundation

/// PART-R6: an abort needs a reason and a notice to the statsforvalter (`abortNotifiedAt`). An abort
/// found later without notice emits `MeasureAborted{notifiedInTime: false}` and leads to a reclaim (ALLOC-R16).
public enum AbortNoticeRule: DomainRule {
    public static let id: RuleID = "PART-R6"
    public static let severity: RuleSeverity = .hard

    /// `notifiedAt` is the notice instant (0 = the notice is sent through KSI now, at `nowMillis`).
    public static func check(reason: String, notifiedAt: Int64, nowMillis: Int64) -> Findings {
        var findings = Findings()
        if reason.trimmingCharacters(in: .whitespaces).isEmpty {
            findings.reject(id, field: "abort_reason", "an abort states its reason in the notice to the statsforvalter")
        }
        if notifiedAt < 0 || notifiedAt > nowMillis {
            findings.reject(
                id,
                field: "abort_notified_at",
                "the notice to the statsforvalter must already have been given"
            )
        }
        return findings
    }

    /// An unannounced abort is recorded with its reason and the date it was found.
    public static func checkUnannounced(reason: String, discoveredOn: LocalDate?, today: LocalDate) -> Findings {
        var findings = Findings()
        if reason.trimmingCharacters(in: .whitespaces).isEmpty {
            findings.reject(
                id,
                field: "abort_reason",
                "an unannounced abort is recorded with what is known of its reason"
            )
        }
        if let discoveredOn, discoveredOn > today {
            findings.reject(id, field: "discovered_on", "an abort cannot be discovered in the future")
        }
        return findings
    }
}
