/// The idempotency and identity rules of docs/security.md (IDEM-R*, ID-R*): each id declared once.
extension RuleID {
    /// IDEM-R1: a reused `request_id` replays only the same request; a different one is ALREADY_EXISTS.
    public static let idempotentReplay: RuleID = "IDEM-R1"
    /// IDEM-R2: idempotency records expire after the retention period.
    public static let idempotencyExpiry: RuleID = "IDEM-R2"
    /// ID-R1: synthetic (Tenor) national identity numbers only in a test environment.
    public static let syntheticIdentity: RuleID = "ID-R1"
    /// ID-R2: a request field the contract says holds a server-assigned UUID holds one.
    public static let serverAssignedId: RuleID = "ID-R2"
}
