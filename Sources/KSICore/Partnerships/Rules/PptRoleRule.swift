/// PART-R8: a measure names PPT's role. `none` raises a WARN; an embete policy of
/// `participationRequiredAllMeasures` makes it HARD (POLICY). The role must be set before T1.
public enum PptRoleRule: DomainRule {
    public static let id: RuleID = "PART-R8"
    public static let severity: RuleSeverity = .policy

    /// `starting` is true at T1, when an unset role rejects the checkpoint.
    public static func check(
        _ role: PptRole,
        starting: Bool,
        config: PolicyConfig,
        field: String = "content.ppt_role"
    ) -> Findings {
        var findings = Findings()
        switch role {
        case .unspecified:
            if starting {
                findings.reject(id, field: "ppt_role", "PPT's role in the measure must be set before it starts")
            }
        case .none:
            let kind: RuleKind =
                config.governor.pptInvolvementRequirement == .participationRequiredAllMeasures
                ? .hard : config.kind(of: id, default: .warn)
            findings.report(id, as: kind, field: field, "PPT has no role in this measure")
        default:
            break
        }
        return findings
    }
}
