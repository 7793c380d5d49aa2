/// The common rules of DOMAIN.md §4 (COM-R*) and the pseudo-rule of malformed input: each id declared once.
extension RuleID {
    /// COM-INPUT: malformed input that no domain rule names (protos/README.md). An error that breaks only this
    /// one is plain INVALID_ARGUMENT (HTTP 400), not a rule violation, on gRPC and HTTPS alike.
    public static let malformedInput: RuleID = "COM-INPUT"
    /// COM-R2: requested, recommended, decided, committed and disbursed amounts are whole kroner.
    public static let wholeKroner: RuleID = "COM-R2"
    /// COM-R3: splits are done in basis points, the remainder to the last party.
    public static let basisPointSplit: RuleID = "COM-R3"
    /// COM-R5: configuration is resolved embete × year × scheme → scheme × year → built-in, frozen per round.
    public static let policyResolution: RuleID = "COM-R5"
    /// COM-R6: reference data is effective-dated.
    public static let effectiveDated: RuleID = "COM-R6"
    /// COM-R7: every report, line, grant, measure and partnership report carries exactly one scheme.
    public static let oneScheme: RuleID = "COM-R7"
}
