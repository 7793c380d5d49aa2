/// PART-R12: `ownerContact`, `uhContact` and `coordinator` are filled. WARN when one is vacant for more
/// than 30 days, or is filled without a deputy.
public enum RequiredRolesRule: DomainRule {
    public static let id: RuleID = "PART-R12"
    public static let severity: RuleSeverity = .warn
    /// The roles a partnership must have filled.
    public static let required: [PartnershipRole] = [.ownerContact, .uhContact, .coordinator]
    /// How long a required role may be vacant before the warning.
    public static let graceDays: Int64 = 30

    /// The assignment of `role` in force on `date`, if any.
    public static func holder(
        of role: PartnershipRole,
        in roles: [RoleAssignment],
        on date: LocalDate
    ) -> RoleAssignment? {
        roles.last { assignment in
            assignment.role == role && (assignment.from.map { $0 <= date } ?? true)
                && (assignment.to.map { date <= $0 } ?? true)
        }
    }

    /// `since` is when the partnership began needing its roles (its creation date).
    public static func check(roles: [RoleAssignment], since: LocalDate, today: LocalDate) -> Findings {
        var findings = Findings()
        for role in required {
            if let holder = holder(of: role, in: roles, on: today) {
                if holder.deputyPersonId.isEmpty {
                    findings.warn(id, field: "roles.\(role.name)", "the \(role.name) role has no deputy")
                }
                continue
            }
            let ended = roles.filter { $0.role == role }.compactMap(\.to).filter { $0 < today }.max()
            let vacantSince = max(ended ?? since, since)
            if vacantSince.days(until: today) > graceDays {
                findings.warn(
                    id,
                    field: "roles.\(role.name)",
                    "the \(role.name) role has been vacant for more than \(graceDays) days"
                )
            }
        }
        return findings
    }
}
