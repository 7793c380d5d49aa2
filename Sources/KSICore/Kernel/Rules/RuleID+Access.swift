/// The authentication and authorisation rules of docs/security.md (AUTH-R*) and the privacy rules of
/// DOMAIN.md §7 (PRIV-R*) that code names: each id declared once.
extension RuleID {
    /// AUTH-R1: a person is authenticated only by a verified token naming a registered person.
    public static let verifiedToken: RuleID = "AUTH-R1"
    /// AUTH-R2: the acting person is the authenticated caller's person; a request field may only repeat it.
    public static let actingPerson: RuleID = "AUTH-R2"
    /// AUTH-R3: child data needs a person authenticated at a high enough assurance level.
    public static let assuranceLevel: RuleID = "AUTH-R3"
    /// AUTH-R4: a person acts only in role grants the person also holds through a `PersonRole`.
    public static let personRole: RuleID = "AUTH-R4"
    /// AUTH-R5: an operation is open only to the roles its access policy names.
    public static let operationRole: RuleID = "AUTH-R5"
    /// PRIV-R6: data subject requests go through PPT or Statped.
    public static let dataSubjectRequest: RuleID = "PRIV-R6"
    /// PRIV-R8: every read of child data is logged.
    public static let childDataReadLog: RuleID = "PRIV-R8"
    /// PRIV-R9: consent records scope, giver, date and withdrawal.
    public static let consent: RuleID = "PRIV-R9"
    /// PRIV-R10: closed referrals are deleted after the retention period.
    public static let referralRetention: RuleID = "PRIV-R10"
}
