/// The request bounds of docs/security.md (LIM-R*): each id declared once.
extension RuleID {
    /// LIM-R1: the decode memory budget of the wire bridge (gRPC RESOURCE_EXHAUSTED).
    public static let decodeBudget: RuleID = "LIM-R1"
    /// LIM-R2: money inputs 0 … 10 000 000 000 kr; sums and products with checked arithmetic.
    public static let moneyBound: RuleID = "LIM-R2"
    /// LIM-R3: calendar-valid dates.
    public static let calendarDate: RuleID = "LIM-R3"
    /// LIM-R4: a `request_id` on every write.
    public static let requestIdRequired: RuleID = "LIM-R4"
    /// LIM-R5: string and bytes lengths.
    public static let textLength: RuleID = "LIM-R5"
    /// LIM-R6: repeated-field counts.
    public static let repeatedCount: RuleID = "LIM-R6"
    /// LIM-R7: paging (default 50, maximum 500, opaque tokens).
    public static let paging: RuleID = "LIM-R7"
    /// LIM-R8: the HTTP request body size (413).
    public static let bodySize: RuleID = "LIM-R8"
}
